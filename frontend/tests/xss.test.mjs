// Scenario text is rendered as Markdown; none of it may run as script. The API answers are replaced
// (page.route) with a scenario whose every field tries to inject something.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, screenshot } from './support/browser.mjs';

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

// Each injection, if it ran, appends its name to window.__pwned.
const PWN = (how) => `window.__pwned=[].concat(window.__pwned||[],'${how}')`;

const DESCRIPTION = `# Evil scenario

An ordinary paragraph with **bold**, *emphasis* and \`inline code\`.

## Steps

- first item
- second item

1. one
2. two

\`\`\`sh
systemctl status nginx
\`\`\`

A [safe link](https://example.com/docs), a [relative link](#/scenarios/other) and <kbd>Ctrl</kbd>+<kbd>C</kbd>.

<script>${PWN('script')}</script>

<img src="x" onerror="${PWN('img-onerror')}">

<a href="javascript:${PWN('js-link')}">html javascript link</a>

[markdown javascript link](javascript:${PWN('md-link')})

<a href="JaVaScRiPt:${PWN('mixed-case')}">mixed case</a> <a href="&#106;avascript:${PWN('entity')}">entity</a>

<iframe src="javascript:${PWN('iframe')}"></iframe>

<iframe srcdoc="<script>parent.__pwned=[].concat(parent.__pwned||[],'srcdoc')</script>"></iframe>

<svg><script>${PWN('svg-script')}</script></svg><svg onload="${PWN('svg-onload')}"></svg>

<details open ontoggle="${PWN('ontoggle')}"><summary>details</summary>inside</details>

<object data="javascript:${PWN('object')}"></object><embed src="javascript:${PWN('embed')}">

<form action="javascript:${PWN('form')}"><button formaction="javascript:${PWN('formaction')}">go</button></form>

<style>body { display: none }</style>

<div style="background:url(javascript:${PWN('css')})" onclick="${PWN('onclick')}">a div</div>

<p id="__clobbered">clobber</p>

<math><mtext><table><mglyph><style><img src=x onerror="${PWN('mxss')}">
`;

const EVIL = {
  id: 'evil',
  title: `<img src=x onerror="${PWN('title')}">Evil scenario`,
  summary: `<script>${PWN('summary')}</script>`,
  difficulty: 'easy" onmouseover="x',
  tags: [`<b onclick="${PWN('tag')}">t</b>`],
  timeLimitMinutes: 15,
};

/** Serves EVIL for the catalog and for its own page. */
async function serveEvil(page) {
  const json = (body) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route('**/api/scenarios', (route) => route.fulfill(json([EVIL])));
  await page.route('**/api/scenarios/evil', (route) =>
    route.fulfill(json({ ...EVIL, title: 'Evil scenario', description: DESCRIPTION, hintCount: 2 })),
  );
}

/** What injected code left in window.__pwned: 'unset' when nothing ran (or clobbered it). */
function pwned() {
  const value = window.__pwned;
  if (value === undefined) return 'unset';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Everything in the DOM that could run script: handlers, script URLs, dangerous elements. */
function findDanger() {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (/^(javascript|vbscript|data:text\/html)/.test(value)) found.push(`${element.tagName} ${attribute.name}=${value}`);
      if (attribute.name === 'style' || attribute.name === 'srcdoc' || attribute.name === 'formaction') {
        found.push(`${element.tagName} ${attribute.name}`);
      }
    }
  }
  for (const element of document.querySelectorAll('iframe, frame, object, embed, form:not(.filters), style, main script, .prose svg, .prose math')) {
    found.push(element.tagName);
  }
  for (const script of document.querySelectorAll('script')) {
    if (!script.src || !script.src.includes('/assets/')) found.push('a script that is not the site bundle');
  }
  return found;
}

describe('scenario text cannot inject script', () => {
  it('renders ordinary Markdown and nothing that runs, on the scenario page', async () => {
    const page = await browser.newPage();
    await serveEvil(page);
    await page.goApp('#/scenarios/evil');
    await page.locator('.prose').waitFor({ state: 'attached' }); // attached: an injected style could hide it
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300); // give error and load handlers their chance to fire

    // Nothing ran.
    assert.equal(await page.evaluate(pwned), 'unset');
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.errors, []);
    // Nothing that could run is left in the page.
    assert.deepEqual(await page.evaluate(findDanger), []);
    // Clicking what were javascript: links does nothing either.
    for (const name of ['html javascript link', 'markdown javascript link', 'mixed case', 'entity']) {
      const link = page.locator('.prose').getByText(name, { exact: true });
      if (await link.count()) await link.click();
    }
    assert.equal(await page.evaluate(pwned), 'unset');

    // Ordinary Markdown renders.
    const prose = page.locator('.prose');
    assert.equal(await page.locator('h1').count(), 1, 'the description\'s own title is not repeated');
    assert.equal(await prose.locator('h2').first().innerText(), 'Steps');
    assert.deepEqual(await prose.locator('ul > li').allInnerTexts(), ['first item', 'second item']);
    assert.deepEqual(await prose.locator('ol > li').allInnerTexts(), ['one', 'two']);
    assert.equal((await prose.locator('pre code').innerText()).trim(), 'systemctl status nginx');
    assert.equal(await prose.locator('p code').first().innerText(), 'inline code');
    assert.equal(await prose.locator('strong').first().innerText(), 'bold');
    assert.equal(await prose.locator('em').first().innerText(), 'emphasis');
    assert.equal(await prose.locator('kbd').count(), 2);
    const safe = prose.getByRole('link', { name: 'safe link' });
    assert.equal(await safe.getAttribute('href'), 'https://example.com/docs');
    assert.equal(await safe.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await prose.getByRole('link', { name: 'relative link' }).getAttribute('href'), '#/scenarios/other');
    assert.equal(await prose.getByText('a div').count(), 1, 'harmless content of a stripped element stays');
    assert.equal(await page.evaluate(() => typeof window.__clobbered), 'undefined', 'ids cannot clobber globals');
    assert.ok(await page.locator('body').isVisible(), 'an injected <style> did not hide the page');
    await screenshot(page, 'xss-scenario');
    await page.close();
  });

  it('shows titles, summaries, difficulties and tags as text, on the catalog', async () => {
    const page = await browser.newPage();
    await serveEvil(page);
    await page.goApp('#/');
    const card = page.locator('.card');
    await card.waitFor();
    await page.waitForTimeout(300);

    assert.equal(await page.evaluate(pwned), 'unset');
    assert.deepEqual(await page.evaluate(findDanger), []);
    assert.equal(await card.locator('.card-title').innerText(), EVIL.title, 'the title is shown literally');
    assert.equal(await card.locator('.card-summary').innerText(), EVIL.summary);
    assert.deepEqual(await card.locator('.tag').allInnerTexts(), EVIL.tags);
    assert.equal(await card.locator('.badge.badge-unknown').count(), 1, 'an unknown difficulty gets a neutral badge');
    await screenshot(page, 'xss-catalog');
    await page.close();
  });
});
