// The dashboard's summary of solved scenarios (pages/dashboard.js `summarise`), without a browser.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarise } from '../src/pages/dashboard.js';

const session = (id, scenarioId, overrides = {}) => ({
  id,
  scenarioId,
  state: 'ENDED',
  solved: false,
  timeToSolveSeconds: null,
  createdAt: '2026-11-28T10:00:00Z',
  ...overrides,
});

describe('summarise', () => {
  it('counts attempts per scenario, keeps the fastest solve and its replay, and lists the unsolved', () => {
    const { solved, unsolved } = summarise([
      session('s-4', 'nginx', { solved: true, timeToSolveSeconds: 200, createdAt: '2026-11-28T12:00:00Z' }),
      session('s-3', 'dns'),
      session('s-2', 'nginx', { solved: true, timeToSolveSeconds: 312 }),
      session('s-1', 'nginx'),
      session('s-0', 'disk', { state: 'FAILED' }),
    ]);
    assert.deepEqual(solved, [
      { scenarioId: 'nginx', attempts: 3, solves: 2, bestSeconds: 200, bestSessionId: 's-4', bestHasReplay: true, lastPlayedAt: '2026-11-28T12:00:00Z' },
    ]);
    assert.deepEqual(unsolved.map((record) => [record.scenarioId, record.attempts]), [['dns', 1]]);
  });

  it('offers no replay of a solve that is still running, and lists the fastest scenarios first', () => {
    const { solved } = summarise([
      session('s-2', 'slow', { solved: true, timeToSolveSeconds: 900 }),
      session('s-1', 'quick', { state: 'READY', solved: true, timeToSolveSeconds: 60 }),
    ]);
    assert.deepEqual(solved.map((record) => [record.scenarioId, record.bestHasReplay]), [['quick', false], ['slow', true]]);
  });
});
