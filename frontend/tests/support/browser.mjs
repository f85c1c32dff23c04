// Shared set-up for the website tests: the platform under test, Debian's Chromium driven by
// playwright-core, and screenshots in test-results/.
//
// The platform's address comes from BREAKFIX_URL (`./breakfix test` starts a fresh platform and
// sets it). Chromium is /usr/bin/chromium unless CHROMIUM_PATH says otherwise.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 375, height: 740 };

/** The platform's base URL, without a trailing slash. */
export function platformUrl() {
  const url = process.env.BREAKFIX_URL;
  if (!url) {
    throw new Error(
      'BREAKFIX_URL is not set. The website tests need a running platform: run `./breakfix test` from the ' +
        'repository root (it starts a fresh one), or start one yourself and run ' +
        '`BREAKFIX_URL=http://127.0.0.1:PORT npm test` in frontend/.',
    );
  }
  return url.replace(/\/+$/, '');
}

// Checked when a test file loads, so a missing BREAKFIX_URL fails each browser test file with the
// message above instead of cancelling its tests one by one.
platformUrl();

/**
 * JSON from the platform's API, read directly (not through the browser), to know what the page
 * should show.
 * @param {string} path  e.g. `/api/scenarios`
 */
export async function apiGet(path) {
  const url = platformUrl() + path;
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`The platform at ${platformUrl()} does not answer (${error.cause?.code ?? error.message}). Is it running?`);
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * Starts Chromium with a fresh profile. Close it with `browser.close()`.
 */
export async function launchBrowser() {
  const base = platformUrl();
  const profile = await mkdtemp(join(tmpdir(), 'breakfix-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(10_000); // the site answers in milliseconds; fail fast when it does not
  // The persistent context opens with one blank page; the tests make their own.
  await Promise.all(context.pages().map((page) => page.close()));

  return {
    base,

    /**
     * A new page that records script errors and dialogs (an `alert` from injected code shows up
     * in `dialogs`). `page.goApp('#/…')` opens the site at a hash.
     */
    async newPage() {
      const page = await context.newPage();
      const errors = [];
      const dialogs = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      return Object.assign(page, {
        errors,
        dialogs,
        /** @param {string} hash */
        goApp: (hash = '#/') => page.goto(`${base}/${hash}`),
      });
    },

    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a full-page screenshot as test-results/<name>.png.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

/**
 * The hash part of the page's URL (`#/?tag=nginx`).
 * @param {import('playwright-core').Page} page
 */
export function hashOf(page) {
  return new URL(page.url()).hash;
}

/**
 * The difficulty a badge shows, as the API spells it ("easy"); the badge also carries
 * "Difficulty: " for screen readers.
 * @param {import('playwright-core').Locator} badge
 */
export async function difficultyOf(badge) {
  const text = (await badge.textContent()) ?? '';
  return text.replace(/^Difficulty:\s*/, '').trim().toLowerCase();
}
