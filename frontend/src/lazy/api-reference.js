// The API reference drawn from an OpenAPI document: js-yaml to read it, and the views for each
// path and method, the credentials, the error shape and the schemas. A lazy chunk: only the API
// page (pages/api.js) loads it, through `import()`.
//
// The document's text goes into the page as text (`h()`), and its descriptions as Markdown through
// the same sanitiser as scenario descriptions.

import { load } from 'js-yaml';
import { h, icon } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import {
  constraintsOf,
  credentialsOf,
  exampleOf,
  groupByTag,
  operationsOf,
  propertiesOf,
  resolve,
  schemaRefName,
  schemeLabel,
  typeLabel,
} from '../openapi.js';
import { href } from '../router.js';

/**
 * The document from its YAML text; null when it is not YAML or not an OpenAPI document with paths.
 * @param {string} text
 */
export function readApiDescription(text) {
  let doc;
  try {
    doc = load(text, { json: true });
  } catch {
    return null;
  }
  return isObject(doc) && isObject(doc.paths) ? doc : null;
}

const DOCUMENT_URL = '/docs/openapi.yaml';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** @param {string} name */
const schemaHref = (name) => href('/api', { schema: name });

/**
 * Markdown from the document, sanitised; nothing when there is none.
 * @param {unknown} source
 * @param {string} [className]
 */
function prose(source, className = 'prose prose-compact') {
  if (typeof source !== 'string' || source.trim() === '') return null;
  return h('div', { class: className }, renderMarkdown(source));
}

/**
 * A type, with a link for a named schema.
 * @param {any} schema
 */
function typeOf(schema) {
  const ref = schemaRefName(schema);
  if (ref) return h('a', { href: schemaHref(ref), class: 'api-type' }, ref);
  if (isObject(schema) && schema.type === 'array') {
    const itemRef = schemaRefName(schema.items);
    if (itemRef) return h('span', { class: 'api-type' }, 'array of ', h('a', { href: schemaHref(itemRef) }, itemRef));
  }
  return h('span', { class: 'api-type' }, typeLabel(schema));
}

/**
 * The rows for an object's fields: each field, then the fields of an object written in place
 * under it (`error.code`, `items[].id`), a few levels deep. Named schemas are links, not expanded.
 * @param {any} doc
 * @param {any} schema
 * @param {string} prefix  the parent's path and a dot, or ''
 * @param {number} depth
 */
function propertyRows(doc, schema, prefix, depth) {
  const { properties, additional } = propertiesOf(doc, schema);
  const rows = [];
  for (const { name, schema: property, required } of properties) {
    const resolved = resolve(doc, property).value;
    rows.push(
      h(
        'tr',
        { 'data-field': prefix + name },
        h(
          'th',
          { scope: 'row' },
          h('code', {}, prefix && h('span', { class: 'api-field-parent' }, prefix), name),
          required ? h('span', { class: 'api-required' }, 'required') : null,
        ),
        h('td', { class: 'api-type-cell', 'data-label': 'Type' }, typeOf(property)),
        h('td', { 'data-label': 'Description' }, prose(resolved.description), constraintList(resolved)),
      ),
    );
    if (depth >= 3 || schemaRefName(property) || !isObject(resolved)) continue;
    if (isObject(resolved.properties) || Array.isArray(resolved.allOf)) {
      rows.push(...propertyRows(doc, resolved, `${prefix}${name}.`, depth + 1));
    } else if (resolved.type === 'array' && !schemaRefName(resolved.items)) {
      const items = resolve(doc, resolved.items).value;
      if (isObject(items) && (isObject(items.properties) || Array.isArray(items.allOf))) {
        rows.push(...propertyRows(doc, items, `${prefix}${name}[].`, depth + 1));
      }
    }
  }
  if (additional) {
    rows.push(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, prefix && h('code', { class: 'api-field-parent' }, prefix), h('em', {}, 'other fields')),
        h('td', { class: 'api-type-cell', 'data-label': 'Type' }, typeOf(additional === true ? {} : additional)),
        h('td', { 'data-label': 'Description' }),
      ),
    );
  }
  return rows;
}

/**
 * An object's fields as one table, nested fields included (see `propertyRows`).
 * @param {any} doc
 * @param {any} schema
 */
