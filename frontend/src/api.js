// The breakfix REST API, as the website uses it. Same origin: the local runtime serves the API
// under /api, and CloudFront sends /api/* to API Gateway.
//
// Every failure becomes an ApiError carrying the API's own `{"error": {"code", "message"}}`, or a
// code of ours (NETWORK, BAD_RESPONSE) when the API could not be reached or answered nonsense, so
// views can show a message a person can act on.
//
// Session calls carry the caller's token (`Authorization: Bearer`): the signed-in user's access
// token, or the anonymous visitor's (see auth.js). Every answer's
// `Date` header keeps the website's idea of the server's clock right (time.js).

import { account } from './account.js';
import { anonymousAuth, callerAuth } from './auth.js';
import { noteServerDate } from './time.js';

const BASE = '/api';

export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status, 0 when no answer came
   * @param {string} code    the API's UPPER_SNAKE code, or NETWORK / BAD_RESPONSE
   * @param {string} message a sentence for people
   * @param {object} [extra]
   * @param {Record<string, string>} [extra.details]  the error's other fields (`sessionId`, `retryAfterSeconds`)
   * @param {number | null} [extra.retryAfter]        seconds to wait, from `Retry-After` or the details
   */
  constructor(status, code, message, { details = {}, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  get isNotFound() {
    return this.status === 404;
  }
}

/** Who is calling: the signed-in user, else the anonymous visitor; see auth.js. */
let auth = callerAuth({
  user: account,
  anonymous: anonymousAuth({
    storage: storageOrNull(),
    issue: () => request('POST', '/auth/anonymous', { auth: 'none' }),
  }),
});

/** @param {import('./auth.js').AuthProvider} provider */
export function useAuth(provider) {
  auth = provider;
}

function storageOrNull() {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // blocked by the browser's settings
  }
}

/** @param {Response} response */
function retryAfterOf(response, details) {
  const header = Number(response.headers.get('Retry-After'));
  if (Number.isFinite(header) && header > 0) return header;
  const detail = Number(details.retryAfterSeconds);
  return Number.isFinite(detail) && detail > 0 ? detail : null;
}

/**
 * Turns a failed response into an ApiError with the API's own words when it sent them.
 * @param {Response} response
 * @param {AbortSignal | undefined} signal
 */
async function failureOf(response, signal) {
  let body;
  try {
    body = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  const problem = body && typeof body === 'object' ? body.error : undefined;
  if (problem && typeof problem.code === 'string' && typeof problem.message === 'string') {
    const { code, message, ...details } = problem;
    return new ApiError(response.status, code, message, { details, retryAfter: retryAfterOf(response, details) });
  }
  return new ApiError(
    response.status,
    'BAD_RESPONSE',
    `The server answered with an error (HTTP ${response.status}). Try again in a moment.`,
    { retryAfter: retryAfterOf(response, {}) },
  );
}

/**
 * @typedef {object} RequestOptions
 * @property {'none' | 'current' | 'obtain'} [auth]
 *   none: no credentials; current: the visitor's token if there is one (reads: a visitor without
 *   one gets a 401 without a request); obtain: get a token first if need be (actions like Start)
 * @property {unknown} [body]        sent as JSON
 * @property {AbortSignal} [signal]
 * @property {string} [accept]
 */

/**
 * One API call; answers the Response when it is OK, throws an ApiError otherwise.
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<Response>}
 */
async function send(method, path, { auth: mode = 'none', body, signal, accept = 'application/json' } = {}, retried = false) {
  const headers = { Accept: accept };
  let token = null;
  try {
    if (mode === 'current') {
      token = await auth.current();
      if (!token) throw new ApiError(401, 'NO_TOKEN', 'This browser has no sessions yet.');
    } else if (mode === 'obtain') {
      token = await auth.obtain({ validFor: 2 * 3_600_000 });
    }
  } catch (error) {
    throw signInProblem(error);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'The breakfix server could not be reached. Check your connection and try again.');
  }
  noteServerDate(response.headers.get('Date'));
  if (response.ok) return response;

  if (response.status === 401 && token) {
    // An expired or revoked token: a signed-in user's is refreshed, and an action (Start) gets a
    // new anonymous one; either way the call is tried once more.
    const worthRetrying = auth.rejected(token) || mode === 'obtain';
    if (worthRetrying && !retried) return send(method, path, { auth: mode, body, signal, accept }, true);
    if (account.status().kind === 'expired') throw signInProblem(null);
  }
  throw await failureOf(response, signal);
}

/**
 * A token could not be had: a sign-in that has run out says "sign in again" (`SIGN_IN_AGAIN`,
 * which the error views answer with a "Sign in again" button); no network for a refresh is
 * NETWORK, as for any call.
 * @param {unknown} error
 */
function signInProblem(error) {
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === 'SignInError' && /** @type {any} */ (error).code === 'network') {
    return new ApiError(0, 'NETWORK', 'The breakfix server could not be reached. Check your connection and try again.');
  }
  if (error === null || (error instanceof Error && error.name === 'SignInError')) {
    return new ApiError(401, 'SIGN_IN_AGAIN', 'Your sign-in has run out. Sign in again to carry on.');
  }
  return error;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 */
async function request(method, path, options = {}) {
  const response = await send(method, path, options);
  try {
    return await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(response.status, 'BAD_RESPONSE', 'The server sent an answer the website could not read. Try again in a moment.');
  }
}

/**
 * @param {string} path
 * @param {{ signal?: AbortSignal }} [options]
 */
const getJson = (path, { signal } = {}) => request('GET', path, { signal });

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

/**
 * @typedef {'REQUESTED' | 'LAUNCHING' | 'BOOTING' | 'READY' | 'ENDING' | 'ENDED' | 'FAILED'} SessionState
 */

