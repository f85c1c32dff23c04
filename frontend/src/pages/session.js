// One session (`#/sessions/<id>`), from the first second to the replay. The page reads the session
// and shows the view for where it stands, reading it again as it changes:
//
//   REQUESTED, LAUNCHING, BOOTING  the stages under way            every 500 ms
//   READY                          the terminal and the actions    every 5 s (1 s once time is up)
//   ENDING                         "saving the recording"          every second
//   ENDED                          the summary and the replay      (final)
//   FAILED                         what went wrong, try again      (final)
//
// A view stays on screen while the state keeps its phase (the terminal is not rebuilt by a poll);
// it gets `update(session)` instead.

import { account } from '../account.js';
import { ApiError, getScenario, getSession } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { loadTerminal } from '../lazy.js';
import { failedView } from '../views/session-notices.js';
import { endingView, startingView } from '../views/session-progress.js';
import { outcome, summaryView } from '../views/session-summary.js';
import { startControl } from '../views/start.js';
import { failure, loading, notFound } from '../views/status.js';
import { workspaceView } from '../views/workspace.js';
import { msUntil } from '../time.js';

/** @typedef {'starting' | 'ready' | 'ending' | 'ended' | 'failed'} Phase */

/**
 * Which view a session needs. A READY session whose end was asked for is already ending.
 * @param {Pick<import('../api.js').Session, 'state' | 'endRequested'>} session
 * @returns {Phase}
 */
export function phaseOf({ state, endRequested }) {
  switch (state) {
    case 'READY':
      return endRequested ? 'ending' : 'ready';
    case 'ENDING':
      return 'ending';
    case 'ENDED':
      return 'ended';
    case 'FAILED':
      return 'failed';
    default:
      return 'starting';
  }
}

/**
 * Reads of a starting session made every {@link FAST_POLL_MS}: locally a server is ready within a
 * second or two and every poll's wait is added to the time before the prompt; on AWS a server takes
 * 10–45 s, so after about 4 s the page reads at the usual pace.
 */
const FAST_STARTING_READS = 40;
const FAST_POLL_MS = 100;

/**
 * How long to wait before reading the session again, or null when it will not change.
 * @param {import('../api.js').Session} session
 * @param {number} startingReads  how many times this page has read the session while it was starting
 */
function pollDelay(session, startingReads = 0) {
  switch (phaseOf(session)) {
    case 'starting':
      return startingReads < FAST_STARTING_READS ? FAST_POLL_MS : 500;
    case 'ready':
      return msUntil(session.expiresAt) > 0 ? 5000 : 1000;
    case 'ending':
      return 1000;
    default:
      return null;
  }
}

/**
 * The scenario as the session views need it; a scenario that could not be read still gives a
 * page that works (its id as the title, no hint count).
 * @param {string} scenarioId
 * @param {AbortSignal} signal
 */
async function scenarioFor(scenarioId, signal) {
  try {
    const body = await getScenario(scenarioId, { signal });
    return {
      id: scenarioId,
      title: String(body.title ?? scenarioId),
      description: String(body.description ?? ''),
      hintCount: Number(body.hintCount) || 0,
      extensionMinutes: Number(body.extensionMinutes) || 0,
      loginUser: typeof body.loginUser === 'string' ? body.loginUser : undefined,
      sudo: Boolean(body.sudo),
      publicReplays: Boolean(body.publicReplays),
    };
  } catch (error) {
    if (signal.aborted) throw error;
    return { id: scenarioId, title: scenarioId, description: '', hintCount: 0, extensionMinutes: 0, sudo: false, publicReplays: false };
  }
}

/** Why a session is not here, for the caller the website is now. */
function notFoundMessage() {
  const status = account.status();
  if (status.kind !== 'anonymous') {
    return `There is no session at this address in your account (${status.user.name}). ` +
      'Sessions played without signing in stay with the browser they were played in. Your own sessions are listed on your dashboard.';
  }
  return 'There is no session at this address that belongs to this browser. If you started it while signed in, sign in to see it; ' +
    'your own sessions are listed on your dashboard.';
}

