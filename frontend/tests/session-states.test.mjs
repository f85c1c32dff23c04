// What the session pages say in the states a test cannot easily bring about on a real platform:
// a full platform, a server that failed, a session whose time ran out, a solved check, refusals
// (no more hints, no more time), unknown sessions, and hostile text in every server field. The
// API's answers are stood in with `page.route`; the rest of the site is the real one.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DESKTOP, PHONE, hashOf, launchBrowser, screenshot } from './support/browser.mjs';
import { apiError, castOf, fakeGateway, json, serveSession, sessionJson, withVisitorToken } from './support/sessions.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

/** A page with a visitor token, showing a stood-in session. */
async function sessionPage(session, { gateway = false } = {}) {
  const page = await browser.newPage();
  await page.goApp('#/');
  await withVisitorToken(page);
  await serveSession(page, session);
  if (gateway) await fakeGateway(page);
  await page.goApp(`#/sessions/${(typeof session === 'function' ? session() : session).id}`);
  return page;
}

describe('friendly pages', () => {
  it('says all servers are busy when Start gets 429 CAPACITY, and counts down to "Try again"', async () => {
    const page = await browser.newPage();
    await page.route('**/api/sessions', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill(apiError(429, 'CAPACITY', 'Every server is busy. Try again in a minute.', { retryAfterSeconds: '2' }, { 'Retry-After': '2' }))
        : route.fallback(),
    );
    await page.goApp('#/scenarios/nginx-wont-start');
    await page.getByRole('button', { name: 'Start' }).click();

    const notice = page.locator('[data-view="capacity"]');
    await notice.waitFor();
    assert.equal(await notice.locator('h2').innerText(), 'All servers are busy');
    assert.match(await notice.innerText(), /try again in a minute, or pick another scenario/);
    assert.equal(await notice.getAttribute('role'), 'alert');
    const start = page.locator('[data-action="start"]');
    assert.match(await start.innerText(), /Try again in \d s/);
    assert.equal(await start.isDisabled(), true);
    await screenshot(page, 'friendly-capacity-on-start');
    await page.waitForFunction(() => document.querySelector('[data-action="start"]')?.textContent === 'Try again', null, { timeout: 5000 });
    assert.equal(await start.isDisabled(), false);
    await notice.getByRole('link', { name: 'Pick another scenario' }).click();
    await page.locator('.card').first().waitFor();
    await page.close();
  });

  it('explains a session that failed for want of a server (FAILED, CAPACITY)', async () => {
    const page = await sessionPage(
      sessionJson({ id: 's-capacity0000000000000', state: 'FAILED', expiresAt: null, failure: { code: 'CAPACITY', message: 'No server slot is free.' } }),
    );
    const view = page.locator('[data-view="capacity"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'All servers are busy');
    assert.ok(await view.getByRole('button', { name: 'Try again' }).isVisible());
    assert.ok(await view.getByRole('link', { name: 'Pick another scenario' }).isVisible());
    await screenshot(page, 'friendly-capacity-failed');
    await page.close();
  });

  it('explains a server that failed to start, quoting the platform as text only', async () => {
    const page = await sessionPage(
      sessionJson({ id: 's-bootfail0000000000000', state: 'FAILED', expiresAt: null, failure: { code: 'BOOT_FAILED', message: `The server did not answer SSH. ${HOSTILE}` } }),
    );
    const view = page.locator('[data-view="failed"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'Your server could not be started');
    assert.match(await view.innerText(), /It was not anything you did/);
    assert.ok((await view.locator('.problem-detail').innerText()).includes(HOSTILE), 'the message is shown as text');
    assert.equal(await view.locator('img, script').count(), 0);
    await screenshot(page, 'friendly-server-failed');

    // "Try again" starts a new session of the same scenario: here, the platform is full.
    await page.route('**/api/sessions', (route) =>
      route.request().method() === 'POST' ? route.fulfill(apiError(429, 'CAPACITY', 'Full.', {}, { 'Retry-After': '30' })) : route.fallback(),
    );
    await view.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.start-feedback [data-view="capacity"]').waitFor();
    assert.deepEqual(page.dialogs, []);
    await page.close();
  });

  it('says "Time’s up" for a session that expired, with what to do next and the summary', async () => {
    const id = 's-expired00000000000000';
    const expired = await sessionPage(
      sessionJson({ id, state: 'ENDED', endReason: 'EXPIRED', endedAt: new Date().toISOString(), checks: 4, hintsRevealed: 2 }),
    );
    await expired.route(`**/api/sessions/${id}/recording`, (route) => route.fulfill(apiError(404, 'NOT_FOUND', 'No recording.')));
    await expired.route(`**/api/replays/${id}`, (route) => route.fulfill(apiError(404, 'NOT_FOUND', 'No replay.')));
    const summary = expired.locator('[data-view="expired"]');
    await summary.waitFor();
    assert.equal(await summary.locator('h1').innerText(), 'Time’s up');
    assert.match(await summary.locator('.lead').innerText(), /time limit ran out[\s\S]*start again[\s\S]*pick another scenario/);
    assert.equal(await summary.locator('[data-fact="Checks run"] dd').innerText(), '4');
    assert.equal(await summary.locator('[data-fact="Hints used"] dd').innerText(), '2 of 3');
    assert.ok(await summary.getByRole('button', { name: 'Start again' }).isVisible());
    await expired.locator('[data-replay="unavailable"]').waitFor();
    assert.match(await expired.locator('[data-replay="unavailable"]').innerText(), /Recording not available/);
    assert.equal(await expired.evaluate(() => document.activeElement?.tagName), 'H1', 'the heading takes focus, so it is read first');
    await screenshot(expired, 'friendly-expired');
    await expired.close();
  });

  it('says a session is not found when it is not this browser\'s', async () => {
    const page = await browser.newPage();
    await page.goApp('#/');
    await withVisitorToken(page);
    await page.goApp('#/sessions/s-nobody0000000000000000');
    const view = page.locator('[data-view="not-found"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'Session not found');
    assert.ok(await view.getByRole('link', { name: 'Your sessions' }).isVisible());
    await page.close();
  });

  it('shows an error with "Try again" when the session cannot be read', async () => {
    const id = 's-unreadable00000000000';
    const page = await browser.newPage();
    await page.goApp('#/');
    await withVisitorToken(page);
    let fail = true;
    await page.route(`**/api/sessions/${id}`, (route) =>
      fail ? route.fulfill(apiError(503, 'UNAVAILABLE', 'The session store is restarting. Try again in a moment.')) : route.fulfill(json(200, sessionJson({ id, state: 'FAILED', failure: { code: 'LAUNCH_FAILED', message: 'x' } }))),
    );
    await page.goApp(`#/sessions/${id}`);
    const view = page.locator('[data-view="error"]');
    await view.waitFor();
    assert.match(await view.innerText(), /The session store is restarting/);
    fail = false;
    await view.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-view="failed"]').waitFor();
    await page.close();
  });
});

describe('the workspace\'s answers', () => {
  it('shows a solved check with "End now", then the summary with the time to solve', async () => {
    const id = 's-solved000000000000000';
    let session = sessionJson({ id });
    const page = await sessionPage(() => session, { gateway: true });
    await page.locator('[data-view="workspace"]').waitFor();
    await page.route(`**/api/sessions/${id}/check`, (route) => {
      session = { ...session, solved: true, checks: 1, solvedAt: new Date().toISOString(), timeToSolveSeconds: 252 };
      return route.fulfill(json(200, { solved: true, message: 'nginx is up: both sites answer.', ending: false }));
    });
    await page.route(`**/api/sessions/${id}`, (route) => {
      if (route.request().method() !== 'DELETE') return route.fallback();
      session = { ...session, endRequested: true };
      setTimeout(() => {
        session = { ...session, state: 'ENDED', endReason: 'USER', endedAt: new Date().toISOString(), progress: { stage: 'Ended', step: 4, of: 4 } };
      }, 800);
      return route.fulfill(json(202, session));
    });
    await page.route(`**/api/sessions/${id}/recording`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/x-asciicast', body: castOf(['sudo nginx -t']) }),
    );

    await page.getByRole('button', { name: 'Check my solution' }).click();
    const solved = page.locator('[data-feedback="success"]');
    await solved.waitFor();
    assert.match(await solved.innerText(), /Solved![\s\S]*nginx is up: both sites answer\./);
    await screenshot(page, 'session-solved');

    await solved.getByRole('button', { name: 'End now and see your summary' }).click();
    await page.locator('[data-view="ending"]').waitFor();
    const summary = page.locator('[data-view="solved"]');
    await summary.waitFor({ timeout: 10_000 });
    assert.match(await summary.locator('h1').innerText(), /You fixed it/);
    assert.equal(await summary.locator('[data-fact="Time to solve"] dd').innerText(), '4 min 12 s');
    await page.locator('.replay-player .ap-term').waitFor({ timeout: 10_000 });
    await screenshot(page, 'session-summary-solved');
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the summary scrolls sideways by ${overflow}px at phone width`);
    await screenshot(page, 'session-summary-phone');
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('ends at once when "end when solved" is ticked and the check passes', async () => {
    const id = 's-endwhen00000000000000';
    let session = sessionJson({ id });
    const page = await sessionPage(() => session, { gateway: true });
    await page.locator('[data-view="workspace"]').waitFor();
    let asked;
    await page.route(`**/api/sessions/${id}/check`, (route) => {
      asked = route.request().postDataJSON();
      session = { ...session, solved: true, endRequested: true, timeToSolveSeconds: 61 };
      setTimeout(() => {
        session = { ...session, state: 'ENDED', endReason: 'SOLVED_AND_ENDED', endedAt: new Date().toISOString() };
      }, 500);
      return route.fulfill(json(200, { solved: true, message: 'Fixed.', ending: true }));
    });
    await page.getByLabel('End the session when solved').check();
    await page.getByRole('button', { name: 'Check my solution' }).click();
    await page.locator('[data-view="solved"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(asked, { endWhenSolved: true });
    assert.match(await page.locator('.summary-when').innerText(), /solved, then ended/);
    await page.close();
  });

  it('moves the countdown\'s end when Extend adds time', async () => {
    const id = 's-extend000000000000000';
    const page = await sessionPage(sessionJson({ id, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() }), { gateway: true });
    await page.locator('[data-view="workspace"]').waitFor();
    const later = new Date(Date.now() + 15 * 60_000).toISOString();
    await page.route(`**/api/sessions/${id}/extend`, (route) => route.fulfill(json(200, { expiresAt: later })));
    const before = await page.locator('.countdown-value').innerText();
    assert.match(before, /^[45]:\d\d$/);
    await page.locator('[data-action="extend"]').click();
    await page.locator('.feedback-info', { hasText: 'More time' }).waitFor();
    assert.match(await page.locator('.countdown-value').innerText(), /^1[45]:\d\d$/);
    await page.close();
  });

  it('says when there are no more hints or no more time, and renders hints safely', async () => {
    const id = 's-refusals0000000000000';
    const page = await sessionPage(sessionJson({ id }), { gateway: true });
    await page.locator('[data-view="workspace"]').waitFor();
    let hints = 0;
    await page.route(`**/api/sessions/${id}/hints`, (route) => {
      hints += 1;
      if (hints > 1) return route.fulfill(apiError(409, 'NO_MORE_HINTS', 'You have seen all 3 hints.'));
      return route.fulfill(json(200, { index: 0, text: `Run \`nginx -t\`. ${HOSTILE} [x](javascript:alert(3))`, of: 3 }));
    });
    await page.route(`**/api/sessions/${id}/extend`, (route) =>
      route.fulfill(apiError(409, 'EXTENSION_LIMIT', 'This session has had all the extra time it can have.')),
    );

    await page.locator('[data-action="hint"]').click();
    await page.locator('.hint-list .hint').first().waitFor();
    assert.equal(await page.locator('.hint-list code').first().innerText(), 'nginx -t');
    assert.equal(await page.locator('.workspace [onerror], .workspace script, .workspace a[href^="javascript"]').count(), 0);
    await page.locator('[data-action="hint"]').click();
    await page.locator('.feedback-info').filter({ hasText: 'You have seen all 3 hints.' }).waitFor();

    await page.locator('[data-action="extend"]').click();
    await page.locator('[data-feedback="warning"]').filter({ hasText: 'all the extra time' }).waitFor();
    assert.equal(await page.locator('[data-action="extend"]').isDisabled(), true);
    assert.deepEqual(page.dialogs, []);
    await page.close();
  });

  it('turns the countdown red near the end, and shows "Time’s up" when the time runs out', async () => {
    const id = 's-runningout00000000000';
    let session = sessionJson({ id, expiresAt: new Date(Date.now() + 3000).toISOString() });
    const page = await sessionPage(() => session, { gateway: true });
    await page.route(`**/api/sessions/${id}/recording`, (route) => route.fulfill(apiError(404, 'NOT_FOUND', 'None.')));
    await page.route(`**/api/replays/${id}`, (route) => route.fulfill(apiError(404, 'NOT_FOUND', 'None.')));
    await page.locator('[data-view="workspace"]').waitFor();
    assert.match(await page.locator('.countdown').getAttribute('class'), /countdown-low/);
    await screenshot(page, 'session-countdown-low');
    session = { ...session, state: 'ENDED', endReason: 'EXPIRED', endedAt: session.expiresAt };
    // When the countdown reaches zero the page reads the session at once (not at the next 5 s poll).
    await page.locator('[data-view="expired"]').waitFor({ timeout: 4500 });
    await page.close();
  });
});

