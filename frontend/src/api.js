// The breakfix REST API, as the website uses it. Same origin: the local runtime serves the API
// under /api, and CloudFront sends /api/* to API Gateway.
//
// Every failure becomes an ApiError carrying the API's own `{"error": {"code", "message"}}`, or a
// code of ours (NETWORK, BAD_RESPONSE) when the API could not be reached or answered nonsense, so
// views can show a message a person can act on.

const BASE = '/api';

export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status, 0 when no answer came
   * @param {string} code    the API's UPPER_SNAKE code, or NETWORK / BAD_RESPONSE
   * @param {string} message a sentence for people
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  get isNotFound() {
    return this.status === 404;
  }
}

/**
 * @param {string} path
 * @param {{ signal?: AbortSignal }} [options]
 */
async function getJson(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(BASE + path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'The breakfix server could not be reached. Check your connection and try again.');
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
    body = undefined;
  }
  if (response.ok && body !== undefined) return body;
  const problem = body && typeof body === 'object' ? body.error : undefined;
  if (problem && typeof problem.code === 'string' && typeof problem.message === 'string') {
    throw new ApiError(response.status, problem.code, problem.message);
  }
  throw new ApiError(
    response.status,
    'BAD_RESPONSE',
    response.ok
      ? 'The server sent an answer the website could not read. Try again in a moment.'
      : `The server answered with an error (HTTP ${response.status}). Try again in a moment.`,
  );
}

/**
 * @typedef {object} ScenarioSummary
 * @property {string} id
 * @property {string} title
 * @property {string} summary
 * @property {'easy' | 'medium' | 'hard'} difficulty
 * @property {string[]} tags
 * @property {number} timeLimitMinutes
 */

/**
 * @typedef {ScenarioSummary & {
 *   description: string,
 *   hintCount: number,
 *   extensionMinutes?: number,
 *   loginUser?: string,
 *   sudo?: boolean,
 *   publicReplays?: boolean,
 * }} Scenario
 */

/** @type {Promise<ScenarioSummary[]> | null} */
let catalog = null;

/**
 * The catalog. Kept for the life of the page once it has loaded, so going back to the list is
 * instant; a failed load is not kept, so "Try again" asks again. It takes no abort signal: the
 * one request is shared, and a view that has gone simply ignores the answer.
 * @returns {Promise<ScenarioSummary[]>}
 */
export function listScenarios() {
  if (!catalog) {
    const loading = getJson('/scenarios').then((list) => {
      if (!Array.isArray(list)) throw new ApiError(200, 'BAD_RESPONSE', 'The scenario list could not be read. Try again in a moment.');
      return list;
    });
    catalog = loading;
    loading.catch(() => {
      if (catalog === loading) catalog = null;
    });
  }
  return catalog;
}

/**
 * @param {string} id
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<Scenario>}
 */
export function getScenario(id, options) {
  return getJson(`/scenarios/${encodeURIComponent(id)}`, options);
}
