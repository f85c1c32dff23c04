// The website's one OpenID Connect client: the authorization code flow with PKCE (S256), token
// refresh, and signing out at the provider. The same code signs in against Cognito's hosted login
// on AWS and the local provider (`/oidc`); only the settings differ, and `GET /api/auth/config`
// gives them:
//
//   { enabled, issuer, authorizationEndpoint, tokenEndpoint, logoutEndpoint?, logoutRedirectParameter?,
//     clientId, scopes, redirectPath }
//
// The website is a public client (no secret): the code is bound to this browser by the PKCE
// verifier, the round trip to this tab by `state`, and the ID token to this sign-in by `nonce`.
// The ID token comes straight from the token endpoint over the page's own connection, so its
// claims are checked (issuer, audience, nonce, expiry) but not its signature (OpenID Connect Core
// 3.1.3.7); it only names the user on screen. The API trusts nothing but the access token, which
// it checks itself.
//
// Nothing here touches the page, storage or timers (signin.js does): every function takes what it
// needs, so the unit tests run it in Node.

/**
 * @typedef {object} SignInSettings
 * @property {boolean} enabled
 * @property {string} issuer
 * @property {string} authorizationEndpoint
 * @property {string} tokenEndpoint
 * @property {string} [logoutEndpoint]
 * @property {string} [logoutRedirectParameter]  `post_logout_redirect_uri` (OIDC) or `logout_uri` (Cognito)
 * @property {string} clientId
 * @property {string[]} scopes
 * @property {string} redirectPath                where the provider sends the browser back: `/`
 */

/**
 * @typedef {object} SignedInUser
 * @property {string} sub
 * @property {string} name  what the header shows
 */

/**
 * @typedef {object} TokenSet
 * @property {string} accessToken
 * @property {string | null} refreshToken
 * @property {string | null} idToken
 * @property {number} expiresAt  the access token's end, ms since the epoch (the browser's clock)
 * @property {SignedInUser} user
 */

/** What can go wrong, in sentences for people. The provider's own words are never shown. */
const MESSAGES = {
  cancelled: 'Sign-in was cancelled. You can keep playing without an account, or sign in again.',
  provider: 'The sign-in service could not sign you in. Try again in a moment.',
  state: 'This sign-in was not started in this tab, or it was left too long. Please sign in again.',
  'code-refused': 'The sign-in took too long to finish, or was already used. Please sign in again.',
  'id-token': 'Your sign-in could not be verified. Please sign in again.',
  expired: 'Your sign-in has run out. Sign in again to carry on.',
  network: 'The sign-in service could not be reached. Check your connection and try again.',
  'bad-response': 'The sign-in service sent an answer the website could not read. Try again in a moment.',
  unavailable: 'Signing in is not available right now. You can keep playing without an account.',
  insecure: 'Signing in needs a secure connection (https). Open the site over https and try again.',
  storage: 'Signing in needs this site to keep a little data in the browser. Allow site data for it, then try again.',
};

export class SignInError extends Error {
  /**
   * @param {keyof typeof MESSAGES} code
   * @param {{ oauthError?: string }} [details]  the provider's `error` code, for logs and tests only
   */
  constructor(code, { oauthError } = {}) {
    super(MESSAGES[code] ?? MESSAGES.provider);
    this.name = 'SignInError';
    this.code = code;
    this.oauthError = oauthError ?? null;
  }
}

/** Clock skew allowed when reading the ID token's times. */
const SKEW_MS = 5 * 60_000;

/**
 * Reads the settings `GET /api/auth/config` answered; null when sign-in is off or they are unusable.
 * @param {unknown} body
 * @returns {SignInSettings | null}
 */
