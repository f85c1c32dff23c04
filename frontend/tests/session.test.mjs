// A session on the real platform, from "Start" to the summary: the stages while the server comes
// up, the workspace (countdown, Check, Hint, Extend, End), the summary, the dashboard, and one
// session at a time. Real servers are started; every test ends what it started.
//
// The terminal here is the real gateway's when the platform has one; the terminal's own behaviour
// (wire format, resize, reconnect) is tested in terminal.test.mjs, and the full typed fix in
// typed-fix.test.mjs.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { PHONE, apiGet, hashOf, launchBrowser, screenshot } from './support/browser.mjs';
import { endOpenSessions } from './support/sessions.mjs';

const SCENARIO = 'nginx-wont-start';
/** A first start on a fresh machine builds the scenario's image (a minute or two); later ones take seconds. */
const START_TIMEOUT = 240_000;

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let scenario;
const pages = [];

before(async () => {
  scenario = await apiGet(`/api/scenarios/${SCENARIO}`);
  browser = await launchBrowser();
});

// A visitor has one session at a time, and the tests' pages share one visitor: whatever a test
// started is ended before the next one, even when it failed half-way.
afterEach(async () => {
  for (const page of pages) await endOpenSessions(page).catch(() => {});
});

after(async () => {
  await browser?.close();
});

async function newPage() {
  const page = await browser.newPage();
  pages.push(page);
  return page;
}

