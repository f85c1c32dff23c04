// One scenario (`#/scenarios/<id>`): what is broken, what to do, the facts that matter before
// starting (time limit, login user, hints), and "Start", which opens a session's page.

import { account } from '../account.js';
import { getScenario } from '../api.js';
import { ANONYMOUS_SESSION_MINUTES } from '../auth.js';
import { h, icon, replaceChildren } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { difficultyBadge, tagList, timeLimit } from '../views/scenario-meta.js';
import { startControl } from '../views/start.js';
import { failure, loading, notFound } from '../views/status.js';

/** @param {number} n @param {string} one @param {string} many */
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/**
 * The facts list beside the description.
 * @param {import('../api.js').Scenario} scenario
 */
function facts(scenario) {
  const rows = [
    ['Time limit', plural(scenario.timeLimitMinutes, 'minute', 'minutes')],
    scenario.extensionMinutes > 0 && ['Extension', `up to ${plural(scenario.extensionMinutes, 'minute', 'minutes')} more`],
    scenario.loginUser && ['Login', scenario.sudo ? `${scenario.loginUser}, with sudo` : `${scenario.loginUser}, without sudo`],
    ['Hints', scenario.hintCount > 0 ? `${plural(scenario.hintCount, 'hint', 'hints')} available` : 'none'],
    scenario.publicReplays && ['Replays', 'solutions can be replayed publicly'],
  ].filter(Boolean);
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([term, detail]) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, detail))),
  );
}

/**
 * @param {import('../api.js').Scenario} scenario
 * @param {string} backHref
 * @param {HTMLElement} start  the Start control
 */
function scenarioView(scenario, backHref, start) {
  const hintCount = Number(scenario.hintCount) || 0;
  return h(
    'article',
    { class: 'scenario', 'data-scenario': scenario.id },
    backLink(backHref),
    h(
      'header',
      { class: 'page-header' },
      h('h1', {}, scenario.title),
      scenario.summary && h('p', { class: 'lead' }, scenario.summary),
      h(
        'div',
        { class: 'card-meta' },
        difficultyBadge(scenario.difficulty),
        timeLimit(scenario.timeLimitMinutes, { long: true }),
        hintCount > 0 && h('span', { class: 'meta-item hint-count' }, icon('hint'), plural(hintCount, 'hint', 'hints'), ' available'),
      ),
      scenario.tags.length > 0 && tagList(scenario.tags),
      h('div', { class: 'start-panel' }, start),
    ),
    h(
      'div',
      { class: 'scenario-body' },
      h('section', { class: 'prose', 'aria-label': 'Description' }, renderMarkdown(scenario.description, { title: scenario.title })),
      h(
        'aside',
        { class: 'scenario-aside', 'aria-label': 'About this scenario' },
        h('h2', { class: 'aside-title' }, 'At a glance'),
        facts({ ...scenario, hintCount }),
      ),
    ),
  );
}

/** @param {string} backHref  the catalog as it was last seen, filters included */
function backLink(backHref) {
  return h('p', { class: 'back' }, h('a', { href: backHref }, icon('arrowLeft'), 'All scenarios'));
}

/** @param {any} body */
function normalise(body) {
  return {
    ...body,
    title: String(body.title ?? body.id),
    summary: String(body.summary ?? ''),
    difficulty: String(body.difficulty ?? ''),
    tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
    timeLimitMinutes: Number(body.timeLimitMinutes) || 0,
    extensionMinutes: Number(body.extensionMinutes) || 0,
    description: String(body.description ?? ''),
  };
}

/**
 * The line beside Start: the time on the clock, which is shorter for a visitor who has not signed in.
 * @param {number} limit  the scenario's time limit, in minutes
 */
function startNote(limit) {
  const anonymous = account.status().kind === 'anonymous';
  const minutes = anonymous ? Math.min(limit, ANONYMOUS_SESSION_MINUTES) : limit;
  const note = `A fresh server, just for you, with ${plural(minutes, 'minute', 'minutes')} on the clock.`;
  return minutes < limit ? `${note} Signed in, you get the full ${plural(limit, 'minute', 'minutes')}.` : note;
}

/** @param {import('../router.js').PageContext} context */
export function scenarioPage({ params, router, setTitle }) {
  const id = params.id;
  const element = h('div', { class: 'page page-scenario' });
  let controller = new AbortController();
  const backHref = router.lastHref('/');
  /** @type {{ dispose(): void } | null} */
  let start = null;

  function load() {
    const retrying = element.contains(document.activeElement);
    controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    setTitle('Scenario');
    replaceChildren(
      element,
      backLink(backHref),
      loading('Loading the scenario…'),
    );
    getScenario(id, { signal }).then(
      (body) => {
        if (signal.aborted) return;
        const scenario = normalise(body);
        setTitle(scenario.title);
        start?.dispose();
        start = startControl({ scenarioId: scenario.id, router, note: startNote(scenario.timeLimitMinutes) });
        replaceChildren(element, scenarioView(scenario, backHref, start.element));
      },
      (error) => {
        if (signal.aborted) return;
        // 404: no such scenario; 400: an id that cannot be one. Either way, nothing is here.
        if (error?.name === 'ApiError' && (error.status === 404 || error.status === 400)) {
          setTitle('Scenario not found');
          replaceChildren(
            element,
            notFound({
              title: 'Scenario not found',
              message: `There is no scenario called “${id}”. It may have been renamed or removed; the catalog lists every scenario there is.`,
            }),
          );
          return;
        }
        setTitle('Scenario unavailable');
        replaceChildren(
          element,
          backLink(backHref),
          failure({ title: 'This scenario could not be loaded', error, onRetry: load, headingLevel: 'h1' }),
        );
        if (retrying) element.querySelector('button')?.focus();
      },
    );
  }

  load();
  return {
    element,
    dispose() {
      controller.abort();
      start?.dispose();
    },
  };
}
