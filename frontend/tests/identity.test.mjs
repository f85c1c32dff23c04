// Signing in with the real local OIDC provider, end to end in Chromium: alice signs in through the
// provider's login page, plays a session as herself, finds it on her dashboard and signs out; bob
// cannot see it; a wrong password gets the provider's own answer; a cancelled, forged or run-out
// sign-in gets a sentence (never a stack trace); tokens are refreshed before they run out; tabs
// stay in step; and a platform without sign-in offers none. A real server is started (and ended).

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { PHONE, apiGet, hashOf, launchBrowser, platformUrl, screenshot } from './support/browser.mjs';
import { ALICE, BOB, headerSignIn, headerSignOut, signIn, signOut, storedUser } from './support/identity.mjs';
import { endOpenSessions, json } from './support/sessions.mjs';

const SCENARIO = 'nginx-wont-start';
/** A first start on a fresh machine builds the scenario's image (a minute or two); later ones take seconds. */
const START_TIMEOUT = 240_000;

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let scenario;
const pages = [];
/** alice's session, for bob to look for. */
let aliceSession = null;

before(async () => {
  scenario = await apiGet(`/api/scenarios/${SCENARIO}`);
  browser = await launchBrowser();
});

// Whatever a test started is ended, even when it failed half-way; its pages close (an open page
// would take part in the next test: tabs share a sign-in).
afterEach(async () => {
  for (const page of pages) await endOpenSessions(page).catch(() => {});
  for (const page of pages.splice(0)) await page.close().catch(() => {});
});

after(async () => {
  await browser?.close();
});

async function newPage() {
  const page = await browser.newPage();
  pages.push(page);
  return page;
}

/** The tokens' requests to the provider's token endpoint, as the page makes them. */
function tokenRequests(page) {
  const seen = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/oidc/token') && request.method() === 'POST') seen.push(new URLSearchParams(request.postData() ?? ''));
  });
  return seen;
}

/** A session as the API answers it to this bearer token: its status code. */
function sessionStatusFor(page, id, token) {
  return page.evaluate(
    async ([sessionId, bearer]) => (await fetch(`/api/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${bearer}` } })).status,
    [id, token],
  );
}

