// The website's entry point: the layout, the routes, and the router that joins them; and, before
// any page is shown, the end of a sign-in or sign-out that brought the browser back here.
// To add a page: write it in pages/, add a route here, and (for a new header link) a section in
// layout.js.

import { account } from './account.js';
import { createLayout } from './layout.js';
import { apiPage } from './pages/api.js';
import { catalogPage } from './pages/catalog.js';
import { dashboardPage } from './pages/dashboard.js';
import { notFoundPage } from './pages/not-found.js';
import { replayPage } from './pages/replay.js';
import { scenarioPage } from './pages/scenario.js';
import { sessionPage } from './pages/session.js';
import { Router } from './router.js';

/** @type {import('./router.js').Route[]} */
const routes = [
  { pattern: '/', page: catalogPage, section: 'scenarios' },
  { pattern: '/scenarios/:id', page: scenarioPage, section: 'scenarios' },
  { pattern: '/sessions/:id', page: sessionPage, section: 'dashboard', wide: true },
  { pattern: '/replays/:id', page: replayPage, section: 'dashboard' },
  { pattern: '/dashboard', page: dashboardPage, section: 'dashboard' },
  { pattern: '/api', page: apiPage, section: 'api' },
];

/**
 * Before the router reads the address: an answer from the provider (`/?code=…&state=…` or
 * `/?error=…`) is traded for tokens, and the address goes back to the route the user was on, with
 * a line saying how it went; a return from the provider's logout page says so too.
 * @param {ReturnType<typeof createLayout>} layout
 */
async function finishSignInOrOut(layout) {
  const query = new URLSearchParams(window.location.search);
  if (query.has('code') || query.has('error')) {
    layout.showSigningIn();
    const result = await account.completeSignIn(query);
    if (result) {
      window.history.replaceState(null, '', window.location.pathname + result.returnTo);
      const status = account.status();
      if (result.error) {
        layout.showMessage({ tone: 'error', text: result.error.message, view: 'sign-in-error' });
      } else if (status.kind === 'signed-in') {
        layout.showMessage({
          tone: 'ok',
          text: `Signed in as ${status.user.name}. Sessions played in this browser without signing in stay with it; they are not moved to your account.`,
          view: 'signed-in',
        });
      }
    }
    return;
  }
  const back = account.completeSignOut();
  if (back !== null) {
    if (!window.location.hash.startsWith('#/')) window.history.replaceState(null, '', window.location.pathname + back);
    layout.showMessage({
      tone: 'info',
      text: 'You have signed out. You can keep playing without an account; sessions played in this browser without signing in are on your dashboard again.',
      view: 'signed-out',
    });
  }
}

async function start(root) {
  const layout = createLayout(root);
  const router = new Router({
    routes,
    fallback: { pattern: '*', page: notFoundPage },
    show: layout.show,
    setTitle: layout.setTitle,
  });
  await finishSignInOrOut(layout);

  // Someone signed in or out (in another tab, or here without leaving): the page on screen showed
  // another caller's things, so it is built again.
  account.subscribe((now, before) => {
    const id = (status) => (status.kind === 'anonymous' ? '' : status.user.sub);
    if (id(now) !== id(before)) router.reload();
  });
  router.start();
}

const root = document.getElementById('app');
if (root) start(root);
