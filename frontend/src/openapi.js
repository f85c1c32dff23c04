// Reading an OpenAPI 3 document for the API page: its operations (each path and method, with the
// path's parameters merged in and every `$ref` to a parameter, body or response followed), grouped
// by tag, and the words for types and credentials. No DOM here: pages/api.js draws, and the unit
// tests check this part in Node against the project's own docs/openapi.yaml.

/** The operations a path item may hold, in the order the page lists them. */
export const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/**
 * @typedef {object} Operation
 * @property {string} id           operationId, or method + path
 * @property {string} method       lower case
 * @property {string} path
 * @property {string} summary
 * @property {string} description  Markdown
 * @property {string[]} tags
 * @property {boolean} deprecated
 * @property {Record<string, string[]>[]} security  alternatives; [] = no credential needed
 * @property {any[]} parameters
 * @property {any | null} requestBody
 * @property {{ status: string, response: any, refName: string | null }[]} responses
 */

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Follows a local `$ref` (`#/components/...`), a few hops at most. Answers the value and, when
 * it came from a reference, the referenced name (`Session`).
 * @param {any} doc
 * @param {any} value
 * @returns {{ value: any, name: string | null }}
 */
export function resolve(doc, value) {
  let current = value;
  let name = null;
  for (let hop = 0; hop < 8 && isObject(current) && typeof current.$ref === 'string'; hop += 1) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) break;
    name = decodePointer(ref.split('/').at(-1) ?? '');
    current = ref
      .slice(2)
      .split('/')
      .map(decodePointer)
      .reduce((node, key) => (isObject(node) || Array.isArray(node) ? node[key] : undefined), doc);
  }
  return { value: current ?? {}, name };
}

/** @param {string} part  a JSON pointer segment */
function decodePointer(part) {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The name of the component schema a `$ref` points at, or null.
 * @param {any} schema
 */
export function schemaRefName(schema) {
  if (!isObject(schema) || typeof schema.$ref !== 'string') return null;
  const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
  return match ? decodePointer(match[1]) : null;
}

/**
 * Every operation in the document, in the order of its paths.
 * @param {any} doc
 * @returns {Operation[]}
 */
export function operationsOf(doc) {
  const operations = [];
  const paths = isObject(doc?.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(doc, rawItem).value;
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      operations.push({
        id: typeof operation.operationId === 'string' && operation.operationId ? operation.operationId : `${method}-${path}`,
        method,
        path,
        summary: text(operation.summary),
        description: text(operation.description),
        tags: Array.isArray(operation.tags) ? operation.tags.map(String) : [],
        deprecated: operation.deprecated === true,
        security: Array.isArray(operation.security) ? operation.security : Array.isArray(doc.security) ? doc.security : [],
        parameters: mergeParameters(doc, shared, Array.isArray(operation.parameters) ? operation.parameters : []),
        requestBody: operation.requestBody ? resolve(doc, operation.requestBody).value : null,
        responses: Object.entries(isObject(operation.responses) ? operation.responses : {}).map(([status, response]) => {
          const resolved = resolve(doc, response);
          return { status: String(status), response: resolved.value, refName: resolved.name };
        }),
      });
    }
  }
  return operations;
}

/** @param {unknown} value */
function text(value) {
  return typeof value === 'string' ? value : '';
}

/**
 * A path's parameters and an operation's, the operation's winning where both name one (as
 * OpenAPI says), `$ref`s followed.
 * @param {any} doc
 * @param {any[]} shared
 * @param {any[]} own
 */
