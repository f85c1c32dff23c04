// Durations, countdowns and recording headers as the pages show them. No browser needed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countdownText, durationText, msUntil, noteServerDate } from '../src/time.js';
import { castHeader } from '../src/views/replay.js';

describe('countdownText', () => {
  it('shows minutes and seconds, rounding up so 0:00 means time is up', () => {
    assert.equal(countdownText(15 * 60_000), '15:00');
    assert.equal(countdownText(61_001), '1:02');
    assert.equal(countdownText(400), '0:01');
    assert.equal(countdownText(0), '0:00');
    assert.equal(countdownText(-5000), '0:00');
  });

  it('shows hours past an hour', () => {
    assert.equal(countdownText(3_600_000 + 65_000), '1:01:05');
  });
});

describe('durationText', () => {
  it('says seconds, minutes and hours as people do', () => {
    assert.equal(durationText(45), '45 s');
    assert.equal(durationText(252), '4 min 12 s');
    assert.equal(durationText(300), '5 min');
    assert.equal(durationText(3900), '1 h 5 min');
    assert.equal(durationText(7200), '2 h');
  });
});

describe('server clock', () => {
  it('corrects a browser clock that is clearly wrong, and ignores small differences', () => {
    const now = Date.now();
    noteServerDate(new Date(now + 10 * 60_000).toUTCString(), now); // the server is 10 minutes ahead
    const left = msUntil(new Date(now + 15 * 60_000).toISOString());
    assert.ok(left > 4 * 60_000 && left < 6 * 60_000, `about 5 minutes left on the server's clock, got ${left}`);
    noteServerDate(new Date(now + 1000).toUTCString(), now);
    const again = msUntil(new Date(now + 15 * 60_000).toISOString());
    assert.ok(again > 14 * 60_000, 'a second of difference is noise');
    noteServerDate(null);
  });
});

describe('castHeader', () => {
  it('reads an asciicast v2 header', () => {
    const header = castHeader('{"version": 2, "width": 100, "height": 30, "timestamp": 1, "title": "t"}\n[0.1, "o", "x"]\n');
    assert.deepEqual(header, { title: 't', width: 100, height: 30, timestamp: 1 });
  });

  it('reads an asciicast v3 header', () => {
    assert.equal(castHeader('{"version": 3, "term": {"cols": 90, "rows": 20}}\n').width, 90);
  });

  it('refuses what is not a recording', () => {
    assert.equal(castHeader('<html>oops</html>'), null);
    assert.equal(castHeader('{"version": 1}'), null);
    assert.equal(castHeader(''), null);
  });
});