describe('signing in', () => {
  it('signs alice in through the provider\'s login page, plays a session as her, and lists it on her dashboard', async () => {
    const page = await newPage();
    const tokens = tokenRequests(page);
    await page.goApp('#/dashboard');
    await page.locator('[data-view="empty"]').waitFor();
    assert.equal(await headerSignIn(page).innerText(), 'Sign in');
    await page.locator('[data-view="caller-note"]').waitFor();
    assert.match(await page.locator('[data-view="caller-note"]').innerText(), /do not move to your account/);
    await screenshot(page, 'identity-dashboard-anonymous');

    await signIn(page, ALICE, { screenshotLogin: (login) => screenshot(login, 'identity-provider-login') });
    // Back where she was, the code gone from the address, her name in the header.
    assert.equal(hashOf(page), '#/dashboard');
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.locator('.account-name-text').innerText(), 'alice');
    assert.match(await page.locator('[data-view="signed-in"]').innerText(), /Signed in as alice.*not moved to your account/s);
    assert.match(await page.locator('.page-dashboard .lead').innerText(), /Signed in as alice/);
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].get('grant_type'), 'authorization_code');
    assert.equal(tokens[0].get('client_id'), 'breakfix-website');
    assert.match(tokens[0].get('code_verifier') ?? '', /^[A-Za-z0-9_-]{43}$/);
    const user = await storedUser(page);
    assert.deepEqual(user.user, { sub: '6f1d2a8e-4c1b-4f0e-9a37-a11ce0000001', name: 'alice' });
    assert.ok(user.refreshToken, 'a refresh token, to stay signed in');
    await screenshot(page, 'identity-signed-in');

    // A session, as alice: her time limit, her token.
    await page.goApp(`#/scenarios/${SCENARIO}`);
    assert.match(await page.locator('.start-note').innerText(), new RegExp(`${scenario.timeLimitMinutes} minutes on the clock`));
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-view="workspace"]').waitFor({ timeout: START_TIMEOUT });
    aliceSession = decodeURIComponent(hashOf(page).replace('#/sessions/', ''));
    assert.match(aliceSession, /^s-[0-9a-z]{20}$/);
    assert.equal(await sessionStatusFor(page, aliceSession, (await storedUser(page)).accessToken), 200, 'alice\'s own');
    const visitor = await page.evaluate(async () => (await (await fetch('/api/auth/anonymous', { method: 'POST' })).json()).token);
    assert.equal(await sessionStatusFor(page, aliceSession, visitor), 404, 'not the anonymous visitor\'s');
    await screenshot(page, 'identity-alice-session');

    // Her dashboard lists it, running, then ended.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator(`tr[data-session="${aliceSession}"]`).waitFor();
    await page.locator('[data-view="active-session"]').waitFor();
    await endOpenSessions(page);
    await page.reload();
    const row = page.locator(`tr[data-session="${aliceSession}"]`);
    await row.waitFor();
    assert.equal(await row.locator('th a').innerText(), scenario.title);
    assert.equal(await row.locator('.state-badge').innerText(), 'Not solved');
    const summary = page.locator('[data-view="solved-summary"]');
    assert.match(await summary.innerText(), /Tried, not solved yet: .*\(\d+ attempts?\)/s);
    assert.match(await page.locator('[data-view="caller-note"]').innerText(), /without signing in are not listed here/);
    await screenshot(page, 'identity-dashboard-alice');
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px at phone width`);
    await screenshot(page, 'identity-dashboard-alice-phone');
    assert.deepEqual(page.errors, []);
  });

  it('refreshes alice\'s access token before it runs out, and keeps using the new one', async () => {
    const page = await newPage();
    const tokens = tokenRequests(page);
    await page.goApp('#/dashboard');
    const before = await storedUser(page);
    assert.ok(before, 'still signed in (the tests share one browser profile)');
    // The access token now "runs out" in 2 minutes 5 seconds: the page refreshes 2 minutes ahead.
    await page.evaluate(() => {
      const user = JSON.parse(localStorage.getItem('breakfix.auth.user'));
      localStorage.setItem('breakfix.auth.user', JSON.stringify({ ...user, expiresAt: Date.now() + 125_000 }));
    });
    await page.reload();
    await page.waitForFunction((old) => JSON.parse(localStorage.getItem('breakfix.auth.user') ?? 'null')?.accessToken !== old, before.accessToken, { timeout: 20_000 });
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].get('grant_type'), 'refresh_token');
    assert.equal(tokens[0].get('refresh_token'), before.refreshToken);
    const after = await storedUser(page);
    assert.ok(after.expiresAt - Date.now() > 30 * 60_000, 'a fresh hour');
    assert.notEqual(after.refreshToken, before.refreshToken, 'the local provider rotates refresh tokens');
    // The new token works.
    await page.reload();
    await page.locator(`tr[data-session="${aliceSession}"]`).waitFor();
    assert.equal(await page.locator('.account-name-text').innerText(), 'alice');
    assert.deepEqual(page.errors, []);
  });

  it('signs alice out, here and at the provider', async () => {
    const page = await newPage();
    await page.goApp('#/dashboard');
    await page.locator(`tr[data-session="${aliceSession}"]`).waitFor();
    const before = await storedUser(page);
    await signOut(page);
    assert.equal(hashOf(page), '#/dashboard', 'back where she was');
    assert.match(await page.locator('[data-view="signed-out"]').innerText(), /signed out/);
    assert.equal(await storedUser(page), null);
    await headerSignIn(page).waitFor();
    await page.locator('.page-dashboard .lead').waitFor();
    assert.equal(await page.locator(`tr[data-session="${aliceSession}"]`).count(), 0, 'the anonymous visitor does not see her sessions');
    await screenshot(page, 'identity-signed-out');

    // The provider ended her grant: her refresh token is worth nothing now.
    const refused = await page.evaluate(async ([refreshToken]) => {
      const config = await (await fetch('/api/auth/config')).json();
      const response = await fetch(config.tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: config.clientId }),
      });
      return { status: response.status, error: (await response.json()).error };
    }, [before.refreshToken]);
    assert.deepEqual(refused, { status: 400, error: 'invalid_grant' });
    // And the next sign-in in this browser asks for a password, whoever it is for.
    let prompt = null;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/oidc/auth')) prompt = new URL(request.url()).searchParams.get('prompt');
    });
    await headerSignIn(page).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.locator('#password').waitFor();
    assert.equal(prompt, 'login');
    assert.deepEqual(page.errors, []);
  });

  it('lets bob sign in, and he does not see alice\'s session, not even at its address', async () => {
    assert.ok(aliceSession, 'alice\'s session from the first test');
    const page = await newPage();
    await page.goApp('#/dashboard');
    await signIn(page, BOB);
    assert.equal(await page.locator('.account-name-text').innerText(), 'bob');
    await page.locator('.page-dashboard .lead').waitFor();
    await page.locator('[data-view="empty"], .sessions-table').first().waitFor();
    assert.equal(await page.locator(`tr[data-session="${aliceSession}"]`).count(), 0);

    await page.goApp(`#/sessions/${aliceSession}`);
    const view = page.locator('[data-view="not-found"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'Session not found');
    assert.match(await view.innerText(), /in your account \(bob\)/);
    assert.equal(await sessionStatusFor(page, aliceSession, (await storedUser(page)).accessToken), 404);
    await screenshot(page, 'identity-bob-not-found');

    await signOut(page);
    assert.deepEqual(page.errors, []);
  });

  it('shows the provider\'s own answer to a wrong password, and stores nothing', async () => {
    const page = await newPage();
    await page.goApp('#/');
    await headerSignIn(page).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.locator('#username').fill(ALICE.username);
    await page.locator('#password').fill('not-her-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('[role="alert"]');
    await error.waitFor();
    assert.equal(await error.innerText(), 'Wrong username or password.');
    assert.match(page.url(), /\/oidc\/interaction\//, 'still at the provider');
    await screenshot(page, 'identity-wrong-password');
    await page.goApp('#/');
    assert.equal(await storedUser(page), null);
    await headerSignIn(page).waitFor();
  });
});