/** Starts the scenario from its page and waits for the workspace. */
async function startFromScenarioPage(page) {
  await page.goApp(`#/scenarios/${SCENARIO}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('[data-view="workspace"]').waitFor({ timeout: START_TIMEOUT });
}

const feedback = (page) => page.locator('.action-feedback .feedback');

describe('a session, start to summary', () => {
  it('starts from the catalog, shows each stage while the server comes up, then the workspace', async () => {
    const page = await newPage();
    await page.goApp('#/');
    await page.locator(`.card[data-scenario="${SCENARIO}"] .card-link`).click();
    await page.locator('.scenario h1').waitFor();
    assert.match(await page.locator('.start-note').innerText(), new RegExp(`${scenario.timeLimitMinutes} minutes on the clock`));
    await screenshot(page, 'scenario-start');

    // Remember every stage the page shows, however quickly they pass.
    await page.evaluate(() => {
      window.seenStages = [];
      new MutationObserver(() => {
        const current = document.querySelector('.stage-current .stage-label')?.textContent;
        if (current && window.seenStages.at(-1) !== current) window.seenStages.push(current);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/sessions/'));
    const starting = page.locator('[data-view="starting"]');
    await starting.waitFor();
    assert.equal(await starting.locator('h1').innerText(), 'Preparing your server');
    assert.match(await starting.locator('.progress-status').innerText(), /…$/, 'the API\'s stage is shown while waiting');
    await screenshot(page, 'session-starting');

    await page.locator('[data-view="workspace"]').waitFor({ timeout: START_TIMEOUT });
    const seen = await page.evaluate(() => window.seenStages);
    assert.ok(seen.length >= 1, `the stages were shown: ${JSON.stringify(seen)}`);
    assert.equal(await page.locator('.workspace h1').innerText(), scenario.title);
    assert.equal(await page.title(), `${scenario.title} · breakfix`);

    // The countdown starts near the time limit.
    const left = await page.locator('.countdown-value').innerText();
    const [minutes] = left.split(':').map(Number);
    assert.ok(minutes >= scenario.timeLimitMinutes - 1 && minutes <= scenario.timeLimitMinutes, `countdown ${left}`);
    assert.deepEqual(page.errors, []);
    await endOpenSessions(page);
  });

  it('runs the check (failing before the fix), reveals hints, extends, ends, and sums up', async () => {
    const page = await newPage();
    await startFromScenarioPage(page);
    const sessionId = hashOf(page).split('/').at(-1);

    // Check before any fix: not solved, with the check's own sentence.
    await page.getByRole('button', { name: 'Check my solution' }).click();
    await feedback(page).waitFor();
    assert.equal(await feedback(page).getAttribute('data-feedback'), 'failure');
    assert.match(await feedback(page).innerText(), /Not solved yet[\s\S]*nginx is not running/);
    await screenshot(page, 'session-check-failed');

    // A second check at once is refused for a few seconds; the button says how long.
    await page.getByRole('button', { name: 'Check my solution' }).click();
    await page.locator('[data-feedback="warning"]').waitFor();
    const check = page.locator('[data-action="check"]');
    assert.match(await check.innerText(), /Check again in \d s/);
    assert.equal(await check.isDisabled(), true);
    await page.waitForFunction(() => document.querySelector('[data-action="check"]')?.textContent === 'Check my solution', null, { timeout: 10_000 });

    // Hints come one at a time, shown inline and listed.
    const hint = page.locator('[data-action="hint"]');
    assert.equal(await hint.innerText(), `Hint 1 of ${scenario.hintCount}`);
    await hint.click();
    await page.locator('.feedback-info').filter({ hasText: `Hint 1 of ${scenario.hintCount}` }).waitFor();
    assert.equal(await page.locator('.hint-list .hint').count(), 1);
    assert.match(await page.locator('.hint-list .hint').first().innerText(), /systemctl status nginx/);
    assert.equal(await page.locator('.hint-list code').count() > 0, true, 'the hint\'s Markdown is rendered');
    await page.waitForFunction((n) => document.querySelector('[data-action="hint"]')?.textContent === `Hint 2 of ${n}`, scenario.hintCount);

    // Extend: the end moves later, or the page says why it cannot (the allowance depends on the
    // caller: anonymous play may have none).
    const endsBefore = await page.locator('.countdown-ends').innerText();
    const expiresBefore = (await apiSession(page, sessionId)).expiresAt;
    await page.locator('[data-action="extend"]').click();
    const answer = page.locator('.action-feedback .feedback');
    await page.locator('.feedback-info', { hasText: 'More time' }).or(page.locator('[data-feedback="warning"]')).waitFor();
    const expiresAfter = (await apiSession(page, sessionId)).expiresAt;
    if ((await answer.getAttribute('data-feedback')) === 'info') {
      assert.ok(Date.parse(expiresAfter) > Date.parse(expiresBefore), 'the session lasts longer');
      assert.notEqual(await page.locator('.countdown-ends').innerText(), endsBefore);
    } else {
      assert.match(await answer.innerText(), /No more time can be added/);
      assert.equal(expiresAfter, expiresBefore);
      assert.equal(await page.locator('[data-action="extend"]').isDisabled(), true);
    }
    await screenshot(page, 'session-workspace');

    // A reload keeps the revealed hint.
    await page.reload();
    await page.locator('[data-view="workspace"]').waitFor();
    assert.equal(await page.locator('.hint-list .hint').count(), 1);

    // End asks first; Escape (or "Keep working") changes nothing.
    const end = page.locator('[data-action="end"]');
    await end.click();
    const dialog = page.locator('dialog[data-view="end-dialog"]');
    await dialog.waitFor();
    assert.equal(await dialog.evaluate((d) => d.open), true);
    assert.match(await dialog.innerText(), /You have not solved it yet/);
    await screenshot(page, 'session-end-dialog');
    await page.keyboard.press('Escape');
    assert.equal(await dialog.evaluate((d) => d.open), false);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'end', 'focus returns to End');
    assert.equal((await apiSession(page, sessionId)).state, 'READY');

    await end.click();
    await page.getByRole('button', { name: 'End session' }).click();
    const summary = page.locator('[data-summary]');
    await summary.waitFor({ timeout: 30_000 });
    assert.equal(await summary.getAttribute('data-view'), 'ended');
    assert.equal(await summary.locator('h1').innerText(), 'Session ended');
    assert.equal(await summary.locator('[data-fact="Result"] dd').innerText(), 'Not solved');
    assert.equal(await summary.locator('[data-fact="Checks run"] dd').innerText(), '1');
    assert.equal(await summary.locator('[data-fact="Hints used"] dd').innerText(), `1 of ${scenario.hintCount}`);
    assert.match(await summary.locator('.summary-when').innerText(), /you ended it/);
    // The replay: a player, or a plain "not available".
    await page.locator('.replay-player, [data-replay="unavailable"]').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'session-summary');
    assert.deepEqual(page.errors, []);

    // The dashboard lists it, with a link to its replay.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const row = page.locator(`tr[data-session="${sessionId}"]`);
    await row.waitFor();
    assert.equal(await row.locator('th a').innerText(), scenario.title);
    assert.equal(await row.locator('.state-badge').innerText(), 'Not solved');
    assert.equal(await row.locator('td[data-label="Checks"]').innerText(), '1');
    assert.equal(await row.locator('td[data-label="Hints"]').innerText(), '1');
    await screenshot(page, 'dashboard');
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px at phone width`);
    await screenshot(page, 'dashboard-phone');

    await row.getByRole('link', { name: 'Replay' }).click();
    await page.waitForFunction((id) => location.hash === `#/replays/${id}`, sessionId);
    await page.locator('.page-replay h1', { hasText: `Replay: ${scenario.title}` }).waitFor();
    await page.locator('.replay-player, [data-replay="unavailable"]').first().waitFor({ timeout: 15_000 });
    await endOpenSessions(page);
  });

  it('offers to go to the session already running instead of starting a second one', async () => {
    const page = await newPage();
    await startFromScenarioPage(page);
    const running = hashOf(page);

    await page.goApp(`#/scenarios/${SCENARIO}`);
    await page.getByRole('button', { name: 'Start' }).click();
    const notice = page.locator('[data-view="active-session"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /You already have a session running/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.view), 'active-session', 'the notice takes focus, so it is read');
    await screenshot(page, 'scenario-active-session');
    await notice.getByRole('link', { name: 'Go to your session' }).click();
    await page.locator('[data-view="workspace"]').waitFor();
    assert.equal(hashOf(page), running);

    // The dashboard points at it too.
    await page.goApp('#/dashboard');
    await page.locator('[data-view="active-session"]').waitFor();
    await endOpenSessions(page);
  });

  it('lets the keyboard reach every action, in order', async () => {
    const page = await newPage();
    await startFromScenarioPage(page);
    await page.locator('.workspace h1').focus();
    const order = [];
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.dataset.action ?? document.activeElement?.id ?? document.activeElement?.className));
    }
    assert.deepEqual(order.slice(0, 5), ['check', 'end-when-solved', 'hint', 'extend', 'end']);
    await endOpenSessions(page);
  });
});

/** The session as the API sees it, read with the page's own token. */
function apiSession(page, id) {
  return page.evaluate(async (sessionId) => {
    const { token } = JSON.parse(localStorage.getItem('breakfix.auth.anonymous'));
    return (await fetch(`/api/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  }, id);
}