function mergeParameters(doc, shared, own) {
  const byKey = new Map();
  for (const raw of [...shared, ...own]) {
    const parameter = resolve(doc, raw).value;
    if (!isObject(parameter) || typeof parameter.name !== 'string') continue;
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

/**
 * The operations grouped by their first tag, in the order the document lists its tags (then any
 * others, then the untagged).
 * @param {any} doc
 * @param {Operation[]} operations
 * @returns {{ name: string, description: string, operations: Operation[] }[]}
 */
export function groupByTag(doc, operations) {
  const declared = Array.isArray(doc?.tags) ? doc.tags.filter((tag) => isObject(tag) && typeof tag.name === 'string') : [];
  const groups = new Map(declared.map((tag) => [tag.name, { name: tag.name, description: text(tag.description), operations: [] }]));
  for (const operation of operations) {
    const name = operation.tags[0] ?? 'other';
    if (!groups.has(name)) groups.set(name, { name, description: '', operations: [] });
    groups.get(name).operations.push(operation);
  }
  return [...groups.values()].filter((group) => group.operations.length > 0);
}

/**
 * A schema's type in a few words: `string (date-time)`, `array of Session`, `integer or null`.
 * References are named, not expanded.
 * @param {any} schema
 * @returns {string}
 */
export function typeLabel(schema) {
  if (!isObject(schema)) return 'any';
  const ref = schemaRefName(schema);
  if (ref) return ref;
  if (Array.isArray(schema.allOf)) return schema.allOf.map(typeLabel).join(' and ');
  if (Array.isArray(schema.oneOf)) return `one of ${schema.oneOf.map(typeLabel).join(', ')}`;
  if (Array.isArray(schema.anyOf)) return `any of ${schema.anyOf.map(typeLabel).join(', ')}`;
  let label = typeof schema.type === 'string' ? schema.type : isObject(schema.properties) ? 'object' : 'any';
  if (label === 'array') label = `array of ${typeLabel(schema.items)}`;
  else if (typeof schema.format === 'string') label += ` (${schema.format})`;
  if (schema.nullable === true) label += ' or null';
  return label;
}

/**
 * The facts about a value beyond its type, as short phrases: one of (enum), pattern, range,
 * default, example.
 * @param {any} schema
 * @returns {string[]}
 */
export function constraintsOf(schema) {
  if (!isObject(schema)) return [];
  const facts = [];
  if (Array.isArray(schema.enum)) facts.push(`one of: ${schema.enum.filter((v) => v !== null).map((v) => String(v)).join(', ')}`);
  if (typeof schema.pattern === 'string') facts.push(`pattern: ${schema.pattern}`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) facts.push(`from ${schema.minimum} to ${schema.maximum}`);
  else if (schema.minimum !== undefined) facts.push(`at least ${schema.minimum}`);
  else if (schema.maximum !== undefined) facts.push(`at most ${schema.maximum}`);
  if (schema.default !== undefined) facts.push(`default: ${JSON.stringify(schema.default)}`);
  if (schema.example !== undefined) facts.push(`example: ${typeof schema.example === 'string' ? schema.example : JSON.stringify(schema.example)}`);
  return facts;
}

/**
 * An object schema's properties (an `allOf` merged), each with whether it is required.
 * @param {any} doc
 * @param {any} schema
 * @returns {{ properties: { name: string, schema: any, required: boolean }[], additional: any }}
 */
export function propertiesOf(doc, schema) {
  const properties = new Map();
  let additional = null;
  const visit = (node, depth) => {
    if (depth > 6) return;
    const resolved = resolve(doc, node).value;
    if (!isObject(resolved)) return;
    if (Array.isArray(resolved.allOf)) resolved.allOf.forEach((part) => visit(part, depth + 1));
    const required = new Set(Array.isArray(resolved.required) ? resolved.required : []);
    if (isObject(resolved.properties)) {
      for (const [name, property] of Object.entries(resolved.properties)) {
        properties.set(name, { name, schema: property, required: required.has(name) || properties.get(name)?.required === true });
      }
    }
    for (const name of required) {
      const known = properties.get(name);
      if (known) known.required = true;
    }
    if (resolved.additionalProperties !== undefined && resolved.additionalProperties !== false) additional = resolved.additionalProperties;
  };
  visit(schema, 0);
  return { properties: [...properties.values()], additional };
}

/**
 * An example value for a schema, from its examples and types (for the error shape).
 * @param {any} doc
 * @param {any} schema
 * @param {number} [depth]
 */
export function exampleOf(doc, schema, depth = 0) {
  const resolved = resolve(doc, schema).value;
  if (!isObject(resolved) || depth > 6) return null;
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
  const type = resolved.type ?? (isObject(resolved.properties) || resolved.allOf ? 'object' : undefined);
  if (type === 'object') {
    const { properties } = propertiesOf(doc, resolved);
    return Object.fromEntries(properties.filter((p) => p.required).map((p) => [p.name, exampleOf(doc, p.schema, depth + 1)]));
  }
  if (type === 'array') return [exampleOf(doc, resolved.items, depth + 1)];
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (type === 'string') return resolved.format === 'date-time' ? '2026-01-01T12:00:00Z' : 'string';
  return null;
}

/**
 * What a credential requirement means, in words: each alternative names its schemes (`bearerAuth`
 * and `apiKey`) as a person would send them.
 * @param {any} doc
 * @param {Record<string, string[]>[]} security
 * @returns {string[]} one phrase per alternative; empty when no credential is needed
 */
export function credentialsOf(doc, security) {
  const schemes = isObject(doc?.components?.securitySchemes) ? doc.components.securitySchemes : {};
  return security
    .filter(isObject)
    .map((requirement) => {
      const names = Object.keys(requirement);
      if (names.length === 0) return 'none';
      return names.map((name) => schemeLabel(schemes[name], name)).join(' and ');
    })
    .filter((phrase, index, all) => all.indexOf(phrase) === index);
}

/**
 * @param {any} scheme
 * @param {string} name
 */
export function schemeLabel(scheme, name) {
  if (!isObject(scheme)) return name;
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return 'Authorization: Bearer token';
  if (scheme.type === 'http') return `HTTP ${scheme.scheme} authentication`;
  if (scheme.type === 'apiKey') return `API key in the ${scheme.name} ${scheme.in === 'header' ? 'header' : scheme.in}`;
  if (scheme.type === 'oauth2') return 'OAuth 2 token';
  if (scheme.type === 'openIdConnect') return 'OpenID Connect token';
  return name;
}
