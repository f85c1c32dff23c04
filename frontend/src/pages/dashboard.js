// The visitor's sessions (`#/dashboard`), newest first, a page at a time: which scenario, when, how
// it went, and a way back in (a running session) or to its replay (an ended one).

import { listScenarios, listSessions } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { href } from '../router.js';
import { dateTimeText, durationText } from '../time.js';
import { failure, loading } from '../views/status.js';

const PAGE_SIZE = 10;

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

/** @param {import('../router.js').PageContext} context */
export function dashboardPage({ setTitle }) {
  const controller = new AbortController();
  const { signal } = controller;
  /** @type {Map<string, string>} */
  let titles = new Map();
  /** @type {string | null} */
  let next = null;
  let shownCount = 0;

  const activeBanner = h('div', { class: 'active-banner-slot' });
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
    { class: 'page page-dashboard' },
    h(
      'header',
      { class: 'page-header' },
      h('h1', {}, 'Your sessions'),
      h('p', { class: 'lead' }, 'Every attempt from this browser, newest first: how it went, and its replay.'),
    ),
    content,
  );

  /** @param {import('../api.js').Session} session */
  function row(session) {
    const title = titles.get(session.scenarioId) ?? session.scenarioId;
    const status = statusOf(session);
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
      cell('Result', h('span', { class: `state-badge state-${status.tone}` }, status.text)),
      cell('Time to solve', session.solved && session.timeToSolveSeconds !== null ? durationText(session.timeToSolveSeconds) : '—'),
      cell('Checks', String(session.checks ?? 0)),
      cell('Hints', String(session.hintsRevealed ?? 0)),
      cell('Open', action),
    );
  }

  /** @param {{ items: import('../api.js').Session[], next: string | null }} page */
  function append(page) {
    const items = Array.isArray(page.items) ? page.items : [];
    body.append(...items.map(row));
    shownCount += items.length;
    next = typeof page.next === 'string' && page.next ? page.next : null;
    moreRow.hidden = next === null;
    count.textContent = `${shownCount} ${shownCount === 1 ? 'session' : 'sessions'} shown${next ? '; older ones below' : ''}`;
    const active = items.find(isActive);
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

  async function load() {
    replaceChildren(content, loading('Loading your sessions…'));
    try {
      const [first, catalog] = await Promise.all([
        listSessions({ limit: PAGE_SIZE, signal }),
        listScenarios().catch(() => []),
      ]);
      if (signal.aborted) return;
      titles = new Map(catalog.map((scenario) => [scenario.id, scenario.title]));
      if (!first.items?.length) {
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
      replaceChildren(body);
      shownCount = 0;
      replaceChildren(content, activeBanner, count, h('div', { class: 'table-scroll' }, table), moreRow);
      append(first);
    } catch (error) {
      if (signal.aborted) return;
      replaceChildren(content, failure({ title: 'Your sessions could not be loaded', error, onRetry: load }));
    }
  }

  async function loadMore() {
    if (!next) return;
    more.disabled = true;
    more.setAttribute('aria-busy', 'true');
    const firstNew = body.children.length;
    try {
      const page = await listSessions({ limit: PAGE_SIZE, cursor: next, signal });
      if (signal.aborted) return;
      append(page);
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
