// Signing in and out in the tests, through the real local OIDC provider's pages: its login form
// (`#username`, `#password`, "Sign in") and its logout, as a person would.

/** The seeded development users of the local provider (local/README.md). */
export const ALICE = { username: 'alice', password: 'wonderland' };
export const BOB = { username: 'bob', password: 'builder' };

/** The header's sign-in button (the dashboard may offer a second one). */
export const headerSignIn = (page) => page.locator('.account [data-action="sign-in"]');
export const headerSignOut = (page) => page.locator('.account [data-action="sign-out"]');

/**
 * From a page of the site: "Sign in" in the header, the provider's login page, and back.
 * @param {import('playwright-core').Page} page
 * @param {{ username: string, password: string }} user
 * @param {{ screenshotLogin?: (page: import('playwright-core').Page) => Promise<void> }} [options]
 */
export async function signIn(page, { username, password }, { screenshotLogin } = {}) {
  const site = new URL(page.url()).origin;
  await headerSignIn(page).click();
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await screenshotLogin?.(page);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === site && url.search === '');
  await page.locator('.account-name').waitFor();
}

/**
 * "Sign out" in the header: the provider's logout, and back on the site.
 * @param {import('playwright-core').Page} page
 */
export async function signOut(page) {
  const site = new URL(page.url()).origin;
  await headerSignOut(page).click();
  await page.locator('[data-view="signed-out"]').waitFor();
  if (new URL(page.url()).origin !== site) throw new Error(`signing out ended on ${page.url()}`);
}

/**
 * What the page keeps for the signed-in user (null when nobody is).
 * @param {import('playwright-core').Page} page
 */
export function storedUser(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('breakfix.auth.user') ?? 'null'));
}
