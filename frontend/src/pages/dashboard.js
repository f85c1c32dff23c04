// The caller's sessions (`#/dashboard`): the signed-in user's (on any browser where they sign in),
// or the anonymous visitor's (this browser's). At the top, the scenarios solved (the best time to
// solve each, attempts, the fastest solve's replay) and those tried but not solved yet; below,
// every session, newest first, ten at a time: which scenario, when, how it went, and a way back in
// (a running session) or to its replay (an ended one).
//
// Sessions are read 50 at a time (the API's most) through its `next` cursor, up to 200 for the
// summary; the table shows ten more of them at each "Show older sessions", reading on as it needs.

import { account } from '../account.js';
import { listScenarios, listSessions } from '../api.js';
import { ANONYMOUS_SESSION_MINUTES } from '../auth.js';
import { h, icon, replaceChildren } from '../dom.js';
import { href } from '../router.js';
import { dateTimeText, durationText } from '../time.js';
import { failure, loading, signInButton } from '../views/status.js';

const PAGE_SIZE = 10;
const FETCH_SIZE = 50;
/** The summary counts at most this many of the newest sessions. */
const SUMMARY_LIMIT = 200;

/**
 * A session's state in a word, and a tone for its badge.
 * @param {import('../api.js').Session} session
 * @returns {{ text: string, tone: 'ok' | 'bad' | 'active' | 'neutral' }}
 */
export function statusOf(session) {
  switch (session.state) {
    case 'REQUESTED':
    case 'LAUNCHING':
    case 'BOOTING':
      return { text: 'Starting', tone: 'active' };
    case 'READY':
      return session.endRequested ? { text: 'Ending', tone: 'neutral' } : { text: session.solved ? 'Running, solved' : 'Running', tone: 'active' };
    case 'ENDING':
      return { text: 'Ending', tone: 'neutral' };
    case 'FAILED':
      return { text: session.failure?.code === 'CAPACITY' ? 'No server free' : 'Failed', tone: 'bad' };
    default:
      if (session.solved) return { text: 'Solved', tone: 'ok' };
      return { text: session.endReason === 'EXPIRED' ? 'Time ran out' : 'Not solved', tone: 'neutral' };
  }
}

const isActive = (session) => session.state !== 'ENDED' && session.state !== 'FAILED';

/**
 * @typedef {object} ScenarioRecord
 * @property {string} scenarioId
 * @property {number} attempts         sessions whose server started (not the ones that failed to)
 * @property {number} solves
 * @property {number | null} bestSeconds  the fastest time to solve
 * @property {string | null} bestSessionId
 * @property {boolean} bestHasReplay   the fastest solve has ended, so its replay exists
 * @property {string} lastPlayedAt
 */

/**
 * What the sessions add up to, per scenario: solved ones (fastest first) and tried-but-not-solved.
 * @param {import('../api.js').Session[]} sessions  newest first
 * @returns {{ solved: ScenarioRecord[], unsolved: ScenarioRecord[] }}
 */
export function summarise(sessions) {
  /** @type {Map<string, ScenarioRecord>} */
  const records = new Map();
  for (const session of sessions) {
    if (typeof session?.scenarioId !== 'string') continue;
    if (session.state === 'FAILED') continue; // no server, no attempt
    let record = records.get(session.scenarioId);
    if (!record) {
      record = { scenarioId: session.scenarioId, attempts: 0, solves: 0, bestSeconds: null, bestSessionId: null, bestHasReplay: false, lastPlayedAt: String(session.createdAt ?? '') };
      records.set(session.scenarioId, record);
    }
    record.attempts += 1;
    if (session.solved) {
      record.solves += 1;
      const seconds = Number.isFinite(session.timeToSolveSeconds) ? Number(session.timeToSolveSeconds) : null;
      if (record.bestSessionId === null || (seconds !== null && (record.bestSeconds === null || seconds < record.bestSeconds))) {
        record.bestSeconds = seconds;
        record.bestSessionId = session.id;
        record.bestHasReplay = session.state === 'ENDED';
      }
    }
  }
  const all = [...records.values()];
  return {
    solved: all.filter((r) => r.solves > 0).sort((a, b) => (a.bestSeconds ?? Infinity) - (b.bestSeconds ?? Infinity)),
    unsolved: all.filter((r) => r.solves === 0),
  };
}