export function readSettings(body) {
  if (!body || typeof body !== 'object') return null;
  const s = /** @type {Record<string, unknown>} */ (body);
  const text = (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const url = (value) => {
    const raw = text(value);
    if (!raw) return null;
    try {
      const parsed = new URL(raw);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? raw : null;
    } catch {
      return null;
    }
  };
  if (s.enabled !== true) return null;
  const issuer = text(s.issuer);
  const authorizationEndpoint = url(s.authorizationEndpoint);
  const tokenEndpoint = url(s.tokenEndpoint);
  const clientId = text(s.clientId);
  if (!issuer || !authorizationEndpoint || !tokenEndpoint || !clientId) return null;
  const redirectPath = text(s.redirectPath) ?? '/';
  return {
    enabled: true,
    issuer,
    authorizationEndpoint,
    tokenEndpoint,
    logoutEndpoint: url(s.logoutEndpoint) ?? undefined,
    logoutRedirectParameter: text(s.logoutRedirectParameter) ?? 'post_logout_redirect_uri',
    clientId,
    scopes: Array.isArray(s.scopes) ? s.scopes.filter((scope) => typeof scope === 'string' && scope !== '') : ['openid'],
    redirectPath: redirectPath.startsWith('/') ? redirectPath : `/${redirectPath}`,
  };
}

/**
 * Where the provider sends the browser back: this site's origin and the settings' path.
 * @param {SignInSettings} settings
 * @param {string} origin  `location.origin`
 */
export function redirectUriFor(settings, origin) {
  return origin + settings.redirectPath;
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A random URL-safe string: 32 bytes make 43 characters, the shortest PKCE verifier allowed.
 * @param {number} [bytes]
 */
export function randomString(bytes = 32) {
  const cryptoApi = globalThis.crypto;
  if (!cryptoApi?.getRandomValues) throw new SignInError('insecure');
  return base64url(cryptoApi.getRandomValues(new Uint8Array(bytes)));
}

/**
 * The PKCE challenge for a verifier: base64url(SHA-256(verifier)). `crypto.subtle` exists only in
 * secure contexts (https, or http on localhost).
 * @param {string} verifier
 */
export async function challengeFor(verifier) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new SignInError('insecure');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/**
 * A fresh sign-in: the values that must come back (state), be proven (verifier) or be found in
 * the ID token (nonce).
 * @returns {Promise<{ state: string, verifier: string, nonce: string, challenge: string }>}
 */
export async function newAttempt() {
  const verifier = randomString(32);
  return { state: randomString(24), nonce: randomString(24), verifier, challenge: await challengeFor(verifier) };
}

/**
 * The provider's sign-in page for this attempt. `prompt: 'login'` (OpenID Connect) asks for the
 * password even when the provider still remembers someone; a provider that does not know it
 * ignores it (Cognito's /logout ends its own session anyway).
 * @param {SignInSettings} settings
 * @param {{ redirectUri: string, state: string, nonce: string, challenge: string, prompt?: 'login' }} attempt
 */
export function authorizationUrl(settings, { redirectUri, state, nonce, challenge, prompt }) {
  const url = new URL(settings.authorizationEndpoint);
  const params = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    scope: settings.scopes.join(' '),
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (prompt) url.searchParams.set('prompt', prompt);
  return url.toString();
}

/**
 * Where signing out at the provider goes, with the way back; null when the provider has none.
 * Cognito calls the way back `logout_uri`, OpenID Connect `post_logout_redirect_uri`; both take
 * `client_id`.
 * @param {SignInSettings} settings
 * @param {string} redirectUri
 */
export function logoutUrl(settings, redirectUri) {
  if (!settings.logoutEndpoint) return null;
  const url = new URL(settings.logoutEndpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set(settings.logoutRedirectParameter || 'post_logout_redirect_uri', redirectUri);
  return url.toString();
}

/**
 * What the provider put on the redirect back: a code, an error, or nothing of ours.
 * @param {URLSearchParams} query  `location.search` parsed
 * @returns {{ code: string | null, error: string | null, state: string | null } | null}
 */
export function callbackParams(query) {
  if (!query.has('code') && !query.has('error')) return null;
  return { code: query.get('code'), error: query.get('error'), state: query.get('state') };
}

/**
 * The claims of a JWT, unverified (see the top of this file), or null when it is not one.
 * @param {string} token
 * @returns {Record<string, unknown> | null}
 */
export function jwtClaims(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const padded = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The name to show for a user: `preferred_username` (the local provider, and Cognito when the
 * user chose one), `cognito:username` (unless it is just the user's id, as in pools that sign in
 * by email), `email`, `name`.
 * @param {Record<string, unknown>} claims
 */
export function displayName(claims) {
  const pick = (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const cognitoName = pick(claims['cognito:username']);
  return (
    pick(claims.preferred_username) ??
    (cognitoName && cognitoName !== claims.sub ? cognitoName : null) ??
    pick(claims.email) ??
    pick(claims.name) ??
    'your account'
  );
}

/**
 * Checks an ID token from the token endpoint: ours (issuer, audience), this sign-in's (nonce), not
 * stale, and, after a refresh, the same user.
 * @param {Record<string, unknown> | null} claims
 * @param {{ settings: SignInSettings, nonce?: string, sub?: string, now: number }} expected
 */
export function checkIdToken(claims, { settings, nonce, sub, now }) {
  if (!claims) throw new SignInError('id-token');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const exp = Number(claims.exp);
  const ok =
    claims.iss === settings.issuer &&
    audiences.includes(settings.clientId) &&
    typeof claims.sub === 'string' &&
    claims.sub !== '' &&
    Number.isFinite(exp) &&
    exp * 1000 > now - SKEW_MS &&
    (nonce === undefined || claims.nonce === nonce) &&
    (sub === undefined || claims.sub === sub);
  if (!ok) throw new SignInError('id-token');
}

/**
 * A token endpoint call (form-encoded, as OAuth wants). Answers the JSON body, or throws a
 * SignInError: `refused` codes (400/401 with an OAuth `error`) are for the caller to name.
 * @param {SignInSettings} settings
 * @param {Record<string, string>} params
 * @param {typeof fetch} fetchImpl
 * @param {'code-refused' | 'expired'} refusedAs
 */
async function tokenRequest(settings, params, fetchImpl, refusedAs) {
  let response;
  try {
    response = await fetchImpl(settings.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new SignInError('network');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // read below as a bad response
  }
  if (response.ok) {
    if (!body || typeof body !== 'object') throw new SignInError('bad-response');
    return body;
  }
  const oauthError = body && typeof body.error === 'string' ? body.error : undefined;
  if (oauthError === 'invalid_grant') throw new SignInError(refusedAs, { oauthError });
  if (response.status >= 500) throw new SignInError('unavailable', { oauthError });
  throw new SignInError(refusedAs === 'expired' ? 'expired' : 'provider', { oauthError });
}

/**
 * The tokens from a token endpoint answer, their end on this browser's clock, and who they are for.
 * @param {Record<string, unknown>} body
 * @param {{ settings: SignInSettings, now: number, nonce?: string, previous?: TokenSet | null }} context
 * @returns {TokenSet}
 */
export function tokenSetFrom(body, { settings, now, nonce, previous = null }) {
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw new SignInError('bad-response');
  if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') throw new SignInError('bad-response');
  const lifetime = Number(body.expires_in);
  const accessExp = Number(jwtClaims(accessToken)?.exp);
  const expiresAt =
    Number.isFinite(lifetime) && lifetime > 0
      ? now + lifetime * 1000
      : Number.isFinite(accessExp)
        ? accessExp * 1000
        : now + 5 * 60_000;

  let user = previous?.user ?? null;
  const idToken = typeof body.id_token === 'string' && body.id_token !== '' ? body.id_token : null;
  if (idToken) {
    const claims = jwtClaims(idToken);
    // A refreshed ID token need not carry the nonce, but must be the same user's.
    checkIdToken(claims, { settings, now, nonce: previous ? undefined : nonce, sub: previous?.user.sub });
    user = { sub: String(claims?.sub), name: displayName(/** @type {Record<string, unknown>} */ (claims)) };
  }
  if (!user) throw new SignInError('id-token'); // a first sign-in must name its user

  const refreshToken = typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : null;
  return {
    accessToken,
    // Cognito keeps the same refresh token unless rotation is on; the local provider rotates it.
    refreshToken: refreshToken ?? previous?.refreshToken ?? null,
    idToken: idToken ?? previous?.idToken ?? null,
    expiresAt,
    user,
  };
}

/**
 * Trades the code the provider sent back for tokens.
 * @param {SignInSettings} settings
 * @param {{ code: string, verifier: string, nonce: string, redirectUri: string }} attempt
 * @param {{ fetch?: typeof fetch, now?: () => number }} [io]
 * @returns {Promise<TokenSet>}
 */
export async function exchangeCode(settings, { code, verifier, nonce, redirectUri }, { fetch: fetchImpl = globalThis.fetch, now = Date.now } = {}) {
  const body = await tokenRequest(
    settings,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: settings.clientId, code_verifier: verifier },
    fetchImpl,
    'code-refused',
  );
  return tokenSetFrom(body, { settings, now: now(), nonce });
}

/**
 * New tokens for a refresh token. A refused refresh token (run out, revoked, used twice) is a
 * SignInError `expired`: the user must sign in again.
 * @param {SignInSettings} settings
 * @param {TokenSet} current
 * @param {{ fetch?: typeof fetch, now?: () => number }} [io]
 * @returns {Promise<TokenSet>}
 */
export async function refreshTokens(settings, current, { fetch: fetchImpl = globalThis.fetch, now = Date.now } = {}) {
  if (!current.refreshToken) throw new SignInError('expired');
  const body = await tokenRequest(
    settings,
    { grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: settings.clientId },
    fetchImpl,
    'expired',
  );
  return tokenSetFrom(body, { settings, now: now(), previous: current });
}
