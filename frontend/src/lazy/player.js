// The replay player: asciinema-player, given the recording's text (the website fetches it itself,
// with the visitor's token, so a missing recording can be told apart from a broken one). Loaded
// only where a replay is shown, through `import()`.

import * as AsciinemaPlayer from 'asciinema-player';

/**
 * @param {HTMLElement} host
 * @param {string} cast  asciicast text (checked by the caller: see views/replay.js)
 * @returns {import('asciinema-player').Player}
 */
export function createPlayer(host, cast) {
  return AsciinemaPlayer.create({ data: cast }, host, {
    fit: 'width',
    preload: true,
    idleTimeLimit: 2,
    theme: 'asciinema',
    terminalFontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
  });
}
