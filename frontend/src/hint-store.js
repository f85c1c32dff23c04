// The hints a visitor has revealed, kept in this browser: the API reveals a hint once (and counts
// it) but has no call to read revealed hints again, so a reload or the summary shows them from here.
// The most recent sessions only; older entries are dropped.

const STORAGE_KEY = 'breakfix.hints';
const KEEP_SESSIONS = 20;

/** @typedef {{ index: number, text: string }} Hint */

/** @returns {Record<string, Hint[]>} */
function readAll() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The hints revealed in a session, in order.
 * @param {string} sessionId
 * @returns {Hint[]}
 */
export function revealedHints(sessionId) {
  const hints = readAll()[sessionId];
  if (!Array.isArray(hints)) return [];
  return hints
    .filter((hint) => hint && Number.isInteger(hint.index) && typeof hint.text === 'string')
    .sort((a, b) => a.index - b.index);
}

/**
 * @param {string} sessionId
 * @param {Hint} hint
 */
export function rememberHint(sessionId, hint) {
  const all = readAll();
  const hints = revealedHints(sessionId).filter((known) => known.index !== hint.index);
  hints.push({ index: hint.index, text: hint.text });
  delete all[sessionId]; // re-inserted last: the most recent session
  all[sessionId] = hints;
  const ids = Object.keys(all);
  for (const id of ids.slice(0, Math.max(0, ids.length - KEEP_SESSIONS))) delete all[id];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // storage blocked or full: the hint is still on screen
  }
}
