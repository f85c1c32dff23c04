// The catalog (`#/`): every scenario as a card, filtered by difficulty and tag.
// Filters live in the hash (`#/?difficulty=easy&tag=nginx`), so a filtered view can be linked
// and Back undoes a filter. Changing a filter updates the list in place; the page is not rebuilt,
// so keyboard focus stays on the control that was used.

import { listScenarios } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { href } from '../router.js';
import { DIFFICULTIES, capitalise, difficultyBadge, tagList, timeLimit } from '../views/scenario-meta.js';
import { failure, loading } from '../views/status.js';

/**
 * @typedef {{ difficulty: string | null, tag: string | null }} Filters
 */

/**
 * @param {URLSearchParams} query
 * @returns {Filters}
 */
export function readFilters(query) {
  return {
    difficulty: query.get('difficulty') || null,
    tag: query.get('tag') || null,
  };
}

/**
 * @param {import('../api.js').ScenarioSummary[]} scenarios
 * @param {Filters} filters
 */
export function applyFilters(scenarios, { difficulty, tag }) {
  return scenarios.filter(
    (scenario) => (!difficulty || scenario.difficulty === difficulty) && (!tag || scenario.tags.includes(tag)),
  );
}

/** @param {import('../api.js').ScenarioSummary} scenario */
export function scenarioHref(scenario) {
  return href(`/scenarios/${encodeURIComponent(scenario.id)}`);
}

/**
 * The API's answer, with the shape this page relies on (a missing list of tags is an empty one).
 * @param {any[]} list
 * @returns {import('../api.js').ScenarioSummary[]}
 */
function normalise(list) {
  return list
    .filter((item) => item && typeof item.id === 'string')
    .map((item) => ({
      id: item.id,
      title: String(item.title ?? item.id),
      summary: String(item.summary ?? ''),
      difficulty: String(item.difficulty ?? ''),
      tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
      timeLimitMinutes: Number(item.timeLimitMinutes) || 0,
    }));
}

/**
 * @param {import('../api.js').ScenarioSummary} scenario
 * @param {Filters} filters
 */
function card(scenario, filters) {
  const titleId = `scenario-${scenario.id}`;
  return h(
    'li',
    {},
    h(
      'article',
      { class: 'card', 'aria-labelledby': titleId, 'data-scenario': scenario.id },
      h('h2', { class: 'card-title', id: titleId }, h('a', { class: 'card-link', href: scenarioHref(scenario) }, scenario.title)),
      h('p', { class: 'card-summary' }, scenario.summary),
      h('div', { class: 'card-meta' }, difficultyBadge(scenario.difficulty), timeLimit(scenario.timeLimitMinutes)),
      scenario.tags.length > 0 && tagList(scenario.tags, { activeTag: filters.tag, difficulty: filters.difficulty }),
    ),
  );
}

/**
 * Fills a <select> with "all" plus the given values, and selects `current` (adding it if a link
 * named a value the catalog does not have, so the control always tells the truth).
 * @param {HTMLSelectElement} select
 * @param {string} allLabel
 * @param {{ value: string, label: string }[]} options
 * @param {string | null} current
 */
function fillSelect(select, allLabel, options, current) {
  const all = [{ value: '', label: allLabel }, ...options];
  if (current && !options.some((option) => option.value === current)) all.push({ value: current, label: current });
  replaceChildren(select, all.map(({ value, label }) => h('option', { value }, label)));
  select.value = current ?? '';
}

/** @param {import('../router.js').PageContext} context */
export function catalogPage(context) {
  const { router, setTitle } = context;
  let filters = readFilters(context.query);
  /** @type {import('../api.js').ScenarioSummary[] | null} */
  let scenarios = null;
  let disposed = false;

  const onFilterChange = () =>
    router.navigate('/', { difficulty: difficultySelect.value || null, tag: tagSelect.value || null });

  const difficultySelect = h('select', { id: 'filter-difficulty', name: 'difficulty', onchange: onFilterChange });
  const tagSelect = h('select', { id: 'filter-tag', name: 'tag', onchange: onFilterChange });
  const clear = h('a', { class: 'clear-filters', href: '#/' }, 'Clear filters');
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter scenarios', hidden: true, onsubmit: (event) => event.preventDefault() },
    h('div', { class: 'field' }, h('label', { for: 'filter-difficulty' }, 'Difficulty'), difficultySelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-tag' }, 'Tag'), tagSelect),
    clear,
  );
  const count = h('p', { class: 'result-count', role: 'status', tabindex: '-1' });
  const results = h('div', { class: 'results' });

  const element = h(
    'div',
    { class: 'page page-catalog' },
    h(
      'header',
      { class: 'page-header' },
      h('h1', {}, 'Scenarios'),
      h(
        'p',
        { class: 'lead' },
        'Each scenario is a real Linux server that something has broken. Open a shell in your browser, ' +
          'find the fault, fix it, and let the check confirm it.',
      ),
    ),
    form,
    count,
    results,
  );

  function render() {
    if (!scenarios) return;
    // A link inside the list, or "Clear filters", may be about to disappear with the redraw.
    const hadFocus = results.contains(document.activeElement) || document.activeElement === clear;
    const shown = applyFilters(scenarios, filters);
    const filtered = Boolean(filters.difficulty || filters.tag);

    const tags = [...new Set(scenarios.flatMap((scenario) => scenario.tags))].sort((a, b) => a.localeCompare(b));
    fillSelect(difficultySelect, 'All', DIFFICULTIES.map((d) => ({ value: d, label: capitalise(d) })), filters.difficulty);
    fillSelect(tagSelect, 'All', tags.map((tag) => ({ value: tag, label: tag })), filters.tag);
    clear.hidden = !filtered;
    form.hidden = false;

    const noun = (n) => (n === 1 ? 'scenario' : 'scenarios');
    count.textContent = filtered
      ? `${shown.length} of ${scenarios.length} ${noun(scenarios.length)} match`
      : `${scenarios.length} ${noun(scenarios.length)}`;

    if (shown.length > 0) {
      replaceChildren(results, h('ul', { class: 'cards' }, shown.map((scenario) => card(scenario, filters))));
    } else {
      replaceChildren(
        results,
        h(
          'section',
          { class: 'notice empty', 'data-view': 'empty' },
          h('h2', { class: 'notice-title' }, scenarios.length === 0 ? 'No scenarios yet' : 'No scenarios match these filters'),
          h(
            'p',
            {},
            scenarios.length === 0
              ? 'This platform has no scenarios yet. Scenario authors add them under scenario-amis/.'
              : 'Try another difficulty or tag, or see every scenario.',
          ),
          filtered && h('p', { class: 'notice-actions' }, h('a', { class: 'button', href: '#/' }, 'Clear filters')),
        ),
      );
    }
    if (hadFocus) count.focus(); // keep focus near where it was, not lost to <body>
  }

  function load() {
    const retrying = results.contains(document.activeElement);
    form.hidden = true;
    count.textContent = '';
    replaceChildren(results, loading('Loading scenarios…'));
    listScenarios().then(
      (list) => {
        if (disposed) return;
        scenarios = normalise(list);
        render();
      },
      (error) => {
        if (disposed) return;
        replaceChildren(
          results,
          failure({ title: 'The scenarios could not be loaded', error, onRetry: load }),
        );
        if (retrying) results.querySelector('button')?.focus();
      },
    );
  }

  setTitle('Scenarios');
  load();

  return {
    element,
    update(next) {
      filters = readFilters(next.query);
      render();
      return true;
    },
    dispose() {
      disposed = true;
    },
  };
}