/**
 * @typedef {object} Session
 * @property {string} id
 * @property {string} scenarioId
 * @property {SessionState} state
 * @property {{ stage: string, step: number, of: number }} progress
 * @property {string} createdAt
 * @property {string | null} readyAt
 * @property {string | null} expiresAt
 * @property {boolean} solved
 * @property {string | null} solvedAt
 * @property {string | null} endedAt
 * @property {'USER' | 'EXPIRED' | 'SOLVED_AND_ENDED' | 'ERROR' | 'REAPED' | null} endReason
 * @property {{ code: string, message: string } | null} failure
 * @property {number} checks
 * @property {number} hintsRevealed
 * @property {number | null} timeToSolveSeconds
 * @property {boolean} endRequested
 */

const sessionPath = (id) => `/sessions/${encodeURIComponent(id)}`;

/**
 * Starts an attempt at a scenario (getting an anonymous token first if this browser has none).
 * Refusals arrive as ApiErrors: 409 ACTIVE_SESSION_EXISTS (details.sessionId), 429 CAPACITY or
 * QUOTA (retryAfter), 404 unknown scenario.
 * @param {string} scenarioId
 * @returns {Promise<Session>}
 */
export function startSession(scenarioId) {
  return request('POST', '/sessions', { auth: 'obtain', body: { scenarioId } });
}

/**
 * @param {string} id
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<Session>}
 */
export function getSession(id, { signal } = {}) {
  return request('GET', sessionPath(id), { auth: 'current', signal });
}

/**
 * The caller's sessions, newest first. A browser without a token has none, and asks nothing.
 * @param {{ limit?: number, cursor?: string | null, signal?: AbortSignal }} [options]
 * @returns {Promise<{ items: Session[], next: string | null }>}
 */
export async function listSessions({ limit = 20, cursor = null, signal } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  try {
    return await request('GET', `/sessions?${query}`, { auth: 'current', signal });
  } catch (error) {
    // No token, or an anonymous one the API no longer takes: no sessions. A user's run-out
    // sign-in is said as such.
    if (error instanceof ApiError && error.status === 401 && error.code !== 'SIGN_IN_AGAIN') return { items: [], next: null };
    throw error;
  }
}

/**
 * Runs the scenario's check now. 409 NOT_READY; 429 TOO_MANY_CHECKS (retryAfter).
 * @param {string} id
 * @param {{ endWhenSolved?: boolean }} [options]
 * @returns {Promise<{ solved: boolean, message: string, ending: boolean }>}
 */
export function checkSession(id, { endWhenSolved = false } = {}) {
  return request('POST', `${sessionPath(id)}/check`, { auth: 'current', body: { endWhenSolved } });
}

/**
 * Reveals the next hint (recorded on the session). 409 NO_MORE_HINTS or NOT_READY.
 * @param {string} id
 * @returns {Promise<{ index: number, text: string, of: number }>}
 */
export function revealHint(id) {
  return request('POST', `${sessionPath(id)}/hints`, { auth: 'current' });
}

/**
 * More time, within the scenario's limit. 409 EXTENSION_LIMIT or NOT_READY.
 * @param {string} id
 * @returns {Promise<{ expiresAt: string }>}
 */
export function extendSession(id) {
  return request('POST', `${sessionPath(id)}/extend`, { auth: 'current' });
}

/**
 * Ends the session now (idempotent); answers the session, usually ENDING.
 * @param {string} id
 * @returns {Promise<Session>}
 */
export function endSession(id) {
  return request('DELETE', sessionPath(id), { auth: 'current' });
}

/**
 * A single-use ticket for the terminal's WebSocket, valid for under a minute: ask for a fresh one
 * on every (re)connect.
 * @param {string} id
 * @returns {Promise<{ url: string, expiresAt: string }>}
 */
export function terminalTicket(id) {
  return request('POST', `${sessionPath(id)}/terminal`, { auth: 'current' });
}

/**
 * A session's recording (asciicast v2 text). The owner's copy when this browser owns the session,
 * else the public replay when the scenario allows one; an ApiError 404 when neither exists.
 * @param {string} id
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<{ text: string, access: 'owner' | 'public' }>}
 */
export async function getRecording(id, { signal } = {}) {
  const accept = 'application/x-asciicast, application/json';
  const attempts = [
    { path: `${sessionPath(id)}/recording`, auth: /** @type {const} */ ('current'), access: /** @type {const} */ ('owner') },
    { path: `/replays/${encodeURIComponent(id)}`, auth: /** @type {const} */ ('none'), access: /** @type {const} */ ('public') },
  ];
  let last;
  for (const { path, auth: mode, access } of attempts) {
    try {
      const response = await send('GET', path, { auth: mode, signal, accept });
      return { text: await response.text(), access };
    } catch (error) {
      if (!(error instanceof ApiError) || ![401, 403, 404].includes(error.status) || error.code === 'SIGN_IN_AGAIN') throw error;
      last = error;
    }
  }
  throw new ApiError(404, 'RECORDING_NOT_FOUND', 'There is no recording of this session.', { details: { cause: last?.code ?? '' } });
}

/**
 * The API's own description, `docs/openapi.yaml`, as text: served beside the website (the local
 * runtime reads it from the repository; on AWS it sits in the website's bucket).
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<string>}
 */
export async function getApiDescription({ signal } = {}) {
  let response;
  try {
    response = await fetch('/docs/openapi.yaml', { headers: { Accept: 'application/yaml, text/yaml, text/plain' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'The breakfix server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, 'BAD_RESPONSE', `The API description could not be loaded (HTTP ${response.status}). Try again in a moment.`);
  }
  return response.text();
}