describe('starting', () => {
  it('shows every stage while the server comes up, with the API\'s own words', async () => {
    const id = 's-stages0000000000000000';
    const states = [
      ['REQUESTED', 'Reserving a server', 1],
      ['LAUNCHING', 'Launching your server', 2],
      ['BOOTING', 'Waiting for your server to accept SSH', 3],
    ];
    let at = 0;
    const page = await sessionPage(() => {
      const [state, stage, step] = states[Math.min(at, states.length - 1)];
      return sessionJson({ id, state, progress: { stage, step, of: 4 }, createdAt: new Date().toISOString(), readyAt: null, expiresAt: null });
    });
    for (const [state, stage, step] of states) {
      at = step - 1;
      await page.locator(`.stage[data-state="${state}"][aria-current="step"]`).waitFor();
      assert.equal(await page.locator('.progress-status').innerText(), `${stage}…`);
      assert.equal(await page.locator('.stage-done').count(), step - 1);
      if (state === 'LAUNCHING') await screenshot(page, 'session-stages');
    }
    assert.equal(hashOf(page), `#/sessions/${id}`);
    assert.equal(await page.locator('.progress-slow').isVisible(), false);
    await page.close();
  });

  it('says why when the start takes long (an image being built)', async () => {
    const id = 's-slowstart000000000000';
    const page = await sessionPage(
      sessionJson({ id, state: 'LAUNCHING', progress: { stage: 'Launching your server', step: 2, of: 4 }, createdAt: new Date(Date.now() - 45_000).toISOString(), readyAt: null, expiresAt: null }),
    );
    await page.locator('.progress-slow').waitFor();
    assert.match(await page.locator('.progress-slow').innerText(), /taking longer than usual/);
    assert.match(await page.locator('.progress-elapsed').innerText(), /^4\d s$/);
    await page.close();
  });
});
