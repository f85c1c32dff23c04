// Pieces that describe a scenario wherever it appears: its difficulty, time limit and tags.

import { h, icon, srOnly } from '../dom.js';
import { href } from '../router.js';

export const DIFFICULTIES = /** @type {const} */ (['easy', 'medium', 'hard']);

/** @param {string} text */
export const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** @param {string} difficulty */
export function difficultyBadge(difficulty) {
  const known = DIFFICULTIES.includes(/** @type {any} */ (difficulty));
  return h(
    'span',
    { class: `badge badge-${known ? difficulty : 'unknown'}` },
    srOnly('Difficulty: '),
    capitalise(difficulty),
  );
}

/**
 * @param {number} minutes
 * @param {object} [options]
 * @param {boolean} [options.long]  "15 minutes" instead of "15 min"
 */
export function timeLimit(minutes, { long = false } = {}) {
  const text = long ? `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` : `${minutes} min`;
  return h('span', { class: 'meta-item' }, icon('clock'), srOnly('Time limit: '), text);
}

/**
 * Tags as links to the catalog filtered by that tag (keeping a difficulty filter if given).
 * @param {string[]} tags
 * @param {object} [options]
 * @param {string | null} [options.activeTag]
 * @param {string | null} [options.difficulty]
 */
export function tagList(tags, { activeTag = null, difficulty = null } = {}) {
  return h(
    'ul',
    { class: 'tags', 'aria-label': 'Tags' },
    tags.map((tag) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            class: 'tag',
            href: href('/', { difficulty, tag }),
            'aria-current': tag === activeTag ? 'true' : false,
            title: `Show scenarios tagged ${tag}`,
          },
          tag,
        ),
      ),
    ),
  );
}
