// While a server comes up (REQUESTED → LAUNCHING → BOOTING → READY), and while it goes away
// (ENDING): the stages, which one is under way, and how long it has taken. Never a blank wait.

import { h, replaceChildren } from '../dom.js';
import { durationText, serverNow } from '../time.js';

/** The start-up stages, in order, as the API counts them (`progress.step` of `progress.of`). */
const STAGES = [
  { state: 'REQUESTED', label: 'Reserve a server' },
  { state: 'LAUNCHING', label: 'Launch it from the scenario’s image' },
  { state: 'BOOTING', label: 'Wait until it accepts connections' },
  { state: 'READY', label: 'Open your terminal' },
];

/**
 * @param {object} options
 * @param {import('../api.js').Session} options.session
 * @param {{ title: string }} options.scenario
 */
export function startingView({ session, scenario }) {
  const bar = h('progress', { class: 'progress-bar', max: String(STAGES.length), value: '0', 'aria-labelledby': 'progress-heading' });
  const status = h('p', { class: 'progress-status', role: 'status' });
  const elapsed = h('span', { class: 'progress-elapsed' });
  const slow = h(
    'p',
    { class: 'progress-slow', hidden: true },
    'This is taking longer than usual. The first start of a scenario on a new platform builds its image, ' +
      'which can take a minute or two; your server is still on its way, and this page will open it.',
  );
  const items = STAGES.map((stage) =>
    h('li', { class: 'stage', 'data-state': stage.state }, h('span', { class: 'stage-mark', 'aria-hidden': 'true' }), h('span', { class: 'stage-label' }, stage.label), h('span', { class: 'visually-hidden stage-sr' })),
  );
  const element = h(
    'section',
    { class: 'session-starting', 'data-view': 'starting', 'aria-labelledby': 'progress-heading' },
    h('p', { class: 'eyebrow' }, scenario.title),
    h('h1', { id: 'progress-heading', tabindex: '-1' }, 'Preparing your server'),
    h('p', { class: 'lead' }, 'A fresh, deliberately broken server is being made for you. This usually takes a few seconds.'),
    bar,
    h('ol', { class: 'stages' }, items),
    h('div', { class: 'progress-foot' }, status, elapsed),
    slow,
  );

  const started = Date.parse(session.createdAt);
  const tick = () => {
    if (!Number.isFinite(started)) return;
    const seconds = (serverNow() - started) / 1000;
    elapsed.textContent = durationText(seconds);
    slow.hidden = seconds < 20;
  };
  const clock = setInterval(tick, 1000);

  /** @param {import('../api.js').Session} next */
  function update(next) {
    const step = Math.max(1, Math.min(STAGES.length, Number(next.progress?.step) || 1));
    bar.value = step - 0.5; // the current stage half done
    bar.setAttribute('aria-valuetext', `Step ${step} of ${STAGES.length}`);
    items.forEach((item, i) => {
      const done = i < step - 1;
      const current = i === step - 1;
      item.classList.toggle('stage-done', done);
      item.classList.toggle('stage-current', current);
      if (current) item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
      item.querySelector('.stage-sr').textContent = done ? ' (done)' : current ? ' (in progress)' : '';
      replaceChildren(item.querySelector('.stage-mark'), done ? '✓' : current ? h('span', { class: 'spinner' }) : String(i + 1));
    });
    // The API's own words for where it stands ("Launching your server").
    status.textContent = `${next.progress?.stage ?? 'Starting'}…`;
    tick();
  }

  update(session);
  return {
    element,
    update,
    dispose() {
      clearInterval(clock);
    },
  };
}

/**
 * ENDING: the recording is saved and the server removed.
 * @param {object} options
 * @param {{ title: string }} options.scenario
 */
export function endingView({ scenario }) {
  return {
    element: h(
      'section',
      { class: 'session-starting', 'data-view': 'ending' },
      h('p', { class: 'eyebrow' }, scenario.title),
      h('h1', { tabindex: '-1' }, 'Ending your session'),
      h(
        'p',
        { class: 'status status-loading', role: 'status' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        'Saving the recording and removing the server…',
      ),
    ),
    update() {},
  };
}
