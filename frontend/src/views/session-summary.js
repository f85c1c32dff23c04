// An ENDED session: how it went (solved? how fast? checks, hints), why it ended, what to do next,
// and the replay. A session whose time ran out gets its own heading and advice ("Time's up").

import { h } from '../dom.js';
import { href } from '../router.js';
import { dateTimeText, durationText } from '../time.js';
import { replayBox } from './replay.js';

/**
 * What to call the end, and what to say about it.
 * @param {import('../api.js').Session} session
 */
export function outcome(session) {
  if (session.solved) {
    return {
      view: 'solved',
      title: 'You fixed it',
      lead:
        session.timeToSolveSeconds !== null && session.timeToSolveSeconds !== undefined
          ? `Solved in ${durationText(session.timeToSolveSeconds)}. The check passed and the server has been removed.`
          : 'The check passed and the server has been removed.',
    };
  }
  switch (session.endReason) {
    case 'EXPIRED':
      return {
        view: 'expired',
        title: 'Time’s up',
        lead:
          'The time limit ran out before the check passed, so your server was removed. Every attempt starts from a fresh server: ' +
          'start again to have another go (“Extend” gives more time while a session runs), or pick another scenario.',
      };
    case 'ERROR':
      return {
        view: 'interrupted',
        title: 'Your session was interrupted',
        lead: 'Something went wrong on our side and the session had to end. It was not anything you did. Start again for a fresh server.',
      };
    case 'REAPED':
      return {
        view: 'reaped',
        title: 'Your session was closed',
        lead: 'It was still open past its time, so the platform cleaned it up. Start again for a fresh server.',
      };
    default:
      return {
        view: 'ended',
        title: 'Session ended',
        lead: 'You ended the session before the check passed. Start again for a fresh server whenever you like, or pick another scenario.',
      };
  }
}

const REASONS = {
  USER: 'you ended it',
  EXPIRED: 'the time ran out',
  SOLVED_AND_ENDED: 'solved, then ended',
  ERROR: 'a problem on our side',
  REAPED: 'closed by the platform',
};

/**
 * @param {object} options
 * @param {import('../api.js').Session} options.session
 * @param {{ id: string, title: string, hintCount: number | null, publicReplays?: boolean }} options.scenario
 * @param {HTMLElement} options.startAgain  a start control for the same scenario
 */
export function summaryView({ session, scenario, startAgain }) {
  const { view, title, lead } = outcome(session);
  const replay = replayBox({ sessionId: session.id });
  const hints = scenario.hintCount ? `${session.hintsRevealed} of ${scenario.hintCount}` : String(session.hintsRevealed);

  const rows = [
    ['Result', session.solved ? 'Solved' : 'Not solved'],
    ['Time to solve', session.solved && session.timeToSolveSeconds !== null ? durationText(session.timeToSolveSeconds) : '—'],
    ['Checks run', String(session.checks)],
    ['Hints used', hints],
  ];
  const reason = session.endReason && REASONS[session.endReason] ? ` (${REASONS[session.endReason]})` : '';
  const when = `Started ${dateTimeText(session.readyAt ?? session.createdAt)}; ended ${dateTimeText(session.endedAt)}${reason}.`;

  const element = h(
    'article',
    { class: 'summary', 'data-view': view, 'data-summary': 'true' },
    h(
      'header',
      { class: 'page-header' },
      h('p', { class: 'eyebrow' }, h('a', { href: href(`/scenarios/${encodeURIComponent(scenario.id)}`) }, scenario.title)),
      h('h1', { tabindex: '-1' }, session.solved && h('span', { class: 'summary-mark', 'aria-hidden': 'true' }, '✓ '), title),
      h('p', { class: 'lead' }, lead),
    ),
    h(
      'dl',
      { class: 'summary-facts' },
      rows.map(([term, detail]) => h('div', { class: 'summary-fact', 'data-fact': term }, h('dt', {}, term), h('dd', {}, detail))),
    ),
    h('p', { class: 'summary-when' }, when),
    h(
      'div',
      { class: 'summary-actions' },
      startAgain,
      h('a', { class: 'button button-secondary button-large', href: '#/' }, 'Pick another scenario'),
      h('a', { class: 'button button-secondary button-large', href: '#/dashboard' }, 'Your sessions'),
    ),
    h(
      'section',
      { class: 'summary-replay', 'aria-labelledby': 'replay-heading' },
      h('h2', { id: 'replay-heading' }, 'Replay'),
      replay.element,
      h(
        'p',
        { class: 'replay-link' },
        h('a', { href: href(`/replays/${encodeURIComponent(session.id)}`) }, 'Open the replay on its own page'),
        scenario.publicReplays ? ' — this scenario’s replays are public, so you can share that link.' : '',
      ),
    ),
  );

  return {
    element,
    update() {},
    dispose() {
      replay.dispose();
    },
  };
}
