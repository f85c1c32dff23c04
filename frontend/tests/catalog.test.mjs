// The catalog (#/) against the real platform: it lists the scenarios the API serves, and its
// filters narrow the list and live in the hash.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PHONE, apiGet, difficultyOf, hashOf, launchBrowser, screenshot } from './support/browser.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
/** @type {{ id: string, title: string, summary: string, difficulty: string, tags: string[], timeLimitMinutes: number }[]} */
let scenarios;

before(async () => {
  scenarios = await apiGet('/api/scenarios');
  assert.ok(scenarios.length > 0, 'the platform serves no scenarios; the catalog tests need at least one');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** The ids of the cards on the page, in order. */
async function cardIds(page) {
  return page.locator('.card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-scenario')));
}

async function openCatalog(hash = '#/') {
  const page = await browser.newPage();
  await page.goApp(hash);
  await page.locator('.result-count:not(:empty)').waitFor();
  return page;
}

/** A tag that some scenarios have and others don't, so filtering by it visibly narrows the list. */
function narrowingTag() {
  const tags = [...new Set(scenarios.flatMap((s) => s.tags))];
  return tags.find((tag) => scenarios.some((s) => !s.tags.includes(tag))) ?? tags[0];
}

describe('catalog', () => {
  it('lists every scenario the API serves, with title, summary, difficulty, tags and time limit', async () => {
    const page = await openCatalog();

    assert.deepEqual(await cardIds(page), scenarios.map((s) => s.id));
    for (const scenario of scenarios) {
      const card = page.locator(`.card[data-scenario="${scenario.id}"]`);
      assert.equal(await card.locator('.card-title').innerText(), scenario.title);
      assert.equal(await card.locator('.card-summary').innerText(), scenario.summary);
      assert.equal(await difficultyOf(card.locator('.badge')), scenario.difficulty);
      assert.match(await card.locator('.meta-item').innerText(), new RegExp(`\\b${scenario.timeLimitMinutes} min\\b`));
      assert.deepEqual(await card.locator('.tag').allInnerTexts(), scenario.tags);
    }
    assert.equal(await page.locator('.result-count').innerText(), `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`);
    assert.equal(await page.title(), 'Scenarios · breakfix');
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Scenarios');
    assert.deepEqual(page.errors, []);
    await screenshot(page, 'catalog-desktop');

    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the catalog scrolls sideways by ${overflow}px at phone width`);
    await screenshot(page, 'catalog-phone');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await screenshot(page, 'catalog-dark');
    await page.close();
  });

  it('narrows the list by difficulty and puts the filter in the hash', async () => {
    const page = await openCatalog();
    const difficulty = scenarios[0].difficulty;

    await page.focus('#filter-difficulty');
    await page.selectOption('#filter-difficulty', difficulty);
    await page.waitForFunction((d) => location.hash === `#/?difficulty=${d}`, difficulty);

    const expected = scenarios.filter((s) => s.difficulty === difficulty).map((s) => s.id);
    assert.deepEqual(await cardIds(page), expected);
    assert.equal(await page.locator('.result-count').innerText(), `${expected.length} of ${scenarios.length} scenarios match`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-difficulty', 'focus stays on the filter');
    assert.ok(await page.locator('.clear-filters').isVisible());

    // Back undoes the filter.
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
    assert.deepEqual(await cardIds(page), scenarios.map((s) => s.id));
    assert.equal(await page.inputValue('#filter-difficulty'), '');
    await page.close();
  });

  it('narrows the list by a clicked tag and puts the tag in the hash', async () => {
    const page = await openCatalog();
    const tag = narrowingTag();
    const owner = scenarios.find((s) => s.tags.includes(tag));

    await page.locator(`.card[data-scenario="${owner.id}"] .tag`, { hasText: new RegExp(`^${tag}$`) }).click();
    await page.waitForFunction((t) => location.hash === `#/?tag=${encodeURIComponent(t)}`, tag);

    const expected = scenarios.filter((s) => s.tags.includes(tag)).map((s) => s.id);
    assert.deepEqual(await cardIds(page), expected);
    assert.ok(expected.length < scenarios.length || scenarios.length === 1);
    assert.equal(await page.inputValue('#filter-tag'), tag);
    assert.equal(await page.locator('.tag[aria-current="true"]').first().innerText(), tag);
    await screenshot(page, 'catalog-filtered-by-tag');
    await page.close();
  });

  it('opens a linked filtered view with the filters applied', async () => {
    const tag = narrowingTag();
    const difficulty = scenarios.find((s) => s.tags.includes(tag)).difficulty;
    const page = await openCatalog(`#/?difficulty=${difficulty}&tag=${encodeURIComponent(tag)}`);

    const expected = scenarios.filter((s) => s.difficulty === difficulty && s.tags.includes(tag)).map((s) => s.id);
    assert.ok(expected.length > 0);
    assert.deepEqual(await cardIds(page), expected);
    assert.equal(await page.inputValue('#filter-difficulty'), difficulty);
    assert.equal(await page.inputValue('#filter-tag'), tag);
    await page.close();
  });

  it('shows an empty state when nothing matches, and clearing the filters shows everything again', async () => {
    const page = await openCatalog('#/?difficulty=hard&tag=no-such-tag');

    assert.equal(await page.locator('.card').count(), 0);
    const empty = page.locator('[data-view="empty"]');
    assert.equal(await empty.locator('h2').innerText(), 'No scenarios match these filters');
    assert.equal(await page.locator('.result-count').innerText(), `0 of ${scenarios.length} scenarios match`);
    assert.equal(await page.inputValue('#filter-tag'), 'no-such-tag', 'the select shows the linked tag');
    await screenshot(page, 'catalog-empty');

    await empty.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForFunction(() => location.hash === '#/');
    assert.deepEqual(await cardIds(page), scenarios.map((s) => s.id));
    assert.equal(hashOf(page), '#/');
    await page.close();
  });

  it('can be used with the keyboard alone: skip link, cards as links, visible focus', async () => {
    const page = await openCatalog();

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    // Tab on from <main> until the first card's link has focus.
    let onCard = false;
    for (let i = 0; i < 12 && !onCard; i++) {
      await page.keyboard.press('Tab');
      onCard = await page.evaluate(() => document.activeElement?.classList.contains('card-link') ?? false);
    }
    assert.ok(onCard, 'a card link is reachable with Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement, '::after').outlineStyle);
    assert.equal(ring, 'solid', 'the focused card shows a focus ring');
    await screenshot(page, 'catalog-keyboard-focus');

    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash === `#/scenarios/${id}`, scenarios[0].id);
    await page.locator('h1', { hasText: scenarios[0].title }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the new page');
    await page.close();
  });
});
