// The OIDC client (oidc.js) and the sign-in state (signin.js), without a browser: PKCE, the
// provider's URLs for the local provider and Cognito, the ID token's checks, the token endpoint's
// answers, and what the website does with a callback, a refresh, a refusal and a sign-out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SignInError,
  authorizationUrl,
  challengeFor,
  checkIdToken,
  displayName,
  exchangeCode,
  jwtClaims,
  logoutUrl,
  newAttempt,
  readSettings,
  refreshTokens,
} from '../src/oidc.js';
import { createSignIn } from '../src/signin.js';

const LOCAL = {
  enabled: true,
  issuer: 'http://localhost:8080/oidc',
  authorizationEndpoint: 'http://localhost:8080/oidc/auth',
  tokenEndpoint: 'http://localhost:8080/oidc/token',
  logoutEndpoint: 'http://localhost:8080/oidc/session/end',
  logoutRedirectParameter: 'post_logout_redirect_uri',
  clientId: 'breakfix-website',
  redirectPath: '/',
  scopes: ['openid', 'profile', 'breakfix-api/play'],
};

const COGNITO = {
  enabled: true,
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc',
  authorizationEndpoint: 'https://breakfix.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
  tokenEndpoint: 'https://breakfix.auth.eu-west-1.amazoncognito.com/oauth2/token',
  logoutEndpoint: 'https://breakfix.auth.eu-west-1.amazoncognito.com/logout',
  logoutRedirectParameter: 'logout_uri',
  clientId: '4abc',
  redirectPath: '/',
  scopes: ['openid', 'email', 'profile'],
};

const NOW = 1_800_000_000_000;

/** An unsigned JWT with these claims (the website never checks signatures: see oidc.js). */
function jwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const idToken = (overrides = {}) =>
  jwt({ iss: LOCAL.issuer, aud: LOCAL.clientId, sub: 'sub-alice', exp: NOW / 1000 + 3600, nonce: 'n-1', preferred_username: 'alice', ...overrides });

/** A token endpoint that answers from a list, and records what it was sent. */
function tokenEndpoint(...answers) {
  const calls = [];
  const queue = answers;
  const fetch = async (url, init) => {
    calls.push({ url, init, form: new URLSearchParams(init.body) });
    const answer = queue.shift();
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, calls, answers: queue };
}

