// "Start": asks for a session and goes to its page, or says why it cannot, with what to do next.
// Used on the scenario page and wherever a session can be tried again (a full platform, a server
// that failed, a summary).

import { ApiError, startSession } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { href } from '../router.js';
import { capacityMessage } from './session-notices.js';

/**
 * @param {object} options
 * @param {string} options.scenarioId
 * @param {import('../router.js').Router} options.router
 * @param {string} [options.label]        the button's text
 * @param {string} [options.note]         a line beside the button
 * @param {boolean} [options.secondary]   a quieter button
 * @returns {{ element: HTMLElement, dispose: () => void }}
 */
export function startControl({ scenarioId, router, label = 'Start', note, secondary = false }) {
  let disposed = false;
  /** @type {ReturnType<typeof setInterval> | null} */
  let waitTimer = null;

  const button = h(
    'button',
    { type: 'button', class: `button button-large${secondary ? ' button-secondary' : ''}`, 'data-action': 'start', onclick: start },
    label,
  );
  const feedback = h('div', { class: 'start-feedback' });
  const element = h(
    'div',
    { class: 'start-control' },
    h('div', { class: 'start-row' }, button, note && h('p', { class: 'start-note' }, note)),
    feedback,
  );

  /** @param {boolean} busy */
  function setBusy(busy) {
    button.disabled = busy;
    button.setAttribute('aria-busy', String(busy));
    replaceChildren(button, busy ? [h('span', { class: 'spinner spinner-light', 'aria-hidden': 'true' }), 'Starting…'] : label);
  }

  /** Shows a notice under the button and moves focus to it, so it is read. */
  function say(notice) {
    replaceChildren(feedback, notice);
    notice.setAttribute('tabindex', '-1');
    notice.focus();
  }

  /** Keeps the button disabled for `seconds`, counting down on it. */
  function waitBeforeRetry(seconds) {
    clearInterval(waitTimer);
    let left = Math.ceil(seconds);
    const tick = () => {
      if (left <= 0) {
        clearInterval(waitTimer);
        waitTimer = null;
        button.disabled = false;
        replaceChildren(button, 'Try again');
        return;
      }
      button.disabled = true;
      replaceChildren(button, `Try again in ${left} s`);
      left -= 1;
    };
    tick();
    waitTimer = setInterval(tick, 1000);
  }

  async function start() {
    replaceChildren(feedback);
    setBusy(true);
    try {
      const session = await startSession(scenarioId);
      if (disposed) return;
      router.navigate(`/sessions/${encodeURIComponent(session.id)}`);
    } catch (error) {
      if (disposed) return;
      setBusy(false);
      say(problemNotice(error));
      if (error instanceof ApiError && error.status === 429) waitBeforeRetry(error.retryAfter ?? 10);
    }
  }

  return {
    element,
    dispose() {
      disposed = true;
      clearInterval(waitTimer);
    },
  };
}

/**
 * Why a start was refused, and what to do about it.
 * @param {unknown} error
 */
function problemNotice(error) {
  if (!(error instanceof ApiError)) {
    return notice('error', 'The session could not be started', 'Something went wrong in the website. Reload the page and try again.');
  }
  if (error.code === 'ACTIVE_SESSION_EXISTS') {
    const sessionId = typeof error.details.sessionId === 'string' ? error.details.sessionId : null;
    return notice(
      'info',
      'You already have a session running',
      'You can run one session at a time. Go back to it, or end it there to start this one.',
      h(
        'a',
        { class: 'button', href: sessionId ? href(`/sessions/${encodeURIComponent(sessionId)}`) : href('/dashboard'), 'data-action': 'go-to-session' },
        'Go to your session',
      ),
      'active-session',
    );
  }
  if (error.code === 'CAPACITY') {
    return notice('warning', 'All servers are busy', capacityMessage, pickAnother(), 'capacity');
  }
  if (error.code === 'QUOTA') {
    return notice('warning', 'You have reached your limit for now', error.message, pickAnother('Back to the scenarios'), 'quota');
  }
  if (error.status === 404) {
    return notice('error', 'This scenario is no longer available', 'It may have been renamed or removed.', pickAnother(), 'error');
  }
  return notice('error', 'The session could not be started', error.message, null, 'error');
}

function pickAnother(label = 'Pick another scenario') {
  return h('a', { class: 'button button-secondary', href: '#/' }, label);
}

/**
 * @param {'info' | 'warning' | 'error'} tone
 * @param {string} title
 * @param {string} message
 * @param {HTMLElement | null} [action]
 * @param {string} [view]  `data-view`, for tests
 */
function notice(tone, title, message, action = null, view = tone) {
  return h(
    'section',
    { class: `notice notice-${tone}`, role: tone === 'info' ? 'status' : 'alert', 'data-view': view },
    h('h2', { class: 'notice-title' }, title),
    h('p', {}, message),
    action && h('p', { class: 'notice-actions' }, action),
  );
}