describe('when signing in goes wrong', () => {
  it('says a cancelled sign-in was cancelled, and comes back to the page it left', async () => {
    const page = await newPage();
    let state = null;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/oidc/auth')) state = url.searchParams.get('state');
    });
    await page.goApp('#/dashboard');
    await headerSignIn(page).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    assert.ok(state, 'the website sent a state');
    // What the provider sends back when the user says no.
    await page.goto(`${platformUrl()}/?error=access_denied&state=${encodeURIComponent(state)}`);
    const message = page.locator('[data-view="sign-in-error"]');
    await message.waitFor();
    assert.match(await message.innerText(), /Sign-in was cancelled/);
    assert.equal(hashOf(page), '#/dashboard');
    assert.equal(new URL(page.url()).search, '');
    await page.locator('.page-dashboard .lead').waitFor();
    await screenshot(page, 'identity-cancelled');
    assert.deepEqual(page.errors, []);
  });

  it('refuses an answer this tab did not ask for, without trading its code', async () => {
    const page = await newPage();
    const tokens = tokenRequests(page);
    await page.goto(`${platformUrl()}/?code=stolen-code&state=forged`);
    const message = page.locator('[data-view="sign-in-error"]');
    await message.waitFor();
    assert.match(await message.innerText(), /not started in this tab/);
    assert.equal(tokens.length, 0, 'the code is not traded');
    assert.equal(new URL(page.url()).search, '');
    assert.equal(hashOf(page), '#/');
    await page.locator('.cards, [data-view="catalog"]').first().waitFor();
    assert.equal(await storedUser(page), null);
    // The provider's own words never reach the page: only ours.
    await page.goto(`${platformUrl()}/?error=server_error&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3ECall%20us&state=forged`);
    await message.waitFor();
    assert.doesNotMatch(await message.innerText(), /Call us|img/);
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.errors, []);
  });

  it('asks to sign in again when the sign-in has run out, instead of showing a stranger\'s sessions', async () => {
    const page = await newPage();
    await page.goApp('#/');
    await page.evaluate(() =>
      localStorage.setItem(
        'breakfix.auth.user',
        JSON.stringify({ accessToken: 'old', refreshToken: 'revoked-refresh-token', idToken: null, expiresAt: Date.now() - 1000, user: { sub: 'x', name: 'alice' } }),
      ),
    );
    await page.goApp('#/dashboard');
    await page.reload();
    const problem = page.locator('[data-view="error"]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /Your sign-in has run out/);
    assert.equal(await problem.getByRole('button', { name: 'Sign in again' }).count(), 1);
    assert.equal(await problem.getByRole('button', { name: 'Try again' }).count(), 0);
    assert.equal(await page.locator('.account').getAttribute('data-state'), 'expired');
    assert.equal(await headerSignIn(page).innerText(), 'Sign in again');
    await screenshot(page, 'identity-expired');
    await page.evaluate(() => localStorage.removeItem('breakfix.auth.user')); // the next tests start signed out
    assert.deepEqual(page.errors, []);
  });
});

describe('tabs and platforms', () => {
  it('keeps tabs in step: signing in or out in one shows in the others', async () => {
    const first = await newPage();
    const second = await newPage();
    await second.goApp('#/');
    await headerSignIn(second).waitFor();
    await first.goApp('#/');
    await signIn(first, ALICE);
    await second.locator('.account-name-text', { hasText: 'alice' }).waitFor();
    await signOut(first);
    await headerSignIn(second).waitFor();
    assert.equal(await headerSignOut(second).count(), 0);
    assert.deepEqual([...first.errors, ...second.errors], []);
  });

  it('offers no sign-in where the platform has none', async () => {
    const page = await newPage();
    await page.route('**/api/auth/config', (route) => route.fulfill(json(200, { enabled: false })));
    await page.goApp('#/dashboard');
    await page.locator('[data-view="empty"]').waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.account button').count(), 0);
    assert.equal(await page.locator('[data-view="caller-note"]').count(), 0);
  });
});
