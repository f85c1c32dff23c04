// The API page (`#/api`): docs/openapi.yaml as the platform serves it, drawn for people. Every path
// and method of the document is on the page (compared with the document itself), with its
// summary, credential, parameters and responses; the contents list jumps to each; hostile text in
// a document stays text; a missing or broken document says so.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { load } from 'js-yaml';
import { PHONE, hashOf, launchBrowser, platformUrl, screenshot } from './support/browser.mjs';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/** @type {Awaited<ReturnType<typeof launchBrowser>>} */
let browser;
let text;
let doc;

before(async () => {
  const response = await fetch(`${platformUrl()}/docs/openapi.yaml`);
  assert.equal(response.status, 200, 'the platform serves /docs/openapi.yaml');
  text = await response.text();
  doc = load(text);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Every `method path` in the document. */
function documented() {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method} ${path}`, operation: item[method] })),
  );
}

describe('the API page', () => {
  it('shows every path and method of openapi.yaml, with its summary, credential and responses', async () => {
    const page = await browser.newPage();
    await page.goApp('#/');
    await page.getByRole('link', { name: 'API', exact: true }).click();
    await page.locator('.api-reference').waitFor();
    assert.equal(hashOf(page), '#/api');
    assert.equal(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText(), 'API');
    assert.equal(await page.locator('.page-api h1').innerText(), doc.info.title);
    assert.equal(await page.title(), `${doc.info.title} · breakfix`);

    const shown = await page.locator('[data-operation]').evaluateAll((nodes) =>
      nodes.map((node) => ({
        key: `${node.dataset.method} ${node.dataset.path}`,
        summary: node.querySelector('.api-summary')?.textContent ?? '',
        credential: node.querySelector('.api-credential')?.dataset.credential,
        statuses: [...node.querySelectorAll('[data-status]')].map((response) => response.dataset.status),
      })),
    );
    const expected = documented();
    assert.deepEqual(shown.map((s) => s.key).sort(), expected.map((e) => e.key).sort(), 'every path and method, nothing else');
    for (const { key, operation } of expected) {
      const on = shown.find((s) => s.key === key);
      assert.equal(on.summary, operation.summary ?? '', `${key}: its summary`);
      assert.deepEqual(on.statuses, Object.keys(operation.responses ?? {}), `${key}: its responses`);
      const open = Array.isArray(operation.security) && operation.security.length === 0;
      assert.equal(on.credential, open ? 'none' : 'required', `${key}: its credential`);
    }
    // The contents list names each one too.
    assert.equal(await page.locator('[data-toc-operation]').count(), expected.length);

    // Parameters of a path with $refs, and the error shape with an example.
    const getSession = page.locator('[data-operation="getSession"]');
    assert.deepEqual(await getSession.locator('[data-parameter]').evaluateAll((rows) => rows.map((row) => row.dataset.parameter)), ['id', 'X-Candidate']);
    const example = JSON.parse(await page.locator('[data-example="error"]').innerText());
    assert.equal(typeof example.error.code, 'string');
    assert.equal(typeof example.error.message, 'string');
    // Nested fields are rows of the same table, named by their path.
    const errorFields = await page.locator('[data-section="errors"] [data-field]').evaluateAll((rows) => rows.map((row) => row.dataset.field));
    assert.deepEqual(
      errorFields.filter((field) => field.startsWith('error.')).sort(),
      Object.keys(doc.components.schemas.Error.properties.error.properties).map((name) => `error.${name}`).sort(),
    );
    assert.equal(await page.locator('.api-table .api-table').count(), 0, 'no table inside a table');
    assert.ok(await page.locator('[data-scheme="bearerAuth"]').isVisible());
    assert.ok(await page.locator('[data-schema="Session"]').isVisible());
    await screenshot(page, 'api-page');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('jumps to an operation or a schema from the contents and from links, focus included', async () => {
    const page = await browser.newPage();
    await page.goApp('#/api');
    await page.locator('[data-toc-operation="startSession"]').click();
    await page.waitForFunction(() => document.activeElement?.closest('[data-operation]')?.dataset.operation === 'startSession');
    assert.equal(hashOf(page), '#/api?op=startSession');
    const top = await page.locator('[data-operation="startSession"]').evaluate((node) => node.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 40, `the operation is at the top of the window (${top}px)`);
    await screenshot(page, 'api-operation');

    await page.locator('[data-operation="startSession"] a', { hasText: 'StartSession' }).click();
    await page.waitForFunction(() => document.activeElement?.closest('[data-schema]')?.dataset.schema === 'StartSession');
    assert.equal(hashOf(page), '#/api?schema=StartSession');

    // Opened at an address, the page lands there too.
    await page.goApp('#/');
    await page.goApp('#/api?op=getRecording');
    await page.waitForFunction(() => document.activeElement?.closest('[data-operation]')?.dataset.operation === 'getRecording');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('fits a phone', async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goApp('#/api');
    await page.locator('.api-reference').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the API page scrolls sideways by ${overflow}px at phone width`);
    // Nor does any table hide a column off to the side: on a phone each row is a small block.
    const clipped = await page.locator('.page-api .table-scroll').evaluateAll((boxes) =>
      boxes.filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.closest('[data-operation], [data-schema], [data-section]')?.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(clipped, [], 'tables that scroll sideways at phone width');
    await screenshot(page, 'api-phone');
    await page.close();
  });

  it('keeps hostile text in a document as text', async () => {
    const page = await browser.newPage();
    const hostile = `
openapi: 3.0.3
info:
  title: "<img src=x onerror=alert('title')>"
  version: "1"
  description: "<script>alert('description')</script>**bold** [x](javascript:alert('link'))"
paths:
  "/api/<b>x</b>":
    get:
      operationId: "x\\" onmouseover=\\"alert(1)"
      summary: "<img src=x onerror=alert('summary')>"
      description: "<iframe src=javascript:alert('iframe')></iframe>"
      responses:
        "200": { description: "<svg onload=alert('response')>" }
`;
    await page.route('**/docs/openapi.yaml', (route) => route.fulfill({ status: 200, contentType: 'application/yaml', body: hostile }));
    await page.goApp('#/api');
    await page.locator('.api-reference').waitFor();
    assert.equal(await page.locator('.page-api h1').innerText(), "<img src=x onerror=alert('title')>");
    assert.equal(await page.locator('.api-summary').innerText(), "<img src=x onerror=alert('summary')>");
    assert.equal(await page.locator('.api-path').innerText(), '/api/<b>x</b>');
    assert.equal(await page.locator('.page-api script, .page-api iframe, .page-api img, .page-api svg[onload]').count(), 0);
    assert.equal(await page.locator('.page-api a[href^="javascript:"]').count(), 0);
    await page.waitForTimeout(300);
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('says so when the document is missing or is not an API description, and tries again', async () => {
    const page = await browser.newPage();
    let answer = { status: 404, contentType: 'text/plain', body: 'not found' };
    await page.route('**/docs/openapi.yaml', (route) => route.fulfill(answer));
    await page.goApp('#/api');
    const problem = page.locator('[data-view="error"]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /could not be loaded \(HTTP 404\)/);
    answer = { status: 200, contentType: 'application/yaml', body: 'just: [a, list\n  - of: {broken' };
    await problem.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-view="error"]', { hasText: 'not an OpenAPI document' }).waitFor();
    answer = { status: 200, contentType: 'application/yaml', body: text };
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.api-reference').waitFor();
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
