// The time left in a session, on the server's clock. Ticks every second; screen readers hear it
// only at five minutes, one minute and zero (a timer read every second would drown everything).

import { h, icon } from '../dom.js';
import { clockText, countdownText, msUntil } from '../time.js';

const LOW_MS = 2 * 60_000;
const ANNOUNCE_AT = [
  { ms: 5 * 60_000, text: 'Five minutes left.' },
  { ms: 60_000, text: 'One minute left.' },
  { ms: 0, text: 'Time is up.' },
];

/**
 * @param {object} options
 * @param {string | null} options.expiresAt
 * @param {() => void} [options.onExpire]  called once when it reaches zero
 */
export function countdown({ expiresAt, onExpire = () => {} }) {
  let until = expiresAt;
  let expired = false;
  /** The thresholds already passed, so each is announced once (and again after an extension). */
  let announced = new Set();

  const value = h('span', { class: 'countdown-value', role: 'timer', 'aria-live': 'off' });
  const endsAt = h('span', { class: 'countdown-ends' });
  const announcer = h('span', { class: 'visually-hidden', 'aria-live': 'assertive' });
  const element = h(
    'div',
    { class: 'countdown', 'data-role': 'countdown' },
    icon('clock'),
    h('span', { class: 'countdown-text' }, h('span', { class: 'visually-hidden' }, 'Time left: '), value, h('span', { class: 'countdown-unit', 'aria-hidden': 'true' }, ' left')),
    endsAt,
    announcer,
  );

  function tick() {
    const left = msUntil(until);
    value.textContent = countdownText(left);
    element.classList.toggle('countdown-low', left <= LOW_MS);
    for (const { ms, text } of ANNOUNCE_AT) {
      if (left <= ms && !announced.has(ms)) {
        announced.add(ms);
        // Several thresholds passed at once (a page opened with 30 s left): say only the last.
        announcer.textContent = text;
      }
    }
    if (left === 0 && !expired) {
      expired = true;
      onExpire();
    }
  }

  function set(next) {
    if (next === until) return;
    until = next;
    expired = false;
    const left = msUntil(until);
    announced = new Set(ANNOUNCE_AT.filter(({ ms }) => left <= ms).map(({ ms }) => ms));
    endsAt.textContent = until ? `ends ${clockText(until)}` : '';
    tick();
  }

  // The first reading announces nothing that is already past.
  announced = new Set(ANNOUNCE_AT.filter(({ ms }) => msUntil(until) <= ms).map(({ ms }) => ms));
  endsAt.textContent = until ? `ends ${clockText(until)}` : '';
  tick();
  const timer = setInterval(tick, 1000);

  return {
    element,
    set,
    dispose() {
      clearInterval(timer);
    },
  };
}
