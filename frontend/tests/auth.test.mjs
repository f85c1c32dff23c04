// The anonymous sign-in's pure parts: when a token is reused, renewed or dropped. No browser needed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousAuth } from '../src/auth.js';

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