/** @param {import('../router.js').PageContext} context */
export function sessionPage({ params, router, setTitle }) {
  const id = params.id;
  const element = h('div', { class: 'page page-session' });
  const controller = new AbortController();
  const { signal } = controller;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {Awaited<ReturnType<typeof scenarioFor>> | null} */
  let scenario = null;
  /** @type {{ phase: Phase, view: { element: HTMLElement, update(session: any): void, dispose?(): void }, extras: { dispose(): void }[] } | null} */
  let shown = null;
  let failures = 0;
  let startingReads = 0;

  function schedule(ms) {
    clearTimeout(timer);
    timer = ms === null ? null : setTimeout(read, ms);
  }

  /** Reads the session now (after an action, or when the clock says time is up). */
  function refresh() {
    if (!signal.aborted) schedule(0);
  }

  async function read() {
    let session;
    try {
      session = await getSession(id, { signal });
      scenario ??= await scenarioFor(session.scenarioId, signal);
    } catch (error) {
      if (signal.aborted) return;
      failures += 1;
      if (error instanceof ApiError && [400, 401, 403, 404].includes(error.status) && error.code !== 'SIGN_IN_AGAIN') {
        showNotFound();
      } else if (!shown || (error instanceof ApiError && error.code === 'SIGN_IN_AGAIN')) {
        clearTimeout(timer);
        disposeShown();
        setTitle('Session unavailable');
        replaceChildren(element, failure({ title: 'This session could not be loaded', error, onRetry: retry, headingLevel: 'h1' }));
      } else {
        // A blip while the session runs: keep the terminal, try again shortly.
        schedule(Math.min(10_000, 1000 * 2 ** Math.min(failures, 4)));
      }
      return;
    }
    if (signal.aborted) return;
    failures = 0;
    if (phaseOf(session) === 'starting') startingReads += 1;
    show(session);
    schedule(pollDelay(session, startingReads));
  }

  function retry() {
    replaceChildren(element, loading('Loading your session…'));
    refresh();
  }

  function showNotFound() {
    clearTimeout(timer);
    disposeShown();
    setTitle('Session not found');
    replaceChildren(
      element,
      notFound({
        title: 'Session not found',
        message: notFoundMessage(),
      }),
    );
    element.querySelector('.notice-actions')?.append(' ', h('a', { class: 'button button-secondary', href: '#/dashboard' }, 'Your sessions'));
  }

  function disposeShown() {
    shown?.view.dispose?.();
    shown?.extras.forEach((extra) => extra.dispose());
    shown = null;
  }

  /** A session an action answered with (End): show it, and keep reading at its pace. */
  function showAndFollow(session) {
    if (signal.aborted) return;
    show(session);
    schedule(pollDelay(session));
  }

  /** @param {import('../api.js').Session} session */
  function show(session) {
    const phase = phaseOf(session);
    if (shown?.phase === phase) {
      shown.view.update(session);
      return;
    }
    const hadFocus = !shown || element.contains(document.activeElement) || document.activeElement === document.body;
    disposeShown();
    const extras = [];
    const retryControl = (label) => {
      const control = startControl({ scenarioId: session.scenarioId, router, label });
      extras.push(control);
      return control.element;
    };
    const titles = {
      starting: 'Preparing your server',
      ready: scenario.title,
      ending: 'Ending your session',
      ended: phase === 'ended' ? outcome(session).title : '',
      failed: session.failure?.code === 'CAPACITY' ? 'All servers are busy' : 'Your server could not be started',
    };
    setTitle(titles[phase]);

    let view;
    switch (phase) {
      case 'starting':
        view = startingView({ session, scenario });
        loadTerminal().catch(() => {}); // fetched while the server boots, ready when it is
        break;
      case 'ready':
        view = workspaceView({ session, scenario, onSession: showAndFollow, refresh });
        break;
      case 'ending':
        view = endingView({ scenario });
        break;
      case 'ended':
        view = summaryView({ session, scenario, startAgain: retryControl('Start again') });
        break;
      default:
        view = { element: failedView({ session, scenario, retry: retryControl('Try again') }), update() {} };
        break;
    }
    shown = { phase, view, extras };
    replaceChildren(element, view.element);
    // A new stage of the session is a new page for a screen reader: start reading at its heading.
    // The workspace is the exception: focus goes into the terminal once it connects.
    if (hadFocus && phase !== 'ready' && phase !== 'starting') element.querySelector('h1')?.focus();
  }

  setTitle('Session');
  replaceChildren(element, loading('Loading your session…'));
  read();

  return {
    element,
    dispose() {
      controller.abort();
      clearTimeout(timer);
      disposeShown();
    },
  };
}
