// Friendly pages for a session that could not be had: the platform was full, or the server failed
// to come up. Each says what happened and what to do next. (A session whose time ran out is a
// summary with its own heading: see session-summary.js.)

import { h } from '../dom.js';

export const capacityMessage =
  'Every server is in use right now, so there was none for you. Nothing is lost: try again in a minute, or pick another scenario.';

/**
 * A FAILED session: the whole page.
 * @param {object} options
 * @param {import('../api.js').Session} options.session
 * @param {{ title: string }} options.scenario
 * @param {HTMLElement} options.retry   a start control for the same scenario
 */
export function failedView({ session, scenario, retry }) {
  const capacity = session.failure?.code === 'CAPACITY';
  const heading = h('h1', { tabindex: '-1' }, capacity ? 'All servers are busy' : 'Your server could not be started');
  return h(
    'section',
    { class: 'session-problem', 'data-view': capacity ? 'capacity' : 'failed' },
    h('p', { class: 'eyebrow' }, scenario.title),
    heading,
    capacity
      ? h('p', { class: 'lead' }, capacityMessage)
      : [
          h(
            'p',
            { class: 'lead' },
            'Something went wrong on our side while your server was being prepared, so your session stopped before it began. ' +
              'It was not anything you did, and no time was used.',
          ),
          session.failure?.message &&
            h('p', { class: 'problem-detail' }, h('span', { class: 'problem-label' }, 'What the platform said: '), session.failure.message),
          h('p', {}, 'Try again: a new server is built from scratch. If it fails again, pick another scenario and come back to this one later.'),
        ],
    h('div', { class: 'problem-actions' }, retry, h('a', { class: 'button button-secondary button-large', href: '#/' }, 'Pick another scenario')),
  );
}
