// The scenario page (#/scenarios/<id>) against the real platform, and the not-found views.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PHONE, apiGet, difficultyOf, hashOf, launchBrowser, screenshot } from './support/browser.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let scenarios;

before(async () => {
  scenarios = await apiGet('/api/scenarios');
  assert.ok(scenarios.length > 0, 'the platform serves no scenarios; the scenario tests need at least one');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function openScenario(id) {
  const page = await browser.newPage();
  await page.goApp(`#/scenarios/${encodeURIComponent(id)}`);
  await page.locator('.scenario, [data-view]').first().waitFor();
  return page;
}

describe('scenario page', () => {
  it('shows each scenario with its badges, time limit, hint count and rendered description', async () => {
    for (const { id } of scenarios) {
      const scenario = await apiGet(`/api/scenarios/${encodeURIComponent(id)}`);
      const page = await openScenario(id);

      assert.equal(await page.locator('h1').innerText(), scenario.title);
      assert.equal(await page.locator('h1').count(), 1, 'one <h1> per page, even when the description starts with one');
      assert.equal(await page.title(), `${scenario.title} · breakfix`);
      assert.equal(await difficultyOf(page.locator('.page-header .badge')), scenario.difficulty);
      assert.match(await page.locator('.page-header').innerText(), new RegExp(`${scenario.timeLimitMinutes} minutes`));
      assert.deepEqual(await page.locator('.page-header .tag').allInnerTexts(), scenario.tags);
      const hints = `${scenario.hintCount} hint${scenario.hintCount === 1 ? '' : 's'} available`;
      assert.equal(await page.locator('.hint-count').innerText(), hints);

      // The Markdown is rendered: no raw markers left, and its structure became elements.
      const prose = page.locator('.prose');
      const text = await prose.innerText();
      assert.ok(text.length > 0, 'the description is shown');
      assert.doesNotMatch(text, /\*\*|^#{1,6} /m, 'no raw Markdown is left in the page');
      if (/^#{2,6} /m.test(scenario.description)) assert.ok((await prose.locator('h2, h3').count()) > 0);
      if (/`[^`]+`/.test(scenario.description)) assert.ok((await prose.locator('code').count()) > 0);
      if (/^\s*[-*] /m.test(scenario.description)) assert.ok((await prose.locator('li').count()) > 0);
      if (/\*\*[^*]+\*\*/.test(scenario.description)) assert.ok((await prose.locator('strong').count()) > 0);
      assert.deepEqual(page.errors, []);

      if (id === scenarios[0].id) {
        await screenshot(page, 'scenario-desktop');
        await page.setViewportSize(PHONE);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the scenario page scrolls sideways by ${overflow}px at phone width`);
        await screenshot(page, 'scenario-phone');
      }
      await page.close();
    }
  });

  it('opens from a card, and its back link returns to the catalog with the same filters', async () => {
    const page = await browser.newPage();
    const { difficulty } = scenarios[0];
    await page.goApp(`#/?difficulty=${difficulty}`);
    await page.locator('.card-link').first().click();
    await page.locator('.scenario h1').waitFor();
    assert.equal(hashOf(page), `#/scenarios/${scenarios[0].id}`);

    await page.getByRole('link', { name: 'All scenarios' }).click();
    await page.waitForFunction((d) => location.hash === `#/?difficulty=${d}`, difficulty);
    await page.locator('.card').first().waitFor();
    assert.equal(await page.inputValue('#filter-difficulty'), difficulty);
    await page.close();
  });

  it('shows a friendly not-found view for an unknown scenario', async () => {
    const page = await openScenario('no-such-scenario');

    const view = page.locator('[data-view="not-found"]');
    assert.equal(await view.locator('h1').innerText(), 'Scenario not found');
    assert.match(await view.innerText(), /no-such-scenario/);
    assert.equal(await page.title(), 'Scenario not found · breakfix');
    await screenshot(page, 'scenario-not-found');

    await view.getByRole('link', { name: 'Browse all scenarios' }).click();
    await page.locator('.card').first().waitFor();
    assert.equal(hashOf(page), '#/');
    await page.close();
  });

  it('treats an id the API rejects as not found, too', async () => {
    const page = await openScenario('../etc/passwd');
    assert.equal(await page.locator('[data-view="not-found"] h1').innerText(), 'Scenario not found');
    await page.close();
  });

  it('shows a not-found page for an address that is no page', async () => {
    const page = await browser.newPage();
    await page.goApp('#/no/such/page');
    const view = page.locator('[data-view="not-found"]');
    await view.waitFor();
    assert.equal(await view.locator('h1').innerText(), 'Page not found');
    assert.equal(await page.title(), 'Page not found · breakfix');
    await page.close();
  });
});
