// Reading the OpenAPI document for the API page (openapi.js), without a browser, against the
// project's own docs/openapi.yaml and a few shapes it does not use yet.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { constraintsOf, credentialsOf, exampleOf, groupByTag, operationsOf, propertiesOf, typeLabel } from '../src/openapi.js';

const DOCUMENT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');
const doc = load(await readFile(DOCUMENT, 'utf8'));

describe('openapi: the project\'s own document', () => {
  it('lists every path and method it documents, once', () => {
    const expected = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key)).map((method) => `${method} ${path}`),
    );
    const listed = operationsOf(doc).map((operation) => `${operation.method} ${operation.path}`);
    assert.deepEqual([...listed].sort(), [...expected].sort());
    assert.ok(listed.length >= 14, 'the whole API');
  });

  it('follows $refs to parameters and responses', () => {
    const getSession = operationsOf(doc).find((operation) => operation.id === 'getSession');
    assert.deepEqual(getSession.parameters.map((p) => `${p.in}:${p.name}`), ['path:id', 'header:X-Candidate']);
    const notFound = getSession.responses.find((r) => r.status === '404');
    assert.equal(notFound.refName, 'NotFound');
    assert.match(notFound.response.description, /NOT_FOUND/);
  });

  it('groups operations by tag, in the order the document declares its tags', () => {
    assert.deepEqual(groupByTag(doc, operationsOf(doc)).map((group) => group.name), ['scenarios', 'identity', 'sessions', 'recordings']);
  });

  it('says which credential each operation needs', () => {
    const byId = Object.fromEntries(operationsOf(doc).map((operation) => [operation.id, operation]));
    assert.deepEqual(credentialsOf(doc, byId.listScenarios.security), []);
    assert.deepEqual(credentialsOf(doc, byId.startSession.security), ['Authorization: Bearer token', 'API key in the x-api-key header']);
  });

  it('gives an example of the error shape', () => {
    assert.deepEqual(exampleOf(doc, doc.components.schemas.Error), { error: { code: 'NOT_FOUND', message: 'There is no such session.' } });
  });

  it('merges allOf into one list of fields', () => {
    const fields = propertiesOf(doc, doc.components.schemas.ScenarioDetail).properties;
    assert.ok(fields.some((field) => field.name === 'title' && field.required));
    assert.ok(fields.some((field) => field.name === 'hintCount' && field.required));
  });
});

describe('openapi: types and facts in words', () => {
  it('names types as people read them', () => {
    assert.equal(typeLabel({ type: 'string', format: 'date-time', nullable: true }), 'string (date-time) or null');
    assert.equal(typeLabel({ type: 'array', items: { $ref: '#/components/schemas/Session' } }), 'array of Session');
    assert.equal(typeLabel({ allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object' }] }), 'A and object');
    assert.equal(typeLabel(undefined), 'any');
  });

  it('lists enums, patterns, ranges, defaults and examples', () => {
    assert.deepEqual(constraintsOf({ type: 'integer', minimum: 1, maximum: 50, default: 20 }), ['from 1 to 50', 'default: 20']);
    assert.deepEqual(constraintsOf({ enum: ['a', 'b', null] }), ['one of: a, b']);
  });

  it('merges a path\'s parameters with an operation\'s, the operation\'s winning', () => {
    const small = {
      paths: {
        '/x/{id}': {
          parameters: [{ name: 'id', in: 'path', description: 'shared' }, { name: 'q', in: 'query' }],
          get: { parameters: [{ name: 'id', in: 'path', description: 'own' }], responses: {} },
        },
      },
    };
    const [operation] = operationsOf(small);
    assert.equal(operation.id, 'get-/x/{id}', 'no operationId: method and path');
    assert.deepEqual(operation.parameters.map((p) => `${p.name}:${p.description ?? ''}`), ['id:own', 'q:']);
  });
});
