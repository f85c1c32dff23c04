// The heavy parts, loaded only on the pages that need them: the terminal (xterm.js) on a session
// page, the replay player (asciinema-player) where a replay is shown, the API reference (js-yaml
// and its views) on the API page. Each is a JavaScript chunk (esbuild code splitting); the terminal
// and the player have a stylesheet of their own too (the API page's styles are small and live in
// main.css). build.mjs builds the stylesheets first and tells this module their hashed names
// through `define`.

/* global __TERMINAL_CSS__, __REPLAY_CSS__ */
const STYLESHEETS = {
  terminal: typeof __TERMINAL_CSS__ === 'string' ? __TERMINAL_CSS__ : null,
  replay: typeof __REPLAY_CSS__ === 'string' ? __REPLAY_CSS__ : null,
};

/** @type {Map<string, Promise<void>>} */
const sheets = new Map();

/**
 * Adds a stylesheet once, and resolves when it has loaded (so a terminal measures its cells with
 * its own styles in place).
 * @param {string | null} href  relative to the page
 */
function stylesheet(href) {
  if (!href) return Promise.resolve();
  let loading = sheets.get(href);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.addEventListener('load', () => resolve());
      link.addEventListener('error', () => {
        link.remove();
        sheets.delete(href);
        reject(new Error(`The stylesheet ${href} could not be loaded`));
      });
      document.head.appendChild(link);
    });
    sheets.set(href, loading);
  }
  return loading;
}

/** @returns {Promise<typeof import('./lazy/terminal.js')>} */
export async function loadTerminal() {
  const [module] = await Promise.all([import('./lazy/terminal.js'), stylesheet(STYLESHEETS.terminal)]);
  return module;
}

/** @returns {Promise<typeof import('./lazy/player.js')>} */
export async function loadPlayer() {
  const [module] = await Promise.all([import('./lazy/player.js'), stylesheet(STYLESHEETS.replay)]);
  return module;
}

/** @returns {Promise<typeof import('./lazy/api-reference.js')>} */
export function loadApiReference() {
  return import('./lazy/api-reference.js');
}
