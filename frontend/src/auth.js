// Who the website calls the API as. Two callers, one interface for api.js:
//
//   - a signed-in user (signin.js: the identity provider's access token, refreshed as it runs out);
//   - otherwise the anonymous visitor: a token from `POST /api/auth/anonymous` (valid 24 h), kept
//     in localStorage so a reload, a second tab or the dashboard act as the same visitor. A visitor
//     who never signs in plays like this; one who signs out comes back to it.
//
// Sessions belong to the caller that started them: the anonymous visitor's stay with it when
// someone signs in (they do not move to the account), and come back into view on signing out.
//
// The interface:
//
//   current()                  the token to send now, or null (no request is made to get one)
//   obtain({ validFor })       a token good for at least `validFor` ms, fetched if need be
//   rejected(token)            the API answered 401 to this token: stop using it; answers true
//                              when trying again may work (a signed-in user's token is refreshed)
//
// api.js asks `current()` for reads (a visitor without a token has no sessions to read) and
// `obtain()` only where the visitor acts (Start). A signed-in user's token comes the same way
// from both; when the sign-in has run out they throw signin's SignInError (`expired`), which
// api.js turns into "sign in again".

const STORAGE_KEY = 'breakfix.auth.anonymous';

/** The longest an anonymous visitor's session runs, extensions included (the API's `TimeAllowance`). */
export const ANONYMOUS_SESSION_MINUTES = 15;

/** A token this close to its expiry is not used for a new request. */
const MARGIN_MS = 60_000;

/**
 * @typedef {object} AuthProvider
 * @property {() => string | null | Promise<string | null>} current
 * @property {(options?: { validFor?: number }) => Promise<string>} obtain
 * @property {(token: string) => boolean | void} rejected
 */

/**
 * @typedef {{ token: string, expiresAt: number }} StoredToken
 */

/**
 * Anonymous play: a token per browser, renewed when it runs out.
 * @param {object} options
 * @param {Storage | null} options.storage  localStorage, or null where it is unavailable (then the
 *                                          token lives as long as the page)
 * @param {() => Promise<{ token: string, expiresAt: string }>} options.issue  asks the API for a token
 * @param {() => number} [options.now]
 * @returns {AuthProvider}
 */
export function anonymousAuth({ storage, issue, now = Date.now }) {
  /** @type {StoredToken | null} */
  let memory = null;
  /** @type {Promise<string> | null} */
  let issuing = null;

  /** @returns {StoredToken | null} */
  function read() {
    if (!storage) return memory;
    try {
      const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
      if (parsed && typeof parsed.token === 'string' && Number.isFinite(parsed.expiresAt)) return parsed;
    } catch {
      // unreadable: treated as no token
    }
    return null;
  }

  /** @param {StoredToken | null} value */
  function write(value) {
    memory = value;
    if (!storage) return;
    try {
      if (value) storage.setItem(STORAGE_KEY, JSON.stringify(value));
      else storage.removeItem(STORAGE_KEY);
    } catch {
      // storage full or blocked: the token still lives in memory for this page
    }
  }

  /** @param {number} validFor */
  function usable(validFor) {
    const stored = read() ?? memory;
    return stored && stored.expiresAt - now() > Math.max(validFor, MARGIN_MS) ? stored.token : null;
  }

  return {
    current: () => usable(0),

    obtain({ validFor = 0 } = {}) {
      const token = usable(validFor);
      if (token) return Promise.resolve(token);
      // Two clicks, or two tabs' worth of code in one page, share one request.
      issuing ??= issue()
        .then(({ token: issued, expiresAt }) => {
          const expiry = Date.parse(expiresAt);
          write({ token: issued, expiresAt: Number.isFinite(expiry) ? expiry : now() + 3_600_000 });
          return issued;
        })
        .finally(() => {
          issuing = null;
        });
      return issuing;
    },

    rejected(token) {
      if (read()?.token === token || memory?.token === token) write(null);
    },
  };
}

/**
 * The caller the website is now: the signed-in user while someone is signed in (or their sign-in
 * has run out, which says "sign in again" rather than quietly showing another caller's sessions),
 * else the anonymous visitor.
 * @param {object} callers
 * @param {{ status(): { kind: string }, accessToken(): Promise<string>, rejected(token: string): boolean }} callers.user  signin.js
 * @param {AuthProvider} callers.anonymous
 * @returns {AuthProvider}
 */
export function callerAuth({ user, anonymous }) {
  const signedIn = () => user.status().kind !== 'anonymous';
  return {
    current: () => (signedIn() ? user.accessToken() : anonymous.current()),
    obtain: (options) => (signedIn() ? user.accessToken() : anonymous.obtain(options)),
    rejected(token) {
      if (signedIn()) return user.rejected(token);
      anonymous.rejected(token);
      return false;
    },
  };
}