/**
 * The caller's sessions, read a page at a time and kept, for the table and the summary alike.
 * @param {AbortSignal} signal
 */
function sessionHistory(signal) {
  /** @type {import('../api.js').Session[]} */
  const items = [];
  /** @type {string | null} */
  let cursor = null;
  let done = false;
  /** @type {Promise<void> | null} */
  let reading = null;

  return {
    items,
    get done() {
      return done;
    },
    /** Reads the next page (one request at a time). */
    more() {
      if (done) return Promise.resolve();
      reading ??= listSessions({ limit: FETCH_SIZE, cursor, signal })
        .then((page) => {
          const list = Array.isArray(page.items) ? page.items : [];
          items.push(...list);
          cursor = typeof page.next === 'string' && page.next ? page.next : null;
          done = cursor === null || list.length === 0;
        })
        .finally(() => {
          reading = null;
        });
      return reading;
    },
    /** Reads on until `count` sessions are in, or there are no more. @param {number} count */
    async atLeast(count) {
      while (!done && items.length < count) await this.more();
    },
  };
}

/** @param {import('../router.js').PageContext} context */
export function dashboardPage({ setTitle }) {
  const controller = new AbortController();
  const { signal } = controller;
  const status = account.status();
  const signedIn = status.kind !== 'anonymous';
  /** @type {Map<string, string>} */
  let titles = new Map();
  let catalogSize = 0;
  let shownCount = 0;
  let history = sessionHistory(signal);

  const activeBanner = h('div', { class: 'active-banner-slot' });
  const summarySlot = h('div', { class: 'summary-slot' });
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'sessions-table' },
    h('caption', { class: 'visually-hidden' }, 'Your sessions, newest first'),
    h(
      'thead',
      {},
      h('tr', {}, ['Scenario', 'Started', 'Result', 'Time to solve', 'Checks', 'Hints', 'Open'].map((label) => h('th', { scope: 'col' }, label))),
    ),
    body,
  );
  const more = h('button', { type: 'button', class: 'button button-secondary', 'data-action': 'more', onclick: loadMore }, 'Show older sessions');
  const moreRow = h('p', { class: 'more-row' }, more);
  const count = h('p', { class: 'result-count', role: 'status' });
  const content = h('div', { class: 'dashboard-content' }, loading('Loading your sessions…'));

  const element = h(
    'div',
    { class: 'page page-dashboard', 'data-caller': signedIn ? 'user' : 'anonymous' },
    h(
      'header',
      { class: 'page-header' },
      h('h1', {}, 'Your sessions'),
      signedIn
        ? h(
            'p',
            { class: 'lead' },
            'Signed in as ',
            h('strong', { 'data-user': status.user.name }, status.user.name),
            ': your sessions on every browser where you sign in, newest first, with how each went and its replay.',
          )
        : h('p', { class: 'lead' }, 'Every attempt from this browser, newest first: how it went, and its replay.'),
      callerNote(),
    ),
    content,
  );

  /** Whose sessions these are, and that the anonymous visitor's do not move to an account. */
  function callerNote() {
    if (signedIn) {
      return h(
        'p',
        { class: 'caller-note muted', 'data-view': 'caller-note' },
        'Sessions played in this browser without signing in are not listed here: they stay with this browser, and come back into view when you sign out.',
      );
    }
    // Only where signing in is possible (the settings say so): otherwise there is nothing to offer.
    const slot = h('div', { class: 'caller-note-slot' });
    account.ready().then((settings) => {
      if (!settings || signal.aborted) return;
      replaceChildren(
        slot,
        h(
          'div',
          { class: 'caller-note notice notice-info', 'data-view': 'caller-note' },
          h(
            'p',
            {},
            `You are playing without an account: these sessions belong to this browser only, and last at most ${ANONYMOUS_SESSION_MINUTES} minutes each. `,
            'Sign in for the full time limits and a history that follows you. Sessions played without an account stay with this browser: they do not move to your account.',
          ),
          h('p', { class: 'notice-actions' }, signInButton('Sign in')),
        ),
      );
    });
    return slot;
  }

  /** @param {import('../api.js').Session} session */
  function row(session) {
    const title = titles.get(session.scenarioId) ?? session.scenarioId;
    const state = statusOf(session);
    const sessionHref = href(`/sessions/${encodeURIComponent(session.id)}`);
    let action = h('span', { class: 'muted' }, '—');
    if (isActive(session)) action = h('a', { href: sessionHref, class: 'row-action' }, 'Session');
    else if (session.state === 'ENDED') action = h('a', { href: href(`/replays/${encodeURIComponent(session.id)}`), class: 'row-action' }, 'Replay');
    const cell = (label, ...children) => h('td', { 'data-label': label }, children);
    return h(
      'tr',
      { 'data-session': session.id, 'data-state': session.state },
      h('th', { scope: 'row', 'data-label': 'Scenario' }, h('a', { href: sessionHref }, title)),
      cell('Started', h('time', { datetime: session.createdAt }, dateTimeText(session.createdAt))),
      cell('Result', h('span', { class: `state-badge state-${state.tone}` }, state.text)),
      cell('Time to solve', session.solved && session.timeToSolveSeconds !== null ? durationText(session.timeToSolveSeconds) : '—'),
      cell('Checks', String(session.checks ?? 0)),
      cell('Hints', String(session.hintsRevealed ?? 0)),
      cell('Open', action),
    );
  }

  /** Adds rows up to `upTo` sessions from what has been read. @param {number} upTo */
  function showRows(upTo) {
    const rows = history.items.slice(shownCount, upTo);
    body.append(...rows.map(row));
    shownCount += rows.length;
    const older = shownCount < history.items.length || !history.done;
    moreRow.hidden = !older;
    count.textContent = `${shownCount} ${shownCount === 1 ? 'session' : 'sessions'} shown${older ? '; older ones below' : ''}`;
    const active = history.items.slice(0, shownCount).find(isActive);
    if (active && !activeBanner.firstChild) {
      replaceChildren(
        activeBanner,
        h(
          'section',
          { class: 'notice notice-info active-banner', 'data-view': 'active-session' },
          h('p', { class: 'notice-title' }, `You have a session running: ${titles.get(active.scenarioId) ?? active.scenarioId}`),
          h('p', { class: 'notice-actions' }, h('a', { class: 'button', href: href(`/sessions/${encodeURIComponent(active.id)}`) }, 'Go to it')),
        ),
      );
    }
  }

  /** The solved scenarios, from every session read so far. @param {boolean} complete */
  function showSummary(complete) {
    const { solved, unsolved } = summarise(history.items);
    const title = (id) => titles.get(id) ?? id;
    const sessions = history.items.length;
    const line =
      catalogSize > 0
        ? `${solved.length} of ${catalogSize} ${catalogSize === 1 ? 'scenario' : 'scenarios'} solved, in ${sessions} ${sessions === 1 ? 'session' : 'sessions'}.`
        : `${solved.length} ${solved.length === 1 ? 'scenario' : 'scenarios'} solved, in ${sessions} ${sessions === 1 ? 'session' : 'sessions'}.`;
    replaceChildren(
      summarySlot,
      h(
        'section',
        { class: 'solved-summary', 'data-view': 'solved-summary', 'aria-labelledby': 'solved-heading', 'data-solved': String(solved.length) },
        h('h2', { id: 'solved-heading' }, 'Solved scenarios'),
        h('p', { class: 'summary-line' }, line),
        solved.length > 0 &&
          h(
            'ul',
            { class: 'solved-list' },
            solved.map((record) =>
              h(
                'li',
                { class: 'solved-item', 'data-scenario': record.scenarioId },
                h('span', { class: 'solved-mark', 'aria-hidden': 'true' }, icon('check')),
                h(
                  'div',
                  { class: 'solved-body' },
                  h('a', { class: 'solved-title', href: href(`/scenarios/${encodeURIComponent(record.scenarioId)}`) }, title(record.scenarioId)),
                  h(
                    'p',
                    { class: 'solved-facts' },
                    record.bestSeconds !== null ? [h('span', { 'data-fact': 'best' }, `Best time ${durationText(record.bestSeconds)}`), ' · '] : null,
                    `${record.solves} of ${record.attempts} ${record.attempts === 1 ? 'attempt' : 'attempts'} solved`,
                    ' · last played ',
                    h('time', { datetime: record.lastPlayedAt }, dateTimeText(record.lastPlayedAt)),
                  ),
                ),
                record.bestHasReplay &&
                  h(
                    'a',
                    { class: 'solved-replay', href: href(`/replays/${encodeURIComponent(record.bestSessionId ?? '')}`) },
                    'Replay of the fastest solve',
                  ),
              ),
            ),
          ),
        unsolved.length > 0 &&
          h(
            'p',
            { class: 'unsolved-line', 'data-view': 'unsolved' },
            'Tried, not solved yet: ',
            unsolved.map((record, index) => [
              index > 0 ? ', ' : '',
              h('a', { href: href(`/scenarios/${encodeURIComponent(record.scenarioId)}`) }, title(record.scenarioId)),
              ` (${record.attempts} ${record.attempts === 1 ? 'attempt' : 'attempts'})`,
            ]),
            '.',
          ),
        !complete && h('p', { class: 'muted summary-note' }, `Counted from your ${sessions} newest sessions.`),
      ),
    );
  }

  /** Reads on in the background for the summary, up to its limit. */
  async function fillSummary() {
    try {
      await history.atLeast(SUMMARY_LIMIT);
    } catch {
      // the summary says what it counted
    }
    if (signal.aborted) return;
    showSummary(history.done);
    moreRow.hidden = !(shownCount < history.items.length || !history.done);
  }

  async function load() {
    replaceChildren(content, loading('Loading your sessions…'));
    history = sessionHistory(signal);
    shownCount = 0;
    replaceChildren(body);
    replaceChildren(activeBanner);
    try {
      const [, catalog] = await Promise.all([history.more(), listScenarios().catch(() => [])]);
      if (signal.aborted) return;
      titles = new Map(catalog.map((scenario) => [scenario.id, scenario.title]));
      catalogSize = catalog.length;
      if (history.items.length === 0) {
        replaceChildren(
          content,
          h(
            'section',
            { class: 'notice empty', 'data-view': 'empty' },
            h('h2', { class: 'notice-title' }, 'No sessions yet'),
            h('p', {}, 'Pick a scenario and press Start: your attempts, results and replays will be listed here.'),
            h('p', { class: 'notice-actions' }, h('a', { class: 'button', href: '#/' }, 'Browse the scenarios')),
          ),
        );
        return;
      }
      replaceChildren(
        content,
        activeBanner,
        summarySlot,
        h('h2', { class: 'sessions-heading' }, 'All sessions'),
        count,
        h('div', { class: 'table-scroll' }, table),
        moreRow,
      );
      showRows(PAGE_SIZE);
      showSummary(history.done);
      if (!history.done) fillSummary();
    } catch (error) {
      if (signal.aborted) return;
      replaceChildren(content, failure({ title: 'Your sessions could not be loaded', error, onRetry: load }));
    }
  }

  async function loadMore() {
    more.disabled = true;
    more.setAttribute('aria-busy', 'true');
    const firstNew = body.children.length;
    try {
      await history.atLeast(shownCount + PAGE_SIZE);
      if (signal.aborted) return;
      showRows(shownCount + PAGE_SIZE);
      // Keep the keyboard where the new rows start, not on a button that may have gone.
      body.children[firstNew]?.querySelector('a')?.focus();
    } catch (error) {
      if (signal.aborted) return;
      count.textContent = error?.message ?? 'Older sessions could not be loaded.';
    } finally {
      more.disabled = false;
      more.setAttribute('aria-busy', 'false');
    }
  }

  setTitle('Your sessions');
  load();

  return {
    element,
    dispose() {
      controller.abort();
    },
  };
}
