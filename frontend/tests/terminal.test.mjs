// The terminal on a real session, joined to a stand-in gateway that speaks the gateway's wire
// format (tests/support/sessions.mjs): tickets, binary frames both ways, JSON control messages,
// resizes, reconnecting with a fresh ticket, and the end of the session. The real gateway is
// exercised by typed-fix.test.mjs.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DESKTOP, PHONE, launchBrowser, screenshot } from './support/browser.mjs';
import { endOpenSessions, fakeGateway } from './support/sessions.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
/** @type {Awaited<ReturnType<Awaited<ReturnType<typeof launchBrowser>>['newPage']>>} */
let page;
/** @type {Awaited<ReturnType<typeof fakeGateway>>} */
let gateway;

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  gateway = await fakeGateway(page);
  await page.goApp('#/scenarios/nginx-wont-start');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('[data-view="workspace"]').waitFor({ timeout: 240_000 }); // a first start may build the image
});

after(async () => {
  if (page) await endOpenSessions(page).catch(() => {});
  await browser?.close();
});

const status = () => page.locator('.terminal-status');
const lastResize = () => gateway.controls.filter((message) => message.resize).at(-1)?.resize;

describe('the terminal', () => {
  it('connects with a ticket, takes focus, and shows what the gateway sends', async () => {
    await page.locator('.terminal-status[data-status="connected"]').waitFor();
    assert.match(await status().innerText(), /Connected as admin \(with sudo\)/);
    assert.deepEqual(gateway.connections, ['ticket-1']);
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('admin@web-01:~$'));

    // Focus went into the shell, and the frame shows it.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea')), true);
    const ring = await page.locator('.terminal-frame').evaluate((frame) => getComputedStyle(frame).outlineStyle);
    assert.equal(ring, 'solid', 'a focused terminal has a visible focus ring');
    await screenshot(page, 'terminal-connected');
  });

  it('sends keystrokes as binary frames, and its size as a JSON control message', async () => {
    await page.keyboard.type('systemctl status nginx');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('systemctl status nginx'));
    assert.equal(gateway.typed, 'systemctl status nginx\r');

    const size = lastResize();
    assert.ok(size && size.cols > 40 && size.rows > 10, `a resize message with the terminal's size: ${JSON.stringify(size)}`);
    assert.equal(await page.locator('.xterm-helper-textarea').getAttribute('aria-label'), 'Terminal input');
  });

  it('tells the gateway its new size when the window changes', async () => {
    const before = lastResize();
    await page.setViewportSize({ width: 800, height: 600 });
    await waitFor(() => {
      const now = lastResize();
      return now && (now.cols !== before.cols || now.rows !== before.rows);
    });
    assert.ok(lastResize().cols < before.cols, 'a narrower window, fewer columns');
    await page.setViewportSize(PHONE);
    await waitFor(() => lastResize().cols < 50);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the session page scrolls sideways by ${overflow}px at phone width`);
    await screenshot(page, 'terminal-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('keeps Tab for the shell, and lets Shift+Tab leave the terminal', async () => {
    await page.locator('.terminal-frame').click();
    gateway.typed = '';
    await page.keyboard.press('Tab');
    assert.equal(gateway.typed, '\t', 'Tab goes to the shell (completion)');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea')), true);

    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'end', 'Shift+Tab moves to the control before the terminal');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea')), true, 'Tab from End goes back in');
    // Escape goes to the shell (editors need it), and does not trap focus either.
    gateway.typed = '';
    await page.keyboard.press('Escape');
    assert.equal(gateway.typed, '\x1b');
  });

  it('reconnects after a drop, with a fresh single-use ticket', async () => {
    gateway.last.close({ code: 1011, reason: 'gateway restarting' });
    await page.locator('.terminal-status[data-status="reconnecting"]').waitFor();
    assert.match(await status().innerText(), /Connection lost\. Reconnecting/);
    await screenshot(page, 'terminal-reconnecting');
    await page.locator('.terminal-status[data-status="connected"]').waitFor({ timeout: 5000 });
    assert.deepEqual(gateway.connections, ['ticket-1', 'ticket-2'], 'each connection used its own ticket');
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('[reconnected]'));
    assert.ok(lastResize(), 'the new connection is told the size');

    // "Reconnect now" skips the wait.
    gateway.last.close({ code: 1011 });
    await page.getByRole('button', { name: 'Reconnect now' }).click();
    await page.locator('.terminal-status[data-status="connected"]').waitFor({ timeout: 2000 });
    assert.equal(gateway.connections.length, 3);
  });

  it('retries a refused ticket with a new one, and stops, saying why, on a refusal a ticket cannot fix', async () => {
    let connections = gateway.connections.length;
    gateway.last.send(JSON.stringify({ error: { code: 'TICKET_USED', message: 'This terminal link was used already.' } }));
    gateway.last.close({ code: 1008 });
    await waitFor(() => gateway.connections.length === connections + 1);
    await page.locator('.terminal-status[data-status="connected"]').waitFor();

    connections = gateway.connections.length;
    gateway.last.send(JSON.stringify({ error: { code: 'TOO_MANY_TERMINALS', message: 'This session has as many terminals open as it may.' } }));
    gateway.last.close({ code: 1008 });
    await page.locator('.terminal-status[data-status="unavailable"]').waitFor();
    assert.match(await status().innerText(), /as many terminals open as it may/);
    await page.waitForTimeout(1200);
    assert.equal(gateway.connections.length, connections, 'no new tries by itself');
    await status().getByRole('button', { name: 'Try again' }).click();
    await page.locator('.terminal-status[data-status="connected"]').waitFor();
  });

  it('waits for the visitor after the shell exits, then opens a new one', async () => {
    const connections = gateway.connections.length;
    gateway.last.send(JSON.stringify({ exited: 0 }));
    gateway.last.close({ code: 1000 });
    await page.locator('.terminal-status[data-status="exited"]').waitFor();
    // xterm.js draws what it is given a frame after the status changes: wait for the text itself.
    await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent.includes('[the shell has exited]'));
    await page.waitForTimeout(1200); // longer than the first reconnect delay: nothing happens by itself
    assert.equal(gateway.connections.length, connections);
    await page.getByRole('button', { name: 'Open a new shell' }).click();
    await page.locator('.terminal-status[data-status="connected"]').waitFor({ timeout: 2000 });
    assert.equal(gateway.connections.length, connections + 1);
  });

  it('goes to the summary when the gateway says the session has ended', async () => {
    await endOpenSessions(page);
    gateway.last.send(JSON.stringify({ ended: 'USER' }));
    await page.locator('[data-summary]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-summary] h1').innerText(), 'Session ended');
    assert.deepEqual(page.errors, []);
  });
});

/** Waits until `condition()` (run here, in the test) is true. */
async function waitFor(condition, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