function propertiesTable(doc, schema) {
  const rows = propertyRows(doc, schema, '', 1);
  if (rows.length === 0) return null;
  return h(
    'div',
    { class: 'table-scroll api-table-scroll' },
    h(
      'table',
      { class: 'api-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Description'))),
      h('tbody', {}, rows),
    ),
  );
}

/** @param {any} schema */
function constraintList(schema) {
  const facts = constraintsOf(schema);
  return facts.length === 0 ? null : h('ul', { class: 'api-facts' }, facts.map((fact) => h('li', {}, fact)));
}

/**
 * A schema where a body or a response carries one: its type (a link for a named one), its fields
 * for an object written in place.
 * @param {any} doc
 * @param {any} schema
 */
function schemaBlock(doc, schema) {
  if (!isObject(schema)) return null;
  const ref = schemaRefName(schema);
  if (ref) return h('p', { class: 'api-schema-line' }, 'Body: ', typeOf(schema), ref === 'Error' ? ' (the error shape)' : null);
  const table = propertiesTable(doc, schema);
  return h(
    'div',
    { class: 'api-schema' },
    h('p', { class: 'api-schema-line' }, 'Body: ', typeOf(schema)),
    prose(schema.description),
    constraintList(schema),
    table,
  );
}

/**
 * The bodies of a request or response: one block per media type.
 * @param {any} doc
 * @param {any} content
 */
function contentBlocks(doc, content) {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([mediaType, media]) =>
    h('div', { class: 'api-media' }, h('p', { class: 'api-media-type' }, h('code', {}, mediaType)), schemaBlock(doc, media?.schema)),
  );
}

/**
 * @param {any} doc
 * @param {import('../openapi.js').Operation} operation
 */
function credentialLine(doc, operation) {
  const alternatives = credentialsOf(doc, operation.security);
  const open = alternatives.length === 0 || alternatives.includes('none');
  return h(
    'p',
    { class: `api-credential${open ? ' api-credential-open' : ''}`, 'data-credential': open ? 'none' : 'required' },
    icon('lock'),
    open ? 'No credential needed' : ['Credential: ', alternatives.join(', or ')],
  );
}

/**
 * @param {any} doc
 * @param {import('../openapi.js').Operation} operation
 */
