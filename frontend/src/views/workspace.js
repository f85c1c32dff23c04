// A READY session: the terminal, the time left, and the actions: "Check my solution" (with "end
// when solved"), "Hint", "Extend", "End". Results show inline under the actions.
//
// Keyboard: every action is a native button, in reading order before the terminal. Tab moves into
// the terminal; inside it, Tab belongs to the shell (completion) and Shift+Tab leaves it. Escape
// goes to the shell too (editors need it); the End dialog closes with Escape.

import { ApiError, checkSession, endSession, extendSession, revealHint, terminalTicket } from '../api.js';
import { h, icon, replaceChildren } from '../dom.js';
import { rememberHint, revealedHints } from '../hint-store.js';
import { loadTerminal } from '../lazy.js';
import { renderMarkdown } from '../markdown.js';
import { clockText } from '../time.js';
import { countdown } from './countdown.js';

const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';

/**
 * @typedef {object} WorkspaceScenario
 * @property {string} title
 * @property {string} description
 * @property {number} hintCount
 * @property {number} extensionMinutes
 * @property {string} [loginUser]
 * @property {boolean} [sudo]
 */

/**
 * @param {object} options
 * @param {import('../api.js').Session} options.session
 * @param {WorkspaceScenario} options.scenario
 * @param {(session: import('../api.js').Session) => void} options.onSession  a newer session (after End)
 * @param {() => void} options.refresh  asks the page to read the session again now
 */
