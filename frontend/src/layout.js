// The frame around every page: a skip link, the header with the site's sections, <main>, a footer.
// Sections are listed once here; a route names the section it belongs to.

import { h, replaceChildren } from './dom.js';

const SITE = 'breakfix';

/** The header's links. More join as their pages arrive ("API"). */
const SECTIONS = [
  { id: 'scenarios', label: 'Scenarios', href: '#/' },
  { id: 'dashboard', label: 'Dashboard', href: '#/dashboard' },
];

/**
 * @param {HTMLElement} root
 */
export function createLayout(root) {
  const links = new Map(SECTIONS.map((section) => [section.id, h('a', { href: section.href }, section.label)]));
  const main = h('main', { id: 'main', tabindex: '-1' });

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
      ),
    ),
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

  return {
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
  };
}
