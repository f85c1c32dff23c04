// A small hash router. The site is static (S3 behind CloudFront, or the local runtime), so every
// page lives behind `#`: `#/`, `#/?difficulty=easy&tag=nginx`, `#/scenarios/nginx-wont-start`.
//
// A route pairs a pattern (`/scenarios/:id`) with a page. A page is a function that takes a
// context and returns a view:
//
//   page({ params, query, path, router, setTitle }) -> {
//     element,             the node shown in <main>
//     update?(context),    called instead of a rebuild when only the query changed;
//                          return true if the view took the change, false to be rebuilt
//     dispose?(),          called when the view leaves (abort fetches, stop timers)
//   }
//
// Pages load their own data and fill their element when it arrives, so navigation is instant and
// a slow API shows a loading state instead of a frozen page.

/**
 * @typedef {object} Location
 * @property {string} path    always starts with `/`, no trailing slash (except `/` itself)
 * @property {URLSearchParams} query
 */

/**
 * @typedef {object} PageContext
 * @property {string} path
 * @property {Record<string, string>} params
 * @property {URLSearchParams} query
 * @property {Router} router
 * @property {(title: string) => void} setTitle
 */

/**
 * @typedef {object} View
 * @property {HTMLElement} element
 * @property {(context: PageContext) => boolean} [update]
 * @property {() => void} [dispose]
 */

/**
 * @typedef {object} Route
 * @property {string} pattern   e.g. `/scenarios/:id`
 * @property {(context: PageContext) => View} page
 * @property {string} [section] the header link to mark as current
 * @property {boolean} [wide]    the page uses the whole window's width (the terminal)
 */

/**
 * Reads a location from a hash. Returns null for a plain in-page anchor (`#top`), which is not a
 * route and must not replace the page.
 * @param {string} hash
 * @returns {Location | null}
 */
export function parseHash(hash) {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '') return { path: '/', query: new URLSearchParams() };
  if (!raw.startsWith('/')) return null;
  const mark = raw.indexOf('?');
  const path = (mark === -1 ? raw : raw.slice(0, mark)).replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  return { path, query };
}

/**
 * The hash for a path and query; empty query values are left out.
 * @param {string} path
 * @param {Record<string, string | null | undefined> | URLSearchParams} [query]
 * @returns {string}
 */
export function href(path, query = {}) {
  const entries = query instanceof URLSearchParams ? [...query] : Object.entries(query);
  const kept = new URLSearchParams(entries.filter(([, value]) => value !== null && value !== undefined && value !== ''));
  const search = kept.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/**
 * @param {string} pattern
 * @returns {(path: string) => Record<string, string> | null}
 */
function compile(pattern) {
  const keys = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    try {
      return Object.fromEntries(keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]));
    } catch {
      return null; // a malformed %-escape is no route
    }
  };
}

export class Router {
  /** @type {{ route: Route, match: (path: string) => Record<string, string> | null }[]} */
  #routes;
  /** @type {Route} */
  #fallback;
  /** @type {(view: View, route: Route, first: boolean) => void} */
  #show;
  /** @type {(title: string) => void} */
  #setTitle;
  /** @type {{ route: Route, path: string, view: View } | null} */
  #current = null;
  /** The last hash seen for each path, so a "back to the list" link can keep its filters. */
  #lastHash = new Map();

  /**
   * @param {object} options
   * @param {Route[]} options.routes
   * @param {Route} options.fallback  shown when no route matches
   * @param {(view: View, route: Route, first: boolean) => void} options.show  puts a new view on screen
   * @param {(title: string) => void} options.setTitle
   */
  constructor({ routes, fallback, show, setTitle }) {
    this.#routes = routes.map((route) => ({ route, match: compile(route.pattern) }));
    this.#fallback = fallback;
    this.#show = show;
    this.#setTitle = setTitle;
  }

  start() {
    window.addEventListener('hashchange', () => this.#resolve(false));
    this.#resolve(true);
  }

  /**
   * Goes to a path and query (a new history entry, so Back works).
   * @param {string} path
   * @param {Record<string, string | null | undefined> | URLSearchParams} [query]
   */
  navigate(path, query) {
    const target = href(path, query);
    if (target === window.location.hash || (target === '#/' && window.location.hash === '')) {
      this.#resolve(false);
    } else {
      window.location.hash = target;
    }
  }

  /**
   * Builds the page on screen again (someone signed in or out: what it shows belongs to another
   * caller now).
   */
  reload() {
    const current = this.#current;
    if (!current) return;
    current.view.dispose?.();
    this.#current = null;
    this.#resolve(false);
  }

  /**
   * The hash last shown for a path, or the plain path: `#/?tag=nginx` after filtering the catalog.
   * @param {string} path
   */
  lastHref(path) {
    return this.#lastHash.get(path) ?? href(path);
  }

  /** @param {boolean} first */
  #resolve(first) {
    const location = parseHash(window.location.hash);
    if (location === null) return; // an in-page anchor: leave the current view alone
    const { route, params } = this.#find(location.path);
    this.#lastHash.set(location.path, href(location.path, location.query));
    const context = {
      path: location.path,
      params,
      query: location.query,
      router: this,
      setTitle: this.#setTitle,
    };
    const current = this.#current;
    if (current && current.route === route && current.path === location.path && current.view.update) {
      if (current.view.update(context)) return;
    }
    current?.view.dispose?.();
    const view = route.page(context);
    this.#current = { route, path: location.path, view };
    this.#show(view, route, first);
  }

  /** @param {string} path */
  #find(path) {
    for (const { route, match } of this.#routes) {
      const params = match(path);
      if (params) return { route, params };
    }
    return { route: this.#fallback, params: {} };
  }
}