export function workspaceView({ session, scenario, onSession, refresh }) {
  const id = session.id;
  let current = session;
  let disposed = false;
  /** @type {ReturnType<typeof setInterval> | null} */
  let checkWait = null;
  /** @type {ReturnType<typeof import('../lazy/terminal.js').openTerminal> | null} */
  let terminal = null;
  let focusedOnce = false;
  // The first terminal's ticket is asked for now, while the page is built and xterm.js starts, not
  // after: one round trip less before the prompt. Later connections ask for their own.
  /** @type {Promise<{ url: string }> | null} */
  let firstTicket = terminalTicket(id);
  firstTicket.catch(() => {}); // its error, if any, is the terminal's to show when it asks

  // ---- Header: title and time left ----
  const clock = countdown({ expiresAt: session.expiresAt, onExpire: refresh });

  // ---- Actions ----
  const endWhenSolved = h('input', { type: 'checkbox', id: 'end-when-solved', name: 'endWhenSolved' });
  const checkButton = h('button', { type: 'button', class: 'button', 'data-action': 'check', onclick: check }, 'Check my solution');
  const hintButton = h('button', { type: 'button', class: 'button button-secondary', 'data-action': 'hint', onclick: hint }, icon('hint'), 'Hint');
  const extendButton = h(
    'button',
    {
      type: 'button',
      class: 'button button-secondary',
      'data-action': 'extend',
      onclick: extend,
      title: `Add time, up to ${scenario.extensionMinutes} minutes in all`,
    },
    icon('clock'),
    'Extend',
  );
  const endButton = h('button', { type: 'button', class: 'button button-danger-quiet', 'data-action': 'end', onclick: confirmEnd }, 'End');
  const feedback = h('div', { class: 'action-feedback', 'aria-live': 'polite' });

  // ---- Terminal ----
  const terminalStatus = h('div', { class: 'terminal-status', role: 'status', 'data-status': 'loading' });
  const terminalHost = h('div', { class: 'terminal-host' });
  const terminalFrame = h('div', { class: 'terminal-frame', onclick: () => terminal?.focus() }, terminalHost);

  // ---- Hints ----
  const hintList = h('ol', { class: 'hint-list' });
  const hintsNote = h('p', { class: 'hints-note' });

  // ---- End dialog ----
  const dialogUnsolved = h('p', { class: 'dialog-note' }, 'You have not solved it yet. You can still run “Check my solution” first.');
  const keepWorking = h('button', { type: 'button', class: 'button button-secondary', onclick: () => dialog.close() }, 'Keep working');
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'end-title', 'aria-describedby': 'end-text', 'data-view': 'end-dialog' },
    h('h2', { id: 'end-title' }, 'End this session?'),
    h('p', { id: 'end-text' }, 'Your server will be removed and your recording saved. You cannot come back to this server.'),
    dialogUnsolved,
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'button button-danger', 'data-action': 'confirm-end', onclick: () => end(true) }, 'End session'),
      keepWorking,
    ),
  );

  const element = h(
    'section',
    { class: 'workspace', 'data-view': 'workspace', 'aria-labelledby': 'workspace-title' },
    h(
      'header',
      { class: 'workspace-header' },
      h('div', { class: 'workspace-title' }, h('p', { class: 'eyebrow' }, 'Your session'), h('h1', { id: 'workspace-title', tabindex: '-1' }, scenario.title)),
      clock.element,
    ),
    h(
      'div',
      { class: 'workspace-actions' },
      h('div', { class: 'check-group' }, checkButton, h('label', { class: 'checkbox', for: 'end-when-solved' }, endWhenSolved, 'End the session when solved')),
      h('div', { class: 'other-actions' }, scenario.hintCount > 0 && hintButton, scenario.extensionMinutes > 0 && extendButton, endButton),
    ),
    feedback,
    h(
      'div',
      { class: 'workspace-body' },
      h(
        'section',
        { class: 'terminal-panel', 'aria-labelledby': 'terminal-heading' },
        h(
          'div',
          { class: 'terminal-bar' },
          h('h2', { id: 'terminal-heading', class: 'terminal-heading' }, 'Terminal'),
          terminalStatus,
        ),
        terminalFrame,
        h(
          'p',
          { class: 'terminal-help', id: 'terminal-help' },
          'In the terminal, ',
          h('kbd', {}, 'Tab'),
          ' completes as in any shell; ',
          h('kbd', {}, 'Shift'),
          '+',
          h('kbd', {}, 'Tab'),
          ' moves out of it.',
        ),
      ),
      h(
        'aside',
        { class: 'workspace-aside', 'aria-label': 'Task and hints' },
        h(
          'section',
          { class: 'aside-section hints', 'aria-labelledby': 'hints-heading' },
          h('h2', { id: 'hints-heading', class: 'aside-title' }, 'Hints'),
          hintsNote,
          hintList,
        ),
        h(
          'details',
          { class: 'aside-section task', open: true },
          h('summary', { class: 'aside-title' }, 'The task'),
          h('div', { class: 'prose prose-compact' }, renderMarkdown(scenario.description, { title: scenario.title })),
        ),
      ),
    ),
    dialog,
  );

  // ---- Feedback under the actions ----

  /**
   * @param {'success' | 'failure' | 'info' | 'warning' | 'error'} tone
   * @param {string} title
   * @param {...unknown} body
   */
  function say(tone, title, ...body) {
    replaceChildren(
      feedback,
      h(
        'div',
        { class: `feedback feedback-${tone}`, 'data-feedback': tone },
        h('p', { class: 'feedback-title' }, title),
        body,
      ),
    );
  }

  /** @param {unknown} error  an ApiError, or the gateway's refusal: both carry a sentence for people */
  const messageOf = (error) =>
    error instanceof ApiError || (error instanceof Error && error.name === 'GatewayRefusal')
      ? error.message
      : 'Something went wrong in the website. Reload the page and try again.';

  /** @param {HTMLButtonElement} button @param {boolean} busy @param {string} [busyLabel] */
  function setBusy(button, busy, busyLabel) {
    button.disabled = busy;
    button.setAttribute('aria-busy', String(busy));
    if (busyLabel) {
      if (busy) {
        button.dataset.label = button.textContent ?? '';
        replaceChildren(button, h('span', { class: 'spinner spinner-light', 'aria-hidden': 'true' }), busyLabel);
      } else if (button.dataset.label) {
        replaceChildren(button, button.dataset.label);
      }
    }
  }

  // ---- Check ----

  function solvedNotice(message, ending) {
    say(
      'success',
      'Solved!',
      message && h('p', {}, message),
      ending
        ? h('p', {}, 'Ending your session and saving your recording…')
        : h(
            'p',
            { class: 'feedback-actions' },
            h('button', { type: 'button', class: 'button', 'data-action': 'end-now', onclick: () => end(false) }, 'End now and see your summary'),
            h('span', { class: 'feedback-aside' }, 'or keep exploring until the time runs out.'),
          ),
    );
  }

  async function check() {
    setBusy(checkButton, true, 'Checking…');
    try {
      const result = await checkSession(id, { endWhenSolved: endWhenSolved.checked });
      if (disposed) return;
      if (result.solved) {
        solvedNotice(result.message, result.ending);
        if (result.ending) refresh();
      } else {
        say('failure', 'Not solved yet', h('p', {}, result.message));
      }
      setBusy(checkButton, false, 'Checking…');
    } catch (error) {
      if (disposed) return;
      setBusy(checkButton, false, 'Checking…');
      if (error instanceof ApiError && error.code === 'TOO_MANY_CHECKS') {
        say('warning', 'One moment', h('p', {}, `${error.message} You can check again in a few seconds.`));
        holdCheck(error.retryAfter ?? 5);
      } else if (error instanceof ApiError && error.code === 'NOT_READY') {
        say('info', 'The server is not ready', h('p', {}, error.message));
        refresh();
      } else {
        say('error', 'The check could not run', h('p', {}, messageOf(error)));
      }
    }
  }

  /** Keeps "Check" disabled while the API would refuse it, counting down on the button. */
  function holdCheck(seconds) {
    clearInterval(checkWait);
    let left = Math.ceil(seconds);
    const tick = () => {
      if (left <= 0 || disposed) {
        clearInterval(checkWait);
        checkWait = null;
        checkButton.disabled = false;
        replaceChildren(checkButton, 'Check my solution');
        return;
      }
      checkButton.disabled = true;
      replaceChildren(checkButton, `Check again in ${left} s`);
      left -= 1;
    };
    tick();
    checkWait = setInterval(tick, 1000);
  }

  // ---- Hints ----

  function renderHints() {
    const known = revealedHints(id);
    const revealed = Math.max(current.hintsRevealed ?? 0, known.length);
    const items = [];
    for (let index = 0; index < revealed; index += 1) {
      const hint = known.find((k) => k.index === index);
      items.push(
        h(
          'li',
          { class: 'hint', 'data-hint': String(index) },
          hint ? renderMarkdown(hint.text) : h('p', { class: 'hint-missing' }, 'Revealed in another browser.'),
        ),
      );
    }
    replaceChildren(hintList, items);
    hintList.hidden = items.length === 0;

    const count = scenario.hintCount;
    if (count === 0) {
      hintsNote.textContent = 'This scenario has no hints.';
    } else if (revealed === 0) {
      hintsNote.textContent = `Stuck? ${count === 1 ? 'One hint is' : `${count} hints are`} available, one at a time. Hints you use are counted in your summary.`;
    } else {
      hintsNote.textContent = `${revealed} of ${count} ${count === 1 ? 'hint' : 'hints'} shown.`;
    }
    const more = revealed < count;
    hintButton.disabled = !more;
    replaceChildren(hintButton, icon('hint'), more ? `Hint ${revealed + 1} of ${count}` : 'No more hints');
  }

  async function hint() {
    setBusy(hintButton, true);
    try {
      const revealed = await revealHint(id);
      if (disposed) return;
      rememberHint(id, revealed);
      current = { ...current, hintsRevealed: Math.max(current.hintsRevealed ?? 0, revealed.index + 1) };
      say('info', `Hint ${revealed.index + 1} of ${revealed.of}`, renderMarkdown(revealed.text));
    } catch (error) {
      if (disposed) return;
      if (error instanceof ApiError && error.code === 'NO_MORE_HINTS') say('info', 'No more hints', h('p', {}, error.message));
      else say('error', 'The hint could not be shown', h('p', {}, messageOf(error)));
    }
    hintButton.setAttribute('aria-busy', 'false');
    renderHints();
  }

  // ---- Extend ----

  async function extend() {
    setBusy(extendButton, true);
    try {
      const { expiresAt } = await extendSession(id);
      if (disposed) return;
      current = { ...current, expiresAt };
      clock.set(expiresAt);
      say('info', 'More time', h('p', {}, `Your session now ends at ${clockText(expiresAt)}.`));
      setBusy(extendButton, false);
    } catch (error) {
      if (disposed) return;
      setBusy(extendButton, false);
      if (error instanceof ApiError && error.code === 'EXTENSION_LIMIT') {
        extendButton.disabled = true;
        say('warning', 'No more time can be added', h('p', {}, error.message));
      } else {
        say('error', 'The session could not be extended', h('p', {}, messageOf(error)));
      }
    }
  }

  // ---- End ----

  function confirmEnd() {
    dialogUnsolved.hidden = current.solved;
    dialog.showModal();
    keepWorking.focus(); // the safe choice first; Escape also keeps working
  }

  /** @param {boolean} fromDialog */
  async function end(fromDialog) {
    const buttons = [...element.querySelectorAll('[data-action="confirm-end"], [data-action="end-now"], [data-action="end"]')];
    buttons.forEach((button) => (button.disabled = true));
    try {
      const ended = await endSession(id);
      if (fromDialog) dialog.close();
      if (!disposed) onSession(ended);
    } catch (error) {
      if (fromDialog) dialog.close();
      if (disposed) return;
      buttons.forEach((button) => (button.disabled = false));
      say('error', 'The session could not be ended', h('p', {}, messageOf(error)));
    }
  }

  // ---- Terminal ----

  /**
   * @param {import('../lazy/terminal.js').TerminalStatus | 'loading' | 'failed-to-load'} status
   * @param {{ inMs?: number, reason?: string, error?: unknown, code?: number | null }} [detail]
   */
  function showTerminalStatus(status, detail = {}) {
    terminalStatus.dataset.status = status;
    terminalFrame.dataset.status = status;
    const spinner = () => h('span', { class: 'spinner', 'aria-hidden': 'true' });
    switch (status) {
      case 'loading':
      case 'connecting':
        replaceChildren(terminalStatus, spinner(), 'Connecting to your server…');
        break;
      case 'connected': {
        const user = scenario.loginUser ? ` as ${scenario.loginUser}${scenario.sudo ? ' (with sudo)' : ''}` : '';
        replaceChildren(terminalStatus, h('span', { class: 'dot dot-ok', 'aria-hidden': 'true' }), `Connected${user}`);
        if (!focusedOnce) {
          focusedOnce = true;
          // Straight into the shell, unless the visitor is busy elsewhere on the page.
          const active = document.activeElement;
          if (!active || active === document.body || active.id === 'main' || element.querySelector('h1') === active) terminal?.focus();
        }
        break;
      }
      case 'reconnecting':
        replaceChildren(
          terminalStatus,
          spinner(),
          `Connection lost. Reconnecting${detail.inMs ? ` in ${Math.ceil(detail.inMs / 1000)} s` : ''}…`,
          h('button', { type: 'button', class: 'link-button', onclick: () => terminal?.reconnectNow() }, 'Reconnect now'),
        );
        break;
      case 'ended':
        replaceChildren(terminalStatus, h('span', { class: 'dot', 'aria-hidden': 'true' }), 'The session has ended.');
        refresh();
        break;
      case 'exited':
        replaceChildren(
          terminalStatus,
          h('span', { class: 'dot', 'aria-hidden': 'true' }),
          'The shell has exited.',
          h('button', { type: 'button', class: 'link-button', 'data-action': 'new-shell', onclick: () => terminal?.reconnectNow() }, 'Open a new shell'),
        );
        refresh(); // the server may have gone with the session
        break;
      case 'unavailable':
      case 'failed-to-load': {
        let why = `The terminal could not be opened. ${messageOf(detail.error)}`;
        if (status === 'failed-to-load') why = 'The terminal could not be loaded. Check your connection.';
        else if (detail.error instanceof ApiError && detail.error.code === 'ROUTE_NOT_FOUND') {
          why = 'This platform does not offer browser terminals yet.';
        }
        replaceChildren(
          terminalStatus,
          h('span', { class: 'dot dot-bad', 'aria-hidden': 'true' }),
          why,
          h('button', { type: 'button', class: 'link-button', onclick: openShell }, 'Try again'),
        );
        // The session may have moved on (ending, ended): read it again.
        if (['NOT_READY', 'SESSION_NOT_READY'].includes(/** @type {any} */ (detail.error)?.code)) refresh();
        break;
      }
      default:
        break;
    }
  }

  async function openShell() {
    terminal?.dispose();
    terminal = null;
    showTerminalStatus('loading');
    let module;
    try {
      module = await loadTerminal();
    } catch {
      if (!disposed) showTerminalStatus('failed-to-load');
      return;
    }
    if (disposed) return;
    terminal = module.openTerminal(terminalHost, {
      getTicket: () => {
        const ticket = firstTicket ?? terminalTicket(id);
        firstTicket = null;
        return ticket;
      },
      // A refusal a new ticket will not change: no such session, not yours, not ready, no gateway.
      shouldRetry: (error) => !(error instanceof ApiError && [400, 401, 403, 404, 409].includes(error.status)),
      onStatus: (status, detail) => {
        if (!disposed) showTerminalStatus(status, detail);
      },
      fontFamily: MONO,
      fontSize: window.matchMedia('(max-width: 30rem)').matches ? 12 : 14,
    });
  }

  // ---- Start ----

  renderHints();
  if (session.solved) solvedNotice('', false);
  openShell();

  return {
    element,

    /** @param {import('../api.js').Session} next */
    update(next) {
      const wasSolved = current.solved;
      current = { ...next, hintsRevealed: Math.max(next.hintsRevealed ?? 0, current.hintsRevealed ?? 0) };
      clock.set(next.expiresAt);
      if (next.hintsRevealed !== undefined) renderHints();
      if (next.solved && !wasSolved && !feedback.querySelector('[data-feedback="success"]')) solvedNotice('', false);
    },

    dispose() {
      disposed = true;
      clearInterval(checkWait);
      clock.dispose();
      terminal?.dispose();
      if (dialog.open) dialog.close();
    },
  };
}
