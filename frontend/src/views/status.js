// The states a page shows while it cannot show its content: loading, failed, not found.

import { signInFromHere } from '../account.js';
import { h } from '../dom.js';

/**
 * A quiet loading line, announced to screen readers.
 * @param {string} text
 */
export function loading(text) {
  return h('p', { class: 'status status-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/**
 * Something went wrong talking to the API: say what, and offer to try again.
 * @param {object} options
 * @param {string} options.title     e.g. "The scenarios could not be loaded"
 * @param {unknown} options.error    an ApiError (its message is written for people) or anything else
 * @param {() => void} options.onRetry
 * @param {string} [options.headingLevel] 'h1' on a page of its own, 'h2' inside a page
 */
export function failure({ title, error, onRetry, headingLevel = 'h2' }) {
  const message =
    error instanceof Error && error.name === 'ApiError'
      ? error.message
      : 'Something went wrong in the website. Try again, or reload the page.';
  // A sign-in that has run out is not helped by trying again: signing in again is.
  const retry =
    error instanceof Error && /** @type {any} */ (error).code === 'SIGN_IN_AGAIN'
      ? signInButton('Sign in again')
      : h('button', { type: 'button', class: 'button', onclick: onRetry }, 'Try again');
  return h(
    'section',
    { class: 'notice notice-error', role: 'alert', 'data-view': 'error' },
    h(headingLevel, { class: 'notice-title' }, title),
    h('p', {}, message),
    h('p', { class: 'notice-actions' }, retry),
  );
}

/**
 * There is nothing at this address.
 * @param {object} options
 * @param {string} options.title
 * @param {string} options.message
 */
export function notFound({ title, message }) {
  return h(
    'section',
    { class: 'notice', 'data-view': 'not-found' },
    h('h1', { class: 'notice-title' }, title),
    h('p', {}, message),
    h('p', { class: 'notice-actions' }, h('a', { class: 'button', href: '#/' }, 'Browse all scenarios')),
  );
}

/**
 * A button that leaves for the provider's sign-in page and comes back here. When it cannot (the
 * provider is unreachable, storage is blocked), it says why beside itself.
 * @param {string} [label]
 * @param {object} [options]
 * @param {boolean} [options.secondary]
 */
export function signInButton(label = 'Sign in', { secondary = false } = {}) {
  const problem = h('span', { class: 'sign-in-problem', role: 'alert' });
  const button = h(
    'button',
    {
      type: 'button',
      class: `button${secondary ? ' button-secondary' : ''}`,
      'data-action': 'sign-in',
      onclick: async () => {
        button.disabled = true;
        problem.textContent = '';
        try {
          await signInFromHere();
        } catch (error) {
          button.disabled = false;
          problem.textContent = error instanceof Error && error.name === 'SignInError' ? error.message : 'Signing in did not start. Try again.';
        }
      },
    },
    label,
  );
  return h('span', { class: 'sign-in-control' }, button, problem);
}
