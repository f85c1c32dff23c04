// Replays and the dashboard, with recordings and session lists stood in by `page.route`: the
// player plays what was typed, a public replay plays without the owner's token, a missing
// recording says so, and the dashboard pages through `next` and sums up the scenarios solved.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiGet, launchBrowser, screenshot } from './support/browser.mjs';
import { apiError, castOf, json, serveSession, sessionJson, withVisitorToken } from './support/sessions.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let scenario;

before(async () => {
  scenario = await apiGet('/api/scenarios/nginx-wont-start');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const COMMANDS = ["sudo sed -i 's/ default_server;/;/' /etc/nginx/sites-available/intranet", 'sudo nginx -t', 'sudo systemctl restart nginx'];

/** Plays the replay on the page to its end and answers the player's text. */
async function playToEnd(page) {
  const player = page.locator('.replay-player');
  await player.locator('.ap-term').waitFor({ timeout: 10_000 });
  await player.locator('.ap-player, .ap-wrapper').first().click(); // starts playback
  await page.waitForFunction(
    (last) => document.querySelector('.replay-player .ap-term-text')?.textContent.includes(last),
    COMMANDS.at(-1),
    { timeout: 20_000 },
  );
  // Long commands wrap at the terminal's width: join the rows again.
  return (await page.locator('.replay-player .ap-term-text').innerText()).replace(/\n/g, '');
}

describe('replays', () => {
  it('plays the owner\'s recording, which shows what was typed', async () => {
    const id = 's-replay000000000000000';
    const page = await browser.newPage();
    await page.goApp('#/');
    await withVisitorToken(page);
    await serveSession(page, sessionJson({ id, state: 'ENDED', endReason: 'SOLVED_AND_ENDED', solved: true, timeToSolveSeconds: 95, endedAt: new Date().toISOString() }));
    let auth;
    await page.route(`**/api/sessions/${id}/recording`, (route) => {
      auth = route.request().headers().authorization;
      return route.fulfill({ status: 200, contentType: 'application/x-asciicast', body: castOf(COMMANDS) });
    });
    await page.goApp(`#/replays/${id}`);
    await page.locator('.page-replay h1', { hasText: `Replay: ${scenario.title}` }).waitFor();
    assert.match(await page.locator('.page-replay .lead').innerText(), /Solved in 1 min 35 s/);
    const text = await playToEnd(page);
    for (const command of COMMANDS) assert.ok(text.includes(command), `the replay shows "${command}"`);
    assert.match(auth ?? '', /^Bearer /, 'the recording is asked for with the visitor\'s token');
    assert.equal(await page.getByRole('link', { name: 'Download the recording' }).getAttribute('download'), `${id}.cast`);
    // Only the replay page loaded the player; its stylesheet came with it.
    assert.equal(await page.locator('link[rel="stylesheet"][href*="replay-"]').count(), 1);
    await screenshot(page, 'replay-played');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('plays a public replay for a visitor who does not own the session', async () => {
    const id = 's-public000000000000000';
    const page = await browser.newPage();
    await page.route(`**/api/replays/${id}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/x-asciicast', body: castOf(COMMANDS) }),
    );
    await page.goApp(`#/replays/${id}`);
    await page.locator('.page-replay h1', { hasText: 'Replay: Nginx will not start' }).waitFor();
    const text = await playToEnd(page);
    assert.ok(text.includes('sudo nginx -t'));
    await page.close();
  });

  it('says plainly when there is no recording', async () => {
    const id = 's-norecording0000000000';
    const page = await browser.newPage();
    await page.route(`**/api/replays/${id}`, (route) => route.fulfill(apiError(404, 'NOT_FOUND', 'There is no such replay.')));
    await page.goApp(`#/replays/${id}`);
    const missing = page.locator('[data-replay="unavailable"]');
    await missing.waitFor();
    assert.match(await missing.innerText(), /Recording not available/);
    assert.equal(await page.locator('.replay-player').count(), 0);
    await screenshot(page, 'replay-not-available');
    await page.close();
  });

  it('refuses a file that is not a recording instead of showing a broken player', async () => {
    const id = 's-notacast0000000000000';
    const page = await browser.newPage();
    await page.route(`**/api/replays/${id}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>oops</html>' }));
    await page.goApp(`#/replays/${id}`);
    await page.locator('[data-replay="unavailable"]', { hasText: 'cannot be played' }).waitFor();
    await page.close();
  });
});

describe('dashboard', () => {
  it('asks nothing and shows an empty state for a browser without sessions', async () => {
    const page = await browser.newPage();
    await page.goApp('#/');
    await page.evaluate(() => localStorage.clear());
    let asked = false;
    await page.route('**/api/sessions?**', (route) => {
      asked = true;
      return route.fallback();
    });
    await page.goApp('#/dashboard');
    const empty = page.locator('[data-view="empty"]');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No sessions yet/);
    assert.equal(asked, false, 'no token, no request');
    await screenshot(page, 'dashboard-empty');
    await page.close();
  });

  it('lists sessions newest first and pages through `next`', async () => {
    const page = await browser.newPage();
    await page.goApp('#/');
    await withVisitorToken(page);
    const at = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const pages = {
      '': {
        items: [
          sessionJson({ id: 's-a', state: 'READY', createdAt: at(1) }),
          sessionJson({ id: 's-b', state: 'ENDED', endReason: 'SOLVED_AND_ENDED', solved: true, timeToSolveSeconds: 312, checks: 2, hintsRevealed: 1, createdAt: at(30) }),
          sessionJson({ id: 's-c', state: 'FAILED', failure: { code: 'CAPACITY', message: 'Full.' }, createdAt: at(60) }),
        ],
        next: 'cursor-2',
      },
      'cursor-2': {
        items: [sessionJson({ id: 's-d', state: 'ENDED', endReason: 'EXPIRED', checks: 5, createdAt: at(120) })],
        next: null,
      },
    };
    const cursors = [];
    await page.route('**/api/sessions?**', (route) => {
      const url = new URL(route.request().url());
      const cursor = url.searchParams.get('cursor') ?? '';
      cursors.push(cursor);
      return route.fulfill(json(200, pages[cursor]));
    });
    await page.goApp('#/dashboard');
    await page.locator('tr[data-session="s-a"]').waitFor();
    assert.deepEqual(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.session)), ['s-a', 's-b', 's-c']);
    assert.equal(await page.locator('tr[data-session="s-a"] .state-badge').innerText(), 'Running');
    assert.equal(await page.locator('tr[data-session="s-a"]').getByRole('link', { name: 'Session' }).getAttribute('href'), '#/sessions/s-a');
    assert.equal(await page.locator('tr[data-session="s-b"] .state-badge').innerText(), 'Solved');
    assert.equal(await page.locator('tr[data-session="s-b"] td[data-label="Time to solve"]').innerText(), '5 min 12 s');
    assert.equal(await page.locator('tr[data-session="s-b"]').getByRole('link', { name: 'Replay' }).getAttribute('href'), '#/replays/s-b');
    assert.equal(await page.locator('tr[data-session="s-c"] .state-badge').innerText(), 'No server free');
    assert.equal(await page.locator('tr[data-session="s-b"] th').innerText(), scenario.title);
    await page.locator('[data-view="active-session"]').waitFor();
    await screenshot(page, 'dashboard-paged');

    await page.getByRole('button', { name: 'Show older sessions' }).click();
    await page.locator('tr[data-session="s-d"]').waitFor();
    assert.equal(await page.locator('tr[data-session="s-d"] .state-badge').innerText(), 'Time ran out');
    assert.deepEqual(cursors, ['', 'cursor-2']);
    assert.equal(await page.getByRole('button', { name: 'Show older sessions' }).isVisible(), false, 'no more pages, no button');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.session), 's-d', 'focus moves to the first new row');
    await page.close();
  });

  it('sums up the scenarios solved: the best time, the attempts, the fastest solve\'s replay, and what is not solved yet', async () => {
    const page = await browser.newPage();
    await page.goApp('#/');
    await withVisitorToken(page);
    const catalog = await apiGet('/api/scenarios');
    const other = catalog.find((entry) => entry.id !== scenario.id);
    const at = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const items = [
      sessionJson({ id: 's-fast', state: 'ENDED', endReason: 'SOLVED_AND_ENDED', solved: true, timeToSolveSeconds: 200, createdAt: at(10) }),
      sessionJson({ id: 's-other', scenarioId: other.id, state: 'ENDED', endReason: 'EXPIRED', createdAt: at(40) }),
      sessionJson({ id: 's-slow', state: 'ENDED', endReason: 'SOLVED_AND_ENDED', solved: true, timeToSolveSeconds: 640, createdAt: at(90) }),
      sessionJson({ id: 's-lost', state: 'ENDED', endReason: 'USER', createdAt: at(200) }),
      sessionJson({ id: 's-full', state: 'FAILED', failure: { code: 'CAPACITY', message: 'Full.' }, createdAt: at(300) }),
    ];
    await page.route('**/api/sessions?**', (route) => route.fulfill(json(200, { items, next: null })));
    await page.goApp('#/dashboard');
    const summary = page.locator('[data-view="solved-summary"]');
    await summary.waitFor();
    assert.match(await summary.locator('.summary-line').innerText(), new RegExp(`^1 of ${catalog.length} scenarios solved, in 5 sessions\\.$`));
    const solved = summary.locator(`[data-scenario="${scenario.id}"]`);
    assert.equal(await solved.locator('.solved-title').innerText(), scenario.title);
    assert.equal(await solved.locator('[data-fact="best"]').innerText(), 'Best time 3 min 20 s');
    assert.match(await solved.innerText(), /2 of 3 attempts solved/);
    assert.equal(await solved.getByRole('link', { name: 'Replay of the fastest solve' }).getAttribute('href'), '#/replays/s-fast');
    assert.match(await summary.locator('[data-view="unsolved"]').innerText(), new RegExp(`Tried, not solved yet: ${other.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(1 attempt\\)`));
    assert.equal(await page.locator('tbody tr').count(), 5);
    await screenshot(page, 'dashboard-solved');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
