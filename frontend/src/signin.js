// Who is signed in on this website: the tokens, kept across reloads and tabs, refreshed before
// they run out, and dropped on sign-out. oidc.js speaks to the provider; this module decides when,
// and keeps the result.
//
// Where the tokens live (a decision; frontend/README.md says why): the working copy is in memory,
// and the same set is written to localStorage (`breakfix.auth.user`) so that a reload, a second tab
// and a link opened in a new window are the same signed-in user, as they are the same anonymous
// visitor. Tabs stay in step through `storage` events (signing out in one signs out all), and a
// refresh runs in one tab at a time (the Web Locks API), because the local provider rotates refresh
// tokens and a refresh token used twice ends the sign-in. What a sign-in needs while the browser
// is away at the provider (state, PKCE verifier, nonce, the route to come back to) is kept per tab
// in sessionStorage and used once.
//
// States: anonymous (no tokens: the website plays as the anonymous visitor), signed in, and
// expired (the refresh token was refused: the name stays in the header with "Sign in again", and
// calls say so instead of silently switching to the anonymous visitor's sessions).

import {
  SignInError,
  authorizationUrl,
  callbackParams,
  exchangeCode,
  logoutUrl,
  newAttempt,
  readSettings,
  redirectUriFor,
  refreshTokens,
} from './oidc.js';

const TOKENS_KEY = 'breakfix.auth.user';
const PENDING_KEY = 'breakfix.auth.pending';
const SIGNED_OUT_KEY = 'breakfix.auth.signed-out';
/** Set by a sign-out, in localStorage (no secret): the next sign-in asks for the password again. */
const ASK_AGAIN_KEY = 'breakfix.auth.ask-password';
const LOCK_NAME = 'breakfix.auth.refresh';

/** Refresh this long before the access token runs out. */
const REFRESH_AHEAD_MS = 2 * 60_000;
/** An access token this close to its end is not sent: it could run out on the way. */
const MIN_VALID_MS = 30_000;
/** A sign-in left at the provider longer than this is not finished. */
const PENDING_MAX_AGE_MS = 30 * 60_000;
/** After a refresh that failed for want of a network, try again this much later. */
const RETRY_MS = 30_000;

/**
 * @typedef {{ kind: 'anonymous' } | { kind: 'signed-in', user: import('./oidc.js').SignedInUser }
 *   | { kind: 'expired', user: import('./oidc.js').SignedInUser }} Status
 */

/**
 * @typedef {import('./oidc.js').TokenSet & { expired?: boolean }} Stored
 */

/**
 * @typedef {object} SignInOptions
 * @property {() => Promise<unknown>} loadSettings   `GET /api/auth/config`'s body
 * @property {Storage | null} storage                localStorage (null where blocked: memory only)
 * @property {Storage | null} tabStorage             sessionStorage
 * @property {string} origin                         `location.origin`
 * @property {(url: string) => void} [navigate]      leaves for the provider
 * @property {typeof fetch} [fetch]
 * @property {() => number} [now]
 * @property {{ request: (name: string, callback: () => Promise<any>) => Promise<any> } | null} [locks]
 * @property {(listener: (event: { key: string | null }) => void) => void} [onStorage]
 * @property {{ set: typeof setTimeout, clear: typeof clearTimeout }} [timers]
 */