function parametersSection(doc, operation) {
  if (operation.parameters.length === 0) return null;
  return h(
    'section',
    { class: 'api-part' },
    h('h4', {}, 'Parameters'),
    h(
      'div',
      { class: 'table-scroll api-table-scroll' },
      h(
        'table',
        { class: 'api-table' },
        h('thead', {}, h('tr', {}, ['Name', 'In', 'Type', 'Description'].map((label) => h('th', { scope: 'col' }, label)))),
        h(
          'tbody',
          {},
          operation.parameters.map((parameter) =>
            h(
              'tr',
              { 'data-parameter': String(parameter.name) },
              h('th', { scope: 'row' }, h('code', {}, String(parameter.name)), parameter.required ? h('span', { class: 'api-required' }, 'required') : null),
              h('td', { 'data-label': 'In' }, String(parameter.in ?? '')),
              h('td', { class: 'api-type-cell', 'data-label': 'Type' }, typeOf(parameter.schema)),
              h('td', { 'data-label': 'Description' }, prose(parameter.description), constraintList(parameter.schema)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {any} doc
 * @param {import('../openapi.js').Operation} operation
 */
function requestSection(doc, operation) {
  const body = operation.requestBody;
  if (!isObject(body)) return null;
  return h(
    'section',
    { class: 'api-part' },
    h('h4', {}, 'Request body', body.required ? h('span', { class: 'api-required' }, 'required') : h('span', { class: 'api-optional' }, 'optional')),
    prose(body.description),
    contentBlocks(doc, body.content),
  );
}

/** @param {string} status */
function statusTone(status) {
  if (/^2/.test(status)) return 'ok';
  if (/^3/.test(status)) return 'info';
  return 'bad';
}

/**
 * @param {any} doc
 * @param {import('../openapi.js').Operation} operation
 */
function responsesSection(doc, operation) {
  if (operation.responses.length === 0) return null;
  return h(
    'section',
    { class: 'api-part' },
    h('h4', {}, 'Responses'),
    h(
      'dl',
      { class: 'api-responses' },
      operation.responses.map(({ status, response }) => {
        const headers = isObject(response.headers) ? Object.entries(response.headers) : [];
        return h(
          'div',
          { class: 'api-response', 'data-status': status },
          h('dt', {}, h('span', { class: `api-status api-status-${statusTone(status)}` }, status)),
          h(
            'dd',
            {},
            prose(response.description),
            headers.length > 0 &&
              h(
                'p',
                { class: 'api-headers' },
                'Headers: ',
                headers.map(([name, header], index) => {
                  const resolved = resolve(doc, header).value;
                  return [index > 0 ? ', ' : '', h('code', {}, name), resolved.description ? ` (${resolved.description.trim()})` : ''];
                }),
              ),
            contentBlocks(doc, response.content),
          ),
        );
      }),
    ),
  );
}

/**
 * One path and method.
 * @param {any} doc
 * @param {import('../openapi.js').Operation} operation
 */
function operationView(doc, operation) {
  return h(
    'article',
    {
      class: 'api-operation',
      'data-operation': operation.id,
      'data-method': operation.method,
      'data-path': operation.path,
      'aria-labelledby': `api-op-${operation.id}`,
    },
    h(
      'h3',
      { class: 'api-operation-title', id: `api-op-${operation.id}`, tabindex: '-1' },
      h('span', { class: `api-method api-method-${operation.method}` }, operation.method.toUpperCase()),
      h('code', { class: 'api-path' }, operation.path),
      operation.deprecated && h('span', { class: 'api-deprecated' }, 'deprecated'),
    ),
    operation.summary && h('p', { class: 'api-summary' }, operation.summary),
    prose(operation.description),
    credentialLine(doc, operation),
    parametersSection(doc, operation),
    requestSection(doc, operation),
    responsesSection(doc, operation),
  );
}

/**
 * The credentials the document declares.
 * @param {any} doc
 */
function credentialsSection(doc) {
  const schemes = isObject(doc.components?.securitySchemes) ? Object.entries(doc.components.securitySchemes) : [];
  if (schemes.length === 0) return null;
  return h(
    'section',
    { class: 'api-section', 'data-section': 'credentials', 'aria-labelledby': 'api-credentials' },
    h('h2', { id: 'api-credentials', tabindex: '-1' }, 'Credentials'),
    h(
      'dl',
      { class: 'api-schemes' },
      schemes.map(([name, scheme]) =>
        h(
          'div',
          { class: 'api-scheme', 'data-scheme': name },
          h('dt', {}, h('code', {}, name), ' — ', schemeLabel(scheme, name), isObject(scheme) && scheme.bearerFormat ? ` (${scheme.bearerFormat})` : ''),
          h('dd', {}, prose(isObject(scheme) ? scheme.description : '')),
        ),
      ),
    ),
  );
}

/**
 * What every error looks like: the `Error` schema's fields and an example.
 * @param {any} doc
 */
function errorsSection(doc) {
  const schema = doc.components?.schemas?.Error;
  if (!isObject(schema)) return null;
  const example = exampleOf(doc, schema);
  return h(
    'section',
    { class: 'api-section', 'data-section': 'errors', 'aria-labelledby': 'api-errors' },
    h('h2', { id: 'api-errors', tabindex: '-1' }, 'Errors'),
    h(
      'p',
      {},
      'Every error has the same shape, with a 4xx status that fits (5xx only for the platform’s own faults). ',
      'Programs read ',
      h('code', {}, 'error.code'),
      '; ',
      h('code', {}, 'error.message'),
      ' is a sentence for people.',
    ),
    h('pre', { class: 'api-example', 'data-example': 'error' }, h('code', {}, JSON.stringify(example, null, 2))),
    propertiesTable(doc, schema),
  );
}

/**
 * Every named schema, each with its fields.
 * @param {any} doc
 */
function schemasSection(doc) {
  const schemas = isObject(doc.components?.schemas) ? Object.entries(doc.components.schemas) : [];
  if (schemas.length === 0) return null;
  return h(
    'section',
    { class: 'api-section', 'data-section': 'schemas', 'aria-labelledby': 'api-schemas' },
    h('h2', { id: 'api-schemas', tabindex: '-1' }, 'Schemas'),
    schemas.map(([name, schema]) => {
      const resolved = resolve(doc, schema).value;
      const table = propertiesTable(doc, resolved);
      return h(
        'article',
        { class: 'api-schema-entry', 'data-schema': name },
        h('h3', { tabindex: '-1' }, h('code', {}, name)),
        !table && h('p', { class: 'api-schema-line' }, 'Type: ', typeOf(resolved)),
        Array.isArray(resolved.allOf) &&
          h(
            'p',
            { class: 'api-schema-line' },
            'Includes every field of ',
            resolved.allOf
              .map(schemaRefName)
              .filter(Boolean)
              .map((ref, index) => [index > 0 ? ', ' : '', h('a', { href: schemaHref(ref) }, ref)]),
            '.',
          ),
        prose(resolved.description),
        constraintList(resolved),
        table,
      );
    }),
  );
}

/**
 * A path that may wrap after each `/` (and nowhere else).
 * @param {string} path
 */
function breakable(path) {
  return path.split('/').map((part, index) => (index === 0 ? part : [h('wbr'), '/', part]));
}

/**
 * The contents list beside the reference.
 * @param {ReturnType<typeof groupByTag>} groups
 * @param {any} doc
 */
function contents(groups, doc) {
  const link = (label, query) => h('li', {}, h('a', { href: href('/api', query) }, label));
  return h(
    'nav',
    { class: 'api-toc', 'aria-label': 'API contents' },
    h('h2', { class: 'aside-title' }, 'On this page'),
    h(
      'ul',
      {},
      doc.components?.securitySchemes && link('Credentials', { section: 'credentials' }),
      doc.components?.schemas?.Error && link('Errors', { section: 'errors' }),
      groups.map((group) =>
        h(
          'li',
          {},
          h('span', { class: 'api-toc-group' }, capitalise(group.name)),
          h(
            'ul',
            {},
            group.operations.map((operation) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: href('/api', { op: operation.id }), 'data-toc-operation': operation.id },
                  h('span', { class: `api-method api-method-small api-method-${operation.method}` }, operation.method.toUpperCase()),
                  h('span', { class: 'api-toc-path' }, breakable(operation.path)),
                ),
              ),
            ),
          ),
        ),
      ),
      doc.components?.schemas && link('Schemas', { section: 'schemas' }),
    ),
  );
}

/**
 * The whole reference.
 * @param {any} doc
 */
export function referenceView(doc) {
  const operations = operationsOf(doc);
  const groups = groupByTag(doc, operations);
  const info = isObject(doc.info) ? doc.info : {};
  const servers = Array.isArray(doc.servers) ? doc.servers.filter((server) => isObject(server) && typeof server.url === 'string') : [];
  return h(
    'div',
    { class: 'api-reference', 'data-operations': String(operations.length) },
    h(
      'header',
      { class: 'page-header' },
      h('p', { class: 'eyebrow' }, 'Reference'),
      h('h1', {}, typeof info.title === 'string' ? info.title : 'API'),
      h(
        'p',
        { class: 'api-meta' },
        typeof info.version === 'string' && `Version ${info.version}`,
        typeof doc.openapi === 'string' && ` · OpenAPI ${doc.openapi}`,
        // A server of `/` is this site itself: the paths say the rest.
        servers.length > 0 && servers[0].url !== '/' && [' · base URL ', h('code', {}, servers[0].url)],
        ' · ',
        h('a', { href: DOCUMENT_URL, download: 'openapi.yaml' }, 'Download openapi.yaml'),
      ),
    ),
    h(
      'div',
      { class: 'api-layout' },
      contents(groups, doc),
      h(
        'div',
        { class: 'api-content' },
        h('section', { class: 'api-section api-overview', 'data-section': 'overview', 'aria-label': 'Overview' }, prose(info.description, 'prose')),
        credentialsSection(doc),
        errorsSection(doc),
        groups.map((group) =>
          h(
            'section',
            { class: 'api-section', 'data-tag': group.name, 'aria-labelledby': `api-tag-${group.name}` },
            h('h2', { id: `api-tag-${group.name}`, tabindex: '-1' }, capitalise(group.name)),
            group.description && h('p', { class: 'muted' }, capitalise(group.description)),
            group.operations.map((operation) => operationView(doc, operation)),
          ),
        ),
        schemasSection(doc),
      ),
    ),
  );
}

