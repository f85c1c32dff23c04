// The website's entry point: the layout, the routes, and the router that joins them.
// To add a page: write it in pages/, add a route here, and (for a new header link) a section in
// layout.js.

import { createLayout } from './layout.js';
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
];

const root = document.getElementById('app');
if (root) {
  const layout = createLayout(root);
  const router = new Router({
    routes,
    fallback: { pattern: '*', page: notFoundPage },
    show: layout.show,
    setTitle: layout.setTitle,
  });
  router.start();
}
