// The router's pure parts: reading a hash and writing one. No browser needed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { href, parseHash } from '../src/router.js';

describe('parseHash', () => {
  it('reads an empty hash as the catalog', () => {
    for (const hash of ['', '#', '#/']) {
      const location = parseHash(hash);
      assert.equal(location.path, '/');
      assert.equal(location.query.toString(), '');
    }
  });

  it('splits the path from the query and drops a trailing slash', () => {
    const location = parseHash('#/scenarios/nginx-wont-start/?from=list');
    assert.equal(location.path, '/scenarios/nginx-wont-start');
    assert.equal(location.query.get('from'), 'list');
  });

  it('reads filters from the query', () => {
    const { path, query } = parseHash('#/?difficulty=easy&tag=c%2B%2B');
    assert.equal(path, '/');
    assert.equal(query.get('difficulty'), 'easy');
    assert.equal(query.get('tag'), 'c++');
  });

  it('returns null for an in-page anchor, which is not a route', () => {
    assert.equal(parseHash('#main'), null);
  });
});

describe('href', () => {
  it('leaves out empty values', () => {
    assert.equal(href('/', { difficulty: 'easy', tag: null }), '#/?difficulty=easy');
    assert.equal(href('/', { difficulty: '', tag: undefined }), '#/');
  });

  it('encodes values so they read back the same', () => {
    const written = href('/', { tag: 'a&b=c d' });
    assert.equal(parseHash(written).query.get('tag'), 'a&b=c d');
  });
});
