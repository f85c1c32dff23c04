// The frame around every page: a skip link, the header with the site's sections and who is signed
// in, a line for messages (signed in, signed out, why a sign-in failed), <main>, a footer.
// Sections are listed once here; a route names the section it belongs to.

import { account, signInFromHere, signOutFromHere } from './account.js';
import { h, icon, replaceChildren } from './dom.js';

const SITE = 'breakfix';

/** The header's links. */
const SECTIONS = [
  { id: 'scenarios', label: 'Scenarios', href: '#/' },
  { id: 'dashboard', label: 'Dashboard', href: '#/dashboard' },
  { id: 'api', label: 'API', href: '#/api' },
];

/**
 * @typedef {object} Message
 * @property {'info' | 'ok' | 'error'} tone
 * @property {string} text         our own sentence (never the provider's words)
 * @property {string} [view]       `data-view`, for tests
 */

/**
 * @param {HTMLElement} root
 */
export function createLayout(root) {
  const links = new Map(SECTIONS.map((section) => [section.id, h('a', { href: section.href }, section.label)]));
  const main = h('main', { id: 'main', tabindex: '-1' });
  const who = h('div', { class: 'account', 'data-view': 'account' });
  const messages = h('div', { class: 'site-messages' });

  replaceChildren(
    root,
    h('a', { class: 'skip-link', href: '#main', onclick: skipToMain }, 'Skip to content'),
    h(
      'header',
      { class: 'site-header' },
      h(
        'div',
        { class: 'site-header-inner' },
        h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '>_'), SITE),
        h('nav', { 'aria-label': 'Main' }, h('ul', {}, [...links.values()].map((link) => h('li', {}, link)))),
        who,
      ),
    ),
    messages,
    main,
    h(
      'footer',
      { class: 'site-footer' },
      h('div', { class: 'site-footer-inner' }, h('p', {}, `${SITE} — practise Linux troubleshooting on real, broken servers.`)),
    ),
  );

  /** The skip link must not change the hash (that would be a route), so it moves focus itself. */
  function skipToMain(event) {
    event.preventDefault();
    main.focus();
  }

  // ---- who is signed in --------------------------------------------------------------------

  /** Shows a failure to leave for the provider (or to sign out) as a message. */
  function failed(error) {
    const text = error instanceof Error && error.name === 'SignInError' ? error.message : 'Something went wrong in the website. Reload the page and try again.';
    showMessage({ tone: 'error', text, view: 'sign-in-error' });
  }

  function accountButton(label, action, onclick, secondary = true) {
    return h(
      'button',
      { type: 'button', class: `button button-small${secondary ? ' button-secondary' : ''}`, 'data-action': action, onclick },
      label,
    );
  }

  async function signIn(event) {
    event.currentTarget.disabled = true;
    const button = event.currentTarget;
    try {
      await signInFromHere();
    } catch (error) {
      button.disabled = false;
      failed(error);
    }
  }

  async function signOut(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const leaving = await signOutFromHere();
      if (!leaving) showMessage({ tone: 'info', text: 'You have signed out.', view: 'signed-out' });
    } catch (error) {
      failed(error);
    }
  }

  /** The header's right-hand side, for who is signed in now. */
  function renderAccount() {
    const status = account.status();
    const enabled = account.settings !== null;
    if (status.kind === 'anonymous') {
      replaceChildren(who, enabled && accountButton('Sign in', 'sign-in', signIn, false));
      who.dataset.state = 'anonymous';
      return;
    }
    const name = h(
      'span',
      { class: 'account-name', 'data-user': status.user.name },
      icon('user'),
      h('span', { class: 'visually-hidden' }, 'Signed in as '),
      h('span', { class: 'account-name-text' }, status.user.name),
    );
    if (status.kind === 'expired') {
      replaceChildren(who, name, accountButton('Sign in again', 'sign-in', signIn, false), accountButton('Sign out', 'sign-out', signOut));
    } else {
      replaceChildren(who, name, accountButton('Sign out', 'sign-out', signOut));
    }
    who.dataset.state = status.kind;
  }

  account.subscribe(renderAccount);
  renderAccount();
  account.ready().then(renderAccount);

  // ---- messages -------------------------------------------------------------------------------

  /**
   * A line under the header (signed in, signed out, why a sign-in failed). It stays for the page
   * it came with and the next navigation takes it away; "Dismiss" sooner.
   * @param {Message} message
   */
  function showMessage({ tone, text, view = 'message' }) {
    const box = h(
      'div',
      { class: `site-message site-message-${tone}`, role: tone === 'error' ? 'alert' : 'status', 'data-view': view },
      h('p', {}, text),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onclick: () => {
            replaceChildren(messages);
            main.focus();
          },
        },
        'Dismiss',
      ),
    );
    replaceChildren(messages, h('div', { class: 'site-messages-inner' }, box));
  }

  return {
    showMessage,

    /**
     * Puts a page's view on screen. After a navigation (not on the first load) focus moves to the
     * top of <main>, so keyboard and screen-reader users start reading the new page.
     * @param {import('./router.js').View} view
     * @param {import('./router.js').Route} route
     * @param {boolean} first
     */
    show(view, route, first) {
      for (const [id, link] of links) {
        if (id === route.section) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
      if (!first) replaceChildren(messages);
      document.body.classList.toggle('page-wide', Boolean(route.wide));
      replaceChildren(main, view.element);
      if (!first) {
        window.scrollTo(0, 0);
        main.focus({ preventScroll: true });
      }
    },

    /** @param {string} title */
    setTitle(title) {
      document.title = title ? `${title} · ${SITE}` : SITE;
    },

    /** While the provider's answer is traded for tokens, before any page is shown. */
    showSigningIn() {
      replaceChildren(main, h('p', { class: 'status status-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Signing you in…'));
    },
  };
}
