// The API reference (`#/api`): `docs/openapi.yaml`, as the server serves it, drawn for people.
// Every path and method with its summary, description, the credential it needs, its parameters,
// request body and responses; the credentials; the error shape; and every schema the operations
// refer to. `#/api?op=<operationId>`, `#/api?schema=<Name>` and `#/api?section=errors` open the
// page at one of them.
//
// The parser (js-yaml) and the views are a lazy chunk (lazy/api-reference.js): no other page
// pays for them.

import { ApiError, getApiDescription } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { loadApiReference } from '../lazy.js';
import { failure, loading } from '../views/status.js';

/** @param {import('../router.js').PageContext} context */
export function apiPage({ query, setTitle }) {
  const element = h('div', { class: 'page page-api' });
  let controller = new AbortController();
  let shown = false;
  let target = query;

  /**
   * Brings `?op=`, `?schema=` or `?section=` into view and moves focus to its heading.
   * @param {URLSearchParams} where
   */
  function jumpTo(where) {
    const op = where.get('op');
    const schema = where.get('schema');
    const section = where.get('section');
    let heading = null;
    if (op) heading = element.querySelector(`[data-operation="${CSS.escape(op)}"] h3`);
    else if (schema) heading = element.querySelector(`[data-schema="${CSS.escape(schema)}"] h3`);
    else if (section) heading = element.querySelector(`[data-section="${CSS.escape(section)}"] h2`);
    if (!heading) return;
    (heading.closest('article, section') ?? heading).scrollIntoView({ block: 'start' });
    /** @type {HTMLElement} */ (heading).focus({ preventScroll: true });
  }

  async function load() {
    controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    shown = false;
    setTitle('API');
    replaceChildren(element, loading('Loading the API description…'));
    let doc;
    let reference;
    try {
      const [text, module] = await Promise.all([getApiDescription({ signal }), loadApiReference()]);
      if (signal.aborted) return;
      reference = module;
      doc = reference.readApiDescription(text);
      if (!doc) throw new ApiError(200, 'BAD_RESPONSE', 'The API description could not be read: it is not an OpenAPI document.');
    } catch (error) {
      if (signal.aborted) return;
      setTitle('API unavailable');
      replaceChildren(element, failure({ title: 'The API description could not be loaded', error, onRetry: load, headingLevel: 'h1' }));
      return;
    }
    setTitle(typeof doc.info?.title === 'string' ? doc.info.title : 'API');
    replaceChildren(element, reference.referenceView(doc));
    shown = true;
    requestAnimationFrame(() => jumpTo(target));
  }

  load();

  return {
    element,
    update(context) {
      target = context.query;
      if (shown) jumpTo(target);
      return true;
    },
    dispose() {
      controller.abort();
    },
  };
}