/** localStorage's shape, in memory. */
function memoryStorage() {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

describe('oidc: PKCE and the provider URLs', () => {
  it('derives the S256 challenge of RFC 7636', async () => {
    assert.equal(await challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh, URL-safe state, nonce and 43-character verifier for each attempt', async () => {
    const a = await newAttempt();
    const b = await newAttempt();
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.state, b.state);
    assert.notEqual(a.nonce, b.nonce);
    assert.equal(a.challenge, await challengeFor(a.verifier));
  });

  it('asks the provider for a code with PKCE, state, nonce and the settings\' scopes', () => {
    const url = new URL(authorizationUrl(LOCAL, { redirectUri: 'http://localhost:8080/', state: 's', nonce: 'n', challenge: 'c' }));
    assert.equal(url.origin + url.pathname, LOCAL.authorizationEndpoint);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      response_type: 'code',
      client_id: 'breakfix-website',
      redirect_uri: 'http://localhost:8080/',
      scope: 'openid profile breakfix-api/play',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
  });

  it('signs out with the redirect parameter each provider names', () => {
    const local = new URL(logoutUrl(LOCAL, 'http://localhost:8080/'));
    assert.equal(local.searchParams.get('client_id'), 'breakfix-website');
    assert.equal(local.searchParams.get('post_logout_redirect_uri'), 'http://localhost:8080/');
    const cognito = new URL(logoutUrl(COGNITO, 'https://d1.cloudfront.net/'));
    assert.equal(cognito.origin + cognito.pathname, COGNITO.logoutEndpoint);
    assert.equal(cognito.searchParams.get('client_id'), '4abc');
    assert.equal(cognito.searchParams.get('logout_uri'), 'https://d1.cloudfront.net/');
    assert.equal(logoutUrl({ ...LOCAL, logoutEndpoint: undefined }, 'x'), null, 'no logout page, no URL');
  });

  it('reads the settings the API gives, and refuses what cannot sign anyone in', () => {
    assert.deepEqual(readSettings(LOCAL), LOCAL);
    assert.equal(readSettings({ enabled: false }), null);
    assert.equal(readSettings({ ...LOCAL, tokenEndpoint: 'javascript:alert(1)' }), null);
    assert.equal(readSettings({ ...LOCAL, clientId: '' }), null);
    assert.equal(readSettings('nonsense'), null);
    assert.equal(readSettings({ ...LOCAL, logoutEndpoint: undefined, logoutRedirectParameter: undefined }).logoutRedirectParameter, 'post_logout_redirect_uri');
  });
});

describe('oidc: the ID token', () => {
  it('names the user as each provider does', () => {
    assert.equal(displayName({ sub: 'x', preferred_username: 'alice', name: 'Alice' }), 'alice');
    assert.equal(displayName({ sub: 'x', 'cognito:username': 'carol', email: 'carol@example.com' }), 'carol');
    assert.equal(displayName({ sub: 'uuid-1', 'cognito:username': 'uuid-1', email: 'dan@example.com' }), 'dan@example.com', 'a pool that signs in by email');
    assert.equal(displayName({ sub: 'x' }), 'your account');
  });

  it('reads a JWT\'s claims, and nothing from what is not one', () => {
    assert.equal(jwtClaims(idToken()).preferred_username, 'alice');
    assert.equal(jwtClaims('not.a-jwt'), null);
    assert.equal(jwtClaims('a.b.c'), null);
  });

  it('accepts only this issuer, this client, this nonce and a token that has not run out', () => {
    const ok = jwtClaims(idToken());
    checkIdToken(ok, { settings: LOCAL, nonce: 'n-1', now: NOW });
    checkIdToken({ ...ok, aud: ['other', LOCAL.clientId] }, { settings: LOCAL, nonce: 'n-1', now: NOW });
    for (const bad of [
      { ...ok, iss: 'http://evil/oidc' },
      { ...ok, aud: 'another-client' },
      { ...ok, nonce: 'replayed' },
      { ...ok, exp: NOW / 1000 - 3600 },
      { ...ok, sub: '' },
    ]) {
      assert.throws(() => checkIdToken(bad, { settings: LOCAL, nonce: 'n-1', now: NOW }), (error) => error instanceof SignInError && error.code === 'id-token');
    }
  });
});

describe('oidc: the token endpoint', () => {
  it('trades the code, form-encoded, with the verifier, and keeps what it answers', async () => {
    const endpoint = tokenEndpoint({ body: { access_token: 'at-1', refresh_token: 'rt-1', id_token: idToken(), token_type: 'Bearer', expires_in: 3600 } });
    const tokens = await exchangeCode(LOCAL, { code: 'c-1', verifier: 'v-1', nonce: 'n-1', redirectUri: 'http://localhost:8080/' }, { fetch: endpoint.fetch, now: () => NOW });
    assert.equal(endpoint.calls[0].url, LOCAL.tokenEndpoint);
    assert.equal(endpoint.calls[0].init.headers['Content-Type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(endpoint.calls[0].form), {
      grant_type: 'authorization_code',
      code: 'c-1',
      redirect_uri: 'http://localhost:8080/',
      client_id: 'breakfix-website',
      code_verifier: 'v-1',
    });
    assert.deepEqual(tokens, { accessToken: 'at-1', refreshToken: 'rt-1', idToken: idToken(), expiresAt: NOW + 3_600_000, user: { sub: 'sub-alice', name: 'alice' } });
  });

  it('says a refused code is to be signed in again, and never shows the provider\'s words', async () => {
    const endpoint = tokenEndpoint({ status: 400, body: { error: 'invalid_grant', error_description: '<b>grant request is invalid</b>' } });
    await assert.rejects(
      exchangeCode(LOCAL, { code: 'old', verifier: 'v', nonce: 'n', redirectUri: 'r' }, { fetch: endpoint.fetch }),
      (error) => error.code === 'code-refused' && !error.message.includes('grant request') && /sign in again/i.test(error.message),
    );
  });

  it('tells a network failure and a broken answer apart', async () => {
    await assert.rejects(exchangeCode(LOCAL, { code: 'c', verifier: 'v', nonce: 'n', redirectUri: 'r' }, { fetch: tokenEndpoint(new TypeError('offline')).fetch }), { code: 'network' });
    await assert.rejects(exchangeCode(LOCAL, { code: 'c', verifier: 'v', nonce: 'n', redirectUri: 'r' }, { fetch: tokenEndpoint({ body: { token_type: 'Bearer' } }).fetch }), { code: 'bad-response' });
  });

  it('refreshes with the refresh token, keeping the old one when the provider does not rotate it (Cognito)', async () => {
    const current = { accessToken: 'at-1', refreshToken: 'rt-1', idToken: 'id-1', expiresAt: NOW, user: { sub: 'sub-alice', name: 'alice' } };
    const endpoint = tokenEndpoint({ body: { access_token: 'at-2', token_type: 'Bearer', expires_in: 3600 } });
    const fresh = await refreshTokens(LOCAL, current, { fetch: endpoint.fetch, now: () => NOW });
    assert.deepEqual(Object.fromEntries(endpoint.calls[0].form), { grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'breakfix-website' });
    assert.equal(fresh.accessToken, 'at-2');
    assert.equal(fresh.refreshToken, 'rt-1');
    assert.deepEqual(fresh.user, current.user);
  });

  it('refuses a refreshed ID token for someone else', async () => {
    const current = { accessToken: 'at-1', refreshToken: 'rt-1', idToken: null, expiresAt: NOW, user: { sub: 'sub-alice', name: 'alice' } };
    const endpoint = tokenEndpoint({ body: { access_token: 'at-2', id_token: idToken({ sub: 'sub-bob', nonce: undefined }), expires_in: 60 } });
    await assert.rejects(refreshTokens(LOCAL, current, { fetch: endpoint.fetch, now: () => NOW }), { code: 'id-token' });
  });

  it('says a refused refresh token means signing in again', async () => {
    const current = { accessToken: 'at-1', refreshToken: 'rt-1', idToken: null, expiresAt: NOW, user: { sub: 's', name: 'alice' } };
    await assert.rejects(refreshTokens(LOCAL, current, { fetch: tokenEndpoint({ status: 400, body: { error: 'invalid_grant' } }).fetch }), { code: 'expired' });
  });
});

/**
 * A sign-in with everything around it stood in: storage, tab storage, the token endpoint, the
 * clock, timers (run by hand) and navigation.
 */
function setUp({ answers = [], settings = LOCAL, signedIn = null } = {}) {
  const clock = { now: NOW };
  const storage = memoryStorage();
  if (signedIn) storage.setItem('breakfix.auth.user', signedIn); // a page loaded while signed in
  const tabStorage = memoryStorage();
  const endpoint = tokenEndpoint(...answers);
  const visited = [];
  const timers = new Map();
  let nextTimer = 1;
  const signIn = createSignIn({
    loadSettings: async () => settings,
    storage,
    tabStorage,
    origin: 'http://localhost:8080',
    navigate: (url) => visited.push(url),
    fetch: endpoint.fetch,
    now: () => clock.now,
    timers: {
      set: (callback, ms) => {
        timers.set(nextTimer, { callback, at: clock.now + ms });
        return nextTimer++;
      },
      clear: (id) => timers.delete(id),
    },
  });
  /** Moves the clock on, running the timers that come due. */
  async function advance(ms) {
    clock.now += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at <= clock.now) {
        timers.delete(id);
        timer.callback();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { signIn, storage, tabStorage, endpoint, visited, clock, timers, advance };
}

const tokenAnswer = (overrides = {}) => ({
  body: { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer', expires_in: 3600, ...overrides },
});

describe('signin: signing in and out', () => {
  it('comes back signed in, on the route it left, with the code traded once', async () => {
    const context = setUp();
    const changes = [];
    context.signIn.subscribe((now) => changes.push(now.kind));
    await context.signIn.signIn('#/dashboard');
    const sent = new URL(context.visited[0]);
    // The provider puts the website's nonce in the ID token.
    context.endpoint.answers.push(tokenAnswer({ id_token: idToken({ nonce: sent.searchParams.get('nonce') }) }));
    const result = await context.signIn.completeSignIn(new URLSearchParams({ code: 'c-1', state: sent.searchParams.get('state') }));
    assert.deepEqual(result, { returnTo: '#/dashboard', error: null });
    const form = context.endpoint.calls[0].form;
    assert.equal(form.get('code'), 'c-1');
    assert.equal(await challengeFor(form.get('code_verifier')), sent.searchParams.get('code_challenge'), 'the verifier matches the challenge sent');
    assert.equal(context.tabStorage.items.size, 0, 'the attempt is used once');
    assert.deepEqual(JSON.parse(context.storage.getItem('breakfix.auth.user')).user, { sub: 'sub-alice', name: 'alice' });
    assert.deepEqual(context.signIn.status(), { kind: 'signed-in', user: { sub: 'sub-alice', name: 'alice' } });
    assert.deepEqual(changes, ['signed-in']);
  });

  it('refuses an ID token for another sign-in (a nonce that does not match)', async () => {
    const context = setUp({ answers: [tokenAnswer({ id_token: idToken({ nonce: 'someone-elses' }) })] });
    await context.signIn.signIn('#/');
    const state = new URL(context.visited[0]).searchParams.get('state');
    const result = await context.signIn.completeSignIn(new URLSearchParams({ code: 'c-1', state }));
    assert.equal(result.error.code, 'id-token');
    assert.equal(context.signIn.status().kind, 'anonymous');
  });

  it('refuses an answer to a sign-in this tab did not start, without asking for tokens', async () => {
    const context = setUp({ answers: [tokenAnswer({ id_token: idToken() })] });
    await context.signIn.signIn('#/');
    const result = await context.signIn.completeSignIn(new URLSearchParams({ code: 'c-1', state: 'forged' }));
    assert.equal(result.error.code, 'state');
    assert.equal(context.endpoint.calls.length, 0);
    assert.equal(context.signIn.status().kind, 'anonymous');
    const again = await context.signIn.completeSignIn(new URLSearchParams({ code: 'c-1', state: 'forged' }));
    assert.equal(again.error.code, 'state', 'nothing pending any more');
  });

  it('says a cancelled sign-in was cancelled', async () => {
    const context = setUp();
    await context.signIn.signIn('#/api');
    const state = new URL(context.visited[0]).searchParams.get('state');
    const result = await context.signIn.completeSignIn(new URLSearchParams({ error: 'access_denied', state }));
    assert.equal(result.returnTo, '#/api');
    assert.equal(result.error.code, 'cancelled');
    assert.match(result.error.message, /cancelled/);
  });

  it('is no callback when the address has neither code nor error', async () => {
    assert.equal(await setUp().signIn.completeSignIn(new URLSearchParams('tag=nginx')), null);
  });

  it('signs out everywhere at once, then visits the provider\'s logout page and comes back', async () => {
    const context = setUp();
    context.storage.setItem('breakfix.auth.user', JSON.stringify({ accessToken: 'at', refreshToken: 'rt', idToken: null, expiresAt: NOW + 3_600_000, user: { sub: 's', name: 'alice' } }));
    assert.equal(context.signIn.status().kind, 'signed-in');
    assert.equal(await context.signIn.signOut('#/api'), true);
    assert.equal(context.storage.getItem('breakfix.auth.user'), null);
    const logout = new URL(context.visited[0]);
    assert.equal(logout.searchParams.get('post_logout_redirect_uri'), 'http://localhost:8080/');
    assert.equal(context.signIn.completeSignOut(), '#/api');
    assert.equal(context.signIn.completeSignOut(), null, 'said once');
  });

  it('asks for the password again on the first sign-in after a sign-out, and only then', async () => {
    const context = setUp();
    await context.signIn.signIn('#/');
    assert.equal(new URL(context.visited.at(-1)).searchParams.get('prompt'), null, 'the provider may remember the user');
    await context.signIn.signOut('#/');
    await context.signIn.signIn('#/');
    const sent = new URL(context.visited.at(-1));
    assert.equal(sent.searchParams.get('prompt'), 'login', 'whoever comes next types a password');
    context.endpoint.answers.push(tokenAnswer({ id_token: idToken({ nonce: sent.searchParams.get('nonce') }) }));
    await context.signIn.completeSignIn(new URLSearchParams({ code: 'c', state: sent.searchParams.get('state') }));
    await context.signIn.signIn('#/');
    assert.equal(new URL(context.visited.at(-1)).searchParams.get('prompt'), null);
  });
});

describe('signin: tokens over time', () => {
  const stored = (overrides = {}) =>
    JSON.stringify({ accessToken: 'at-1', refreshToken: 'rt-1', idToken: null, expiresAt: NOW + 3_600_000, user: { sub: 'sub-alice', name: 'alice' }, ...overrides });

  it('sends the access token while it is fresh, without asking the provider', async () => {
    const context = setUp();
    context.storage.setItem('breakfix.auth.user', stored());
    assert.equal(await context.signIn.accessToken(), 'at-1');
    assert.equal(context.endpoint.calls.length, 0);
  });

  it('refreshes before the access token runs out, on its own', async () => {
    const context = setUp({ answers: [tokenAnswer({ access_token: 'at-2', refresh_token: 'rt-2' })], signedIn: stored() });
    await context.signIn.accessToken();
    await context.advance(60_000);
    assert.equal(context.endpoint.calls.length, 0, 'not yet');
    await context.advance(3_600_000 - 3 * 60_000); // two minutes before the end
    await context.advance(0);
    assert.equal(context.endpoint.calls.length, 1);
    assert.equal(context.endpoint.calls[0].form.get('refresh_token'), 'rt-1');
    assert.equal(await context.signIn.accessToken(), 'at-2');
    assert.equal(JSON.parse(context.storage.getItem('breakfix.auth.user')).refreshToken, 'rt-2', 'a rotated refresh token replaces the old one');
  });

  it('refreshes a token too close to its end before sending it, once for two callers', async () => {
    const context = setUp({ answers: [tokenAnswer({ access_token: 'at-2' })] });
    context.storage.setItem('breakfix.auth.user', stored({ expiresAt: NOW + 10_000 }));
    const [a, b] = await Promise.all([context.signIn.accessToken(), context.signIn.accessToken()]);
    assert.deepEqual([a, b], ['at-2', 'at-2']);
    assert.equal(context.endpoint.calls.length, 1);
  });

  it('turns a refused refresh token into "sign in again", keeping the name', async () => {
    const context = setUp({ answers: [{ status: 400, body: { error: 'invalid_grant' } }] });
    context.storage.setItem('breakfix.auth.user', stored({ expiresAt: NOW - 1 }));
    await assert.rejects(context.signIn.accessToken(), { code: 'expired' });
    assert.deepEqual(context.signIn.status(), { kind: 'expired', user: { sub: 'sub-alice', name: 'alice' } });
    await assert.rejects(context.signIn.accessToken(), { code: 'expired' });
    assert.equal(context.endpoint.calls.length, 1, 'no more refreshes once it has run out');
  });

  it('keeps sending a token that has not run out when the provider cannot be reached', async () => {
    const context = setUp({ answers: [new TypeError('offline')] });
    context.storage.setItem('breakfix.auth.user', stored({ expiresAt: NOW + 20_000 }));
    assert.equal(await context.signIn.accessToken(), 'at-1');
    assert.equal(context.signIn.status().kind, 'signed-in');
  });

  it('refreshes once when the API refuses a token, and ends the sign-in if it refuses again', async () => {
    const context = setUp({ answers: [tokenAnswer({ access_token: 'at-2' })] });
    context.storage.setItem('breakfix.auth.user', stored());
    assert.equal(context.signIn.rejected('at-1'), true);
    assert.equal(await context.signIn.accessToken(), 'at-2');
    assert.equal(context.signIn.rejected('at-2'), false);
    assert.equal(context.signIn.status().kind, 'expired');
    assert.equal(context.signIn.rejected('someone-elses'), false);
  });

  it('hears another tab sign in and out', () => {
    let fire = null;
    const storage = memoryStorage();
    const signIn = createSignIn({ loadSettings: async () => LOCAL, storage, tabStorage: memoryStorage(), origin: 'x', onStorage: (listener) => (fire = listener), timers: { set: () => 0, clear: () => {} }, now: () => NOW });
    const heard = [];
    signIn.subscribe((now, before) => heard.push(`${before.kind}->${now.kind}`));
    storage.setItem('breakfix.auth.user', stored());
    fire({ key: 'breakfix.auth.user' });
    storage.removeItem('breakfix.auth.user');
    fire({ key: 'breakfix.auth.user' });
    fire({ key: 'something.else' });
    assert.deepEqual(heard, ['anonymous->signed-in', 'signed-in->anonymous']);
  });
});
