// The website's one sign-in (signin.js), wired to the browser: localStorage for the tokens,
// sessionStorage for a sign-in under way, Web Locks for refreshes, `storage` events for other tabs,
// and `GET /api/auth/config` for the provider's settings. Imported by api.js (the token to send),
// the header (who is signed in) and the pages that offer to sign in.
//
// Safe to import where there is no window (the unit tests run in Node): nothing is asked of the
// browser until it is used.

import { createSignIn } from './signin.js';

/** @param {'localStorage' | 'sessionStorage'} name */
function storageOrNull(name) {
  try {
    return typeof window === 'undefined' ? null : window[name];
  } catch {
    return null; // blocked by the browser's settings
  }
}

async function loadSettings() {
  const response = await fetch('/api/auth/config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`sign-in settings: HTTP ${response.status}`);
  return response.json();
}

const inBrowser = typeof window !== 'undefined';

export const account = createSignIn({
  loadSettings,
  storage: storageOrNull('localStorage'),
  tabStorage: storageOrNull('sessionStorage'),
  origin: inBrowser ? window.location.origin : 'http://localhost',
  locks: inBrowser && navigator.locks ? navigator.locks : null,
  onStorage: inBrowser ? (listener) => window.addEventListener('storage', listener) : null,
});

/** The route on screen, to come back to after the provider. */
function here() {
  const hash = inBrowser ? window.location.hash : '';
  return hash.startsWith('#/') ? hash : '#/';
}

/**
 * Leaves for the provider's sign-in page, coming back to the page on screen.
 * @returns {Promise<void>} rejects with a SignInError (its message is for people) when it cannot
 */
export function signInFromHere() {
  return account.signIn(here());
}

/**
 * Signs out, and comes back to the page on screen unless it showed the user's own things (a
 * session, a replay), which the anonymous visitor cannot see.
 * @returns {Promise<boolean>} true when the browser is leaving for the provider's logout page
 */
export function signOutFromHere() {
  const route = here();
  const back = /^#\/(sessions|replays)\//.test(route) ? '#/' : route;
  return account.signOut(back);
}
