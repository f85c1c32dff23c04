// Who the website calls the API as, without a browser: the anonymous token's reuse, renewal and
// dropping, and the choice between a signed-in user and the anonymous visitor.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousAuth, callerAuth } from '../src/auth.js';

/** localStorage's shape, in memory. */
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

const HOUR = 3_600_000;

function setUp({ now = 1_000_000_000_000 } = {}) {
  const clock = { now };
  const storage = memoryStorage();
  const issued = [];
  const auth = anonymousAuth({
    storage,
    now: () => clock.now,
    issue: async () => {
      const token = `token-${issued.length + 1}`;
      issued.push(token);
      return { token, expiresAt: new Date(clock.now + 24 * HOUR).toISOString() };
    },
  });
  return { auth, clock, storage, issued };
}

describe('anonymousAuth', () => {
  it('has no token, and asks for none, until one is needed', () => {
    const { auth, issued } = setUp();
    assert.equal(auth.current(), null);
    assert.deepEqual(issued, [], 'reading asks the API for nothing');
  });

  it('issues a token once and keeps using it', async () => {
    const { auth, issued } = setUp();
    assert.equal(await auth.obtain(), 'token-1');
    assert.equal(await auth.obtain(), 'token-1');
    assert.equal(auth.current(), 'token-1');
    assert.deepEqual(issued, ['token-1']);
  });

  it('shares one request between two callers at once', async () => {
    const { auth, issued } = setUp();
    const [a, b] = await Promise.all([auth.obtain(), auth.obtain()]);
    assert.equal(a, b);
    assert.equal(issued.length, 1);
  });

  it('renews a token that would expire before a new session ends', async () => {
    const { auth, clock } = setUp();
    await auth.obtain();
    clock.now += 23 * HOUR; // one hour left
    assert.equal(auth.current(), 'token-1', 'still good for a read');
    assert.equal(await auth.obtain({ validFor: 2 * HOUR }), 'token-2', 'a new session needs a token that outlives it');
  });

  it('stops using an expired token', async () => {
    const { auth, clock } = setUp();
    await auth.obtain();
    clock.now += 24 * HOUR;
    assert.equal(auth.current(), null);
  });

  it('drops a token the API refused, and only that one', async () => {
    const { auth } = setUp();
    await auth.obtain();
    auth.rejected('someone-else');
    assert.equal(auth.current(), 'token-1', 'a token that is not ours changes nothing');
    auth.rejected('token-1');
    assert.equal(auth.current(), null);
    assert.equal(await auth.obtain(), 'token-2');
  });

  it('uses the token another tab obtained', async () => {
    const { auth, storage, clock } = setUp();
    const other = anonymousAuth({ storage, now: () => clock.now, issue: async () => ({ token: 'from-other-tab', expiresAt: new Date(clock.now + HOUR * 24).toISOString() }) });
    await other.obtain();
    assert.equal(auth.current(), 'from-other-tab');
  });

  it('ignores garbage in storage', () => {
    const { auth, storage } = setUp();
    storage.setItem('breakfix.auth.anonymous', '{not json');
    assert.equal(auth.current(), null);
  });

  it('works in memory where storage is blocked', async () => {
    const auth = anonymousAuth({ storage: null, issue: async () => ({ token: 't', expiresAt: new Date(Date.now() + HOUR * 24).toISOString() }) });
    assert.equal(await auth.obtain(), 't');
    assert.equal(auth.current(), 't');
  });
});

describe('callerAuth', () => {
  /** A signed-in user as signin.js answers, whose state the test sets. */
  function user(kind = 'anonymous') {
    const calls = [];
    return {
      calls,
      kind,
      status() {
        return { kind: this.kind };
      },
      async accessToken() {
        calls.push('accessToken');
        if (this.kind === 'expired') throw Object.assign(new Error('run out'), { name: 'SignInError', code: 'expired' });
        return 'user-token';
      },
      rejected(token) {
        calls.push(`rejected ${token}`);
        return true;
      },
    };
  }

  it('is the anonymous visitor while nobody is signed in', async () => {
    const { auth: anonymous } = setUp();
    const caller = callerAuth({ user: user('anonymous'), anonymous });
    assert.equal(await caller.current(), null, 'no token yet, and none asked for');
    assert.equal(await caller.obtain(), 'token-1');
    assert.equal(await caller.current(), 'token-1');
    assert.equal(caller.rejected('token-1'), false, 'an anonymous action gets a new token instead');
    assert.equal(await caller.current(), null);
  });

  it('is the signed-in user when someone is, for reads and actions alike, and never the anonymous token', async () => {
    const { auth: anonymous, issued } = setUp();
    const signedIn = user('signed-in');
    const caller = callerAuth({ user: signedIn, anonymous });
    assert.equal(await caller.current(), 'user-token');
    assert.equal(await caller.obtain({ validFor: 2 * HOUR }), 'user-token');
    assert.equal(caller.rejected('user-token'), true, 'worth one more try: the user\'s token is refreshed');
    assert.deepEqual(issued, []);
  });

  it('says "sign in again" when the sign-in has run out, instead of acting as the anonymous visitor', async () => {
    const { auth: anonymous } = setUp();
    await anonymous.obtain();
    const caller = callerAuth({ user: user('expired'), anonymous });
    await assert.rejects(caller.current(), { name: 'SignInError', code: 'expired' });
    await assert.rejects(caller.obtain(), { name: 'SignInError', code: 'expired' });
  });
});
