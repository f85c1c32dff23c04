// A session's replay: the recording fetched through the API, played by asciinema-player (loaded on
// demand). When there is no recording, it says so plainly instead of showing a broken player.

import { ApiError, getRecording } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { loadPlayer } from '../lazy.js';
import { loading } from './status.js';

/**
 * The header line of an asciicast (v2, or v3 which the player also reads), or null when the text
 * is not one. Only what the page shows is read from it.
 * @param {string} text
 * @returns {{ title: string | null, width: number, height: number, timestamp: number | null } | null}
 */
export function castHeader(text) {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let header;
  try {
    header = JSON.parse(firstLine);
  } catch {
    return null;
  }
  if (!header || typeof header !== 'object' || ![2, 3].includes(header.version)) return null;
  const width = Number(header.width ?? header.term?.cols);
  const height = Number(header.height ?? header.term?.rows);
  return {
    title: typeof header.title === 'string' ? header.title : null,
    width: Number.isFinite(width) ? width : 80,
    height: Number.isFinite(height) ? height : 24,
    timestamp: Number.isFinite(header.timestamp) ? header.timestamp : null,
  };
}

/**
 * @param {object} options
 * @param {string} options.sessionId
 * @param {(header: ReturnType<typeof castHeader>, access: 'owner' | 'public') => void} [options.onLoaded]
 * @returns {{ element: HTMLElement, dispose: () => void }}
 */
export function replayBox({ sessionId, onLoaded = () => {} }) {
  const controller = new AbortController();
  /** @type {{ dispose(): void } | null} */
  let player = null;
  /** @type {string | null} */
  let downloadUrl = null;
  const element = h('div', { class: 'replay', 'data-view': 'replay' });

  function unavailable(title, message) {
    replaceChildren(
      element,
      h(
        'div',
        { class: 'notice replay-missing', 'data-replay': 'unavailable' },
        h('p', { class: 'notice-title' }, title),
        h('p', {}, message),
      ),
    );
  }

  async function load() {
    replaceChildren(element, loading('Loading the recording…'));
    let recording;
    try {
      recording = await getRecording(sessionId, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 404) {
        unavailable(
          'Recording not available',
          'There is no recording of this session. A session is recorded from the moment its terminal opens: this one may have ended before it did, or its recording is still being saved.',
        );
      } else {
        unavailable('The recording could not be loaded', error instanceof ApiError ? error.message : 'Reload the page to try again.');
        element.querySelector('.notice')?.append(h('p', { class: 'notice-actions' }, h('button', { type: 'button', class: 'button', onclick: load }, 'Try again')));
      }
      return;
    }
    const header = castHeader(recording.text);
    if (!header) {
      unavailable('The recording cannot be played', 'The file the server sent is not an asciicast recording.');
      return;
    }
    let module;
    try {
      module = await loadPlayer();
    } catch {
      if (!controller.signal.aborted) unavailable('The player could not be loaded', 'Check your connection and reload the page.');
      return;
    }
    if (controller.signal.aborted) return;

    const host = h('div', { class: 'replay-player', 'aria-label': 'Replay of the session' });
    downloadUrl = URL.createObjectURL(new Blob([recording.text], { type: 'application/x-asciicast' }));
    replaceChildren(
      element,
      host,
      h(
        'p',
        { class: 'replay-foot' },
        'Space plays and pauses; the arrow keys move through it. ',
        h('a', { href: downloadUrl, download: `${sessionId}.cast` }, 'Download the recording'),
        ' (plays with ',
        h('code', {}, 'asciinema play'),
        ').',
      ),
    );
    player = module.createPlayer(host, recording.text);
    onLoaded(header, recording.access);
  }

  load();
  return {
    element,
    dispose() {
      controller.abort();
      player?.dispose();
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    },
  };
}
