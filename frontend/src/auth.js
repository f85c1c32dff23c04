// Who the website is calling the API as. For now that is an anonymous token from
// `POST /api/auth/anonymous` (valid 24 h), kept in localStorage so a reload, a second tab or the
// dashboard act as the same visitor. Signing in proper (Cognito on AWS, the local OIDC issuer)
// replaces the provider below with one that answers the same three questions, and nothing else in
// the website changes:
//
//   current()                  the token to send now, or null (no request is made to get one)
//   obtain({ validFor })       a token good for at least `validFor` ms, fetched if need be
//   rejected(token)            the API answered 401 to this token: stop using it
//
// api.js asks `current()` for reads (a visitor without a token has no sessions to read) and
// `obtain()` only where the visitor acts (Start).

const STORAGE_KEY = 'breakfix.auth.anonymous';

/** A token this close to its expiry is not used for a new request. */
const MARGIN_MS = 60_000;

/**
 * @typedef {object} AuthProvider
 * @property {() => string | null} current
 * @property {(options?: { validFor?: number }) => Promise<string>} obtain
 * @property {(token: string) => void} rejected
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