/** @param {SignInOptions} options */
export function createSignIn({
  loadSettings,
  storage,
  tabStorage,
  origin,
  navigate = (url) => window.location.assign(url),
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
  now = Date.now,
  locks = null,
  onStorage = null,
  timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (id) => clearTimeout(id) },
}) {
  /** @type {Stored | null} the working copy, and the only copy where storage is blocked */
  let memory = null;
  /** @type {Promise<import('./oidc.js').SignInSettings | null> | null} */
  let settingsLoading = null;
  /** @type {import('./oidc.js').SignInSettings | null} */
  let settings = null;
  /** @type {Promise<Stored | null> | null} */
  let refreshing = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** Access tokens the API refused once: the next refusal is final. */
  const refused = new Set();
  /** @type {Set<(status: Status, previous: Status) => void>} */
  const listeners = new Set();
  let lastStatus = /** @type {Status} */ ({ kind: 'anonymous' });

  // ---- storage ----------------------------------------------------------------------------------

  /** @returns {Stored | null} */
  function read() {
    if (!storage) return memory;
    try {
      const parsed = JSON.parse(storage.getItem(TOKENS_KEY) ?? 'null');
      memory = valid(parsed) ? parsed : null;
    } catch {
      memory = null; // unreadable: nobody is signed in
    }
    return memory;
  }

  /** @param {any} value */
  function valid(value) {
    return (
      value &&
      typeof value === 'object' &&
      typeof value.accessToken === 'string' &&
      Number.isFinite(value.expiresAt) &&
      value.user &&
      typeof value.user.sub === 'string' &&
      typeof value.user.name === 'string'
    );
  }

  /**
   * @param {Stored | null} value
   * @param {{ quiet?: boolean }} [options]  quiet: this page is leaving, its listeners need not hear
   */
  function write(value, { quiet = false } = {}) {
    memory = value;
    if (storage) {
      try {
        if (value) storage.setItem(TOKENS_KEY, JSON.stringify(value));
        else storage.removeItem(TOKENS_KEY);
      } catch {
        // full or blocked: memory keeps it for this page
      }
    }
    if (quiet) {
      lastStatus = status();
      schedule();
    } else {
      changed();
    }
  }

  /** A flag in localStorage (no secret). @param {string} key */
  function storageHas(key) {
    try {
      return storage?.getItem(key) != null;
    } catch {
      return false;
    }
  }

  /** @param {string} key @param {string | null} value  null removes it */
  function storageSet(key, value) {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // blocked: the flag is only a courtesy
    }
  }

  /** @param {string} key @param {unknown} value */
  function keepForTab(key, value) {
    if (!tabStorage) throw new SignInError('storage');
    try {
      tabStorage.setItem(key, JSON.stringify(value));
    } catch {
      throw new SignInError('storage');
    }
  }

  /** Reads and removes a value kept for this tab: each is used once. @param {string} key */
  function takeFromTab(key) {
    if (!tabStorage) return null;
    try {
      const value = JSON.parse(tabStorage.getItem(key) ?? 'null');
      tabStorage.removeItem(key);
      return value;
    } catch {
      return null;
    }
  }

  // ---- status and listeners -----------------------------------------------------------------

  /** @returns {Status} */
  function status() {
    const stored = read();
    if (!stored) return { kind: 'anonymous' };
    return { kind: stored.expired ? 'expired' : 'signed-in', user: { ...stored.user } };
  }

  function changed() {
    const next = status();
    const previous = lastStatus;
    lastStatus = next;
    schedule();
    const same =
      next.kind === previous.kind &&
      (next.kind === 'anonymous' || (previous.kind !== 'anonymous' && next.user.sub === previous.user.sub && next.user.name === previous.user.name));
    if (same) return;
    for (const listener of listeners) {
      try {
        listener(next, previous);
      } catch {
        // one listener's fault is not the others'
      }
    }
  }

  // ---- settings -------------------------------------------------------------------------------

  /** The provider's settings, or null where sign-in is off; asked once, again after a failure. */
  function ready() {
    if (!settingsLoading) {
      settingsLoading = loadSettings().then(
        (body) => {
          settings = readSettings(body);
          return settings;
        },
        () => {
          settingsLoading = null;
          return null;
        },
      );
    }
    return settingsLoading;
  }

  async function requireSettings() {
    const loaded = await ready();
    if (!loaded) throw new SignInError('unavailable');
    return loaded;
  }

  // ---- refresh ----------------------------------------------------------------------------------

  /** Marks the sign-in as run out: the user must sign in again. */
  function expire() {
    const stored = read();
    if (stored && !stored.expired) {
      write({ ...stored, accessToken: '', refreshToken: null, expiresAt: 0, expired: true });
    }
  }

  /**
   * New tokens, one refresh at a time in this page and, where the browser has Web Locks, across
   * tabs: the tab that waited finds the other's fresh tokens in storage and uses them.
   * @param {string} stale  the access token found too old (or refused)
   * @returns {Promise<Stored | null>}
   */
  function refresh(stale) {
    refreshing ??= (async () => {
      const run = async () => {
        const stored = read();
        if (!stored || stored.expired) return stored;
        if (stored.accessToken !== stale && usable(stored)) return stored; // another tab did it
        const loaded = await requireSettings();
        try {
          const fresh = await refreshTokens(loaded, stored, { fetch: fetchImpl, now });
          if (read()?.user.sub !== stored.user.sub) return read(); // signed out meanwhile
          write(fresh);
          return fresh;
        } catch (error) {
          if (error instanceof SignInError && error.code === 'expired') expire();
          throw error;
        }
      };
      return locks ? locks.request(LOCK_NAME, run) : run();
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** @param {Stored} stored */
  function usable(stored) {
    return !stored.expired && stored.accessToken !== '' && stored.expiresAt - now() > MIN_VALID_MS && !refused.has(stored.accessToken);
  }

  /** Refreshes ahead of the access token's end, while someone is signed in. */
  function schedule(delay = null) {
    if (timer !== null) timers.clear(timer);
    timer = null;
    const stored = memory;
    if (!stored || stored.expired || !stored.refreshToken) return;
    const wait = delay ?? Math.max(5_000, stored.expiresAt - now() - REFRESH_AHEAD_MS);
    timer = timers.set(() => {
      timer = null;
      const current = read();
      if (!current || current.expired) return;
      if (current.expiresAt - now() > REFRESH_AHEAD_MS + 5_000) {
        schedule(); // another tab refreshed already
        return;
      }
      refresh(current.accessToken).catch((error) => {
        if (!(error instanceof SignInError) || error.code !== 'expired') schedule(RETRY_MS);
      });
    }, wait);
  }

  /**
   * The access token to send: fresh, refreshed first if need be.
   * @returns {Promise<string>}
   */
  async function accessToken() {
    const stored = read();
    if (!stored) throw new SignInError('expired');
    if (stored.expired) throw new SignInError('expired');
    if (usable(stored)) return stored.accessToken;
    try {
      const fresh = await refresh(stored.accessToken);
      if (fresh && usable(fresh)) return fresh.accessToken;
    } catch (error) {
      // No network for the refresh: a token that has not run out yet is still worth sending.
      if (error instanceof SignInError && error.code !== 'expired' && stored.expiresAt > now() && !refused.has(stored.accessToken)) {
        return stored.accessToken;
      }
      throw error;
    }
    throw new SignInError('expired');
  }

  // ---- another tab --------------------------------------------------------------------------

  onStorage?.((event) => {
    if (event.key === TOKENS_KEY || event.key === null) {
      read();
      changed();
    }
  });

  lastStatus = status();
  schedule();

  return {
    ready,

    /** @returns {import('./oidc.js').SignInSettings | null} once `ready()` has settled */
    get settings() {
      return settings;
    },

    status,

    /**
     * Calls `listener(status, previous)` when someone signs in or out, or the sign-in runs out,
     * here or in another tab.
     * @param {(status: Status, previous: Status) => void} listener
     */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Leaves for the provider's sign-in page; the browser comes back to `redirectPath` with a code.
     * @param {string} returnTo  the route to show afterwards (`#/dashboard`)
     */
    async signIn(returnTo) {
      const loaded = await requireSettings();
      const attempt = await newAttempt();
      const redirectUri = redirectUriFor(loaded, origin);
      keepForTab(PENDING_KEY, {
        state: attempt.state,
        verifier: attempt.verifier,
        nonce: attempt.nonce,
        redirectUri,
        returnTo,
        at: now(),
      });
      // After someone signed out here, the provider must not sign the next person in silently
      // with a session it still remembers (the local provider keeps its own across the website's
      // sign-out; Cognito's /logout ends it).
      const prompt = storageHas(ASK_AGAIN_KEY) ? 'login' : undefined;
      navigate(authorizationUrl(loaded, { redirectUri, ...attempt, prompt }));
    },

    /**
     * Finishes a sign-in when the page was opened by the provider's redirect (`?code=&state=`, or
     * `?error=`). Answers null when the address is no such thing; else where to go, and the error
     * to show if it failed (a SignInError, with a sentence for people).
     * @param {URLSearchParams} query  `location.search`
     * @returns {Promise<{ returnTo: string, error: SignInError | null } | null>}
     */
    async completeSignIn(query) {
      const params = callbackParams(query);
      if (!params) return null;
      const pending = takeFromTab(PENDING_KEY);
      const returnTo = typeof pending?.returnTo === 'string' && pending.returnTo.startsWith('#/') ? pending.returnTo : '#/';
      try {
        // The state first: an answer to a sign-in this tab did not start is not read any further.
        if (!pending || typeof pending.state !== 'string' || pending.state !== params.state || now() - Number(pending.at) > PENDING_MAX_AGE_MS) {
          throw new SignInError('state');
        }
        if (params.error) throw new SignInError(params.error === 'access_denied' ? 'cancelled' : 'provider', { oauthError: params.error });
        if (!params.code) throw new SignInError('provider');
        const loaded = await requireSettings();
        const tokens = await exchangeCode(
          loaded,
          { code: params.code, verifier: pending.verifier, nonce: pending.nonce, redirectUri: pending.redirectUri },
          { fetch: fetchImpl, now },
        );
        refused.clear();
        write(tokens);
        storageSet(ASK_AGAIN_KEY, null);
        return { returnTo, error: null };
      } catch (error) {
        if (error instanceof SignInError) return { returnTo, error };
        console.error('breakfix: signing in failed', error); // for developers; people get a sentence
        return { returnTo, error: new SignInError('provider') };
      }
    },

    /**
     * Signs out: the tokens go at once (in every tab), then the browser visits the provider's
     * logout page, which comes back to `redirectPath`. Answers false when the provider has no
     * logout page (the sign-out was only here) — the caller stays.
     * @param {string} returnTo  the route to show afterwards
     */
    async signOut(returnTo) {
      refused.clear();
      const loaded = await ready();
      const target = loaded ? logoutUrl(loaded, redirectUriFor(loaded, origin)) : null;
      // Leaving for the provider: this page need not redraw itself as the anonymous visitor's.
      write(null, { quiet: target !== null });
      storageSet(ASK_AGAIN_KEY, String(now()));
      if (!target) return false;
      try {
        keepForTab(SIGNED_OUT_KEY, { returnTo, at: now() });
      } catch {
        // without tab storage the way back lands on the catalog
      }
      navigate(target);
      return true;
    },

    /**
     * After the provider's logout page sent the browser back: the route to show, or null when
     * this page load is no such return.
     */
    completeSignOut() {
      const kept = takeFromTab(SIGNED_OUT_KEY);
      if (!kept || now() - Number(kept.at) > PENDING_MAX_AGE_MS) return null;
      return typeof kept.returnTo === 'string' && kept.returnTo.startsWith('#/') ? kept.returnTo : '#/';
    },

    /** The access token to send (refreshed if need be); throws SignInError `expired` when there is none. */
    accessToken,

    /**
     * The API refused this access token (401). Answers true when another try may work: the first
     * time, with a refresh token to get a new one. A second refusal in the same sign-in ends it,
     * so an API that keeps refusing costs one refresh, not one per call.
     * @param {string} token
     */
    rejected(token) {
      const stored = read();
      if (!stored || stored.accessToken !== token) return false;
      if (refused.size === 0 && stored.refreshToken) {
        refused.add(token);
        return true;
      }
      expire();
      return false;
    },
  };
}
