// When the API fails, pages say so in words a person can act on, and "Try again" recovers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiGet, launchBrowser, screenshot } from './support/browser.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let scenarios;

before(async () => {
  scenarios = await apiGet('/api/scenarios');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const apiError = (status, code, message) => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify({ error: { code, message } }),
});

describe('API errors', () => {
  it('shows the API\'s message when the catalog fails, and "Try again" loads it', async () => {
    const page = await browser.newPage();
    await page.route('**/api/scenarios', (route) =>
      route.fulfill(apiError(503, 'UNAVAILABLE', 'The catalog is being updated. Try again in a minute.')),
    );
    await page.goApp('#/');

    const view = page.locator('[data-view="error"]');
    await view.waitFor();
    assert.equal(await view.locator('h2').innerText(), 'The scenarios could not be loaded');
    assert.match(await view.innerText(), /The catalog is being updated\. Try again in a minute\./);
    assert.equal(await view.getAttribute('role'), 'alert');
    await screenshot(page, 'error-catalog');

    await page.unroute('**/api/scenarios');
    await view.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.card').first().waitFor();
    assert.equal(await page.locator('.card').count(), scenarios.length);
    assert.equal(await page.locator('[data-view="error"]').count(), 0);
    await page.close();
  });

  it('says the server could not be reached when the network fails', async () => {
    const page = await browser.newPage();
    await page.route('**/api/scenarios', (route) => route.abort('connectionrefused'));
    await page.goApp('#/');

    const view = page.locator('[data-view="error"]');
    await view.waitFor();
    assert.match(await view.innerText(), /could not be reached/);
    await page.close();
  });

  it('does not show a server\'s unreadable answer, but a plain sentence', async () => {
    const page = await browser.newPage();
    await page.route('**/api/scenarios', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway from a proxy</body></html>' }),
    );
    await page.goApp('#/');

    const view = page.locator('[data-view="error"]');
    await view.waitFor();
    const text = await view.innerText();
    assert.match(text, /HTTP 502/);
    assert.doesNotMatch(text, /proxy/);
    await page.close();
  });

  it('shows an error with a retry on the scenario page, and not a not-found', async () => {
    const { id, title } = scenarios[0];
    const page = await browser.newPage();
    const path = `**/api/scenarios/${id}`;
    await page.route(path, (route) =>
      route.fulfill(apiError(500, 'INTERNAL', 'Something went wrong on our side. Try again shortly.')),
    );
    await page.goApp(`#/scenarios/${id}`);

    const view = page.locator('[data-view="error"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'This scenario could not be loaded');
    assert.equal(await page.locator('[data-view="not-found"]').count(), 0);
    await screenshot(page, 'error-scenario');

    await page.unroute(path);
    await view.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.scenario h1', { hasText: title }).waitFor();
    await page.close();
  });
});
