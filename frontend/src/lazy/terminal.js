// The browser shell: xterm.js joined to the terminal gateway's WebSocket. Loaded only on a session
// page (it is most of the session page's weight), through `import()`.
//
// The wire format (the gateway's contract):
//   binary frames  terminal bytes, both ways
//   text frames    JSON control messages
//                    browser → gateway  {"resize":{"cols":C,"rows":R}}
//                    gateway → browser  {"status":"connected"}, {"ended":"<reason>"} (then it closes)
//
// Every connection needs a fresh ticket (single use, valid under a minute), so a dropped
// connection is followed by a new ticket and a new socket, with a growing pause between tries.

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';

/**
 * @typedef {'connecting' | 'connected' | 'reconnecting' | 'ended' | 'exited' | 'unavailable'} TerminalStatus
 *   connecting    asking for a ticket and opening the socket (the first time)
 *   connected     the gateway said so, or sent the first bytes
 *   reconnecting  the connection dropped; `detail.inMs` says when the next try is
 *   ended         the gateway said the session ended (`detail.reason`)
 *   exited        the shell exited (`exit`, or the server went away); `reconnectNow()` opens a new one
 *   unavailable   no terminal can be had (`detail.error`); no more tries
 */

/**
 * @typedef {object} TerminalOptions
 * @property {() => Promise<{ url: string }>} getTicket  a fresh ticket per connection
 * @property {(error: unknown) => boolean} [shouldRetry] false for a refusal that a new try will not fix
 * @property {(status: TerminalStatus, detail?: { inMs?: number, reason?: string, error?: unknown, attempt?: number, code?: number | null }) => void} [onStatus]
 * @property {string} [fontFamily]
 * @property {number} [fontSize]
 */

/** The gateway refused a connection: `{"error":{"code","message"}}` (its message is for people). */
export class GatewayRefusal extends Error {
  /**
   * @param {string} code  TICKET_INVALID, TICKET_EXPIRED, TICKET_USED, SESSION_NOT_READY, TOO_MANY_TERMINALS, SERVER_UNREACHABLE, …
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'GatewayRefusal';
    this.code = code;
  }
}

/** Refusals a new ticket will not change: stop trying and say so. (Ticket problems and an unreachable server are retried.) */
const FINAL_REFUSALS = new Set(['SESSION_NOT_READY', 'TOO_MANY_TERMINALS']);

/** Pauses before reconnecting, in ms; the last one repeats. */
export const RECONNECT_DELAYS = [500, 1000, 2000, 4000, 8000, 10000];

const THEME = {
  background: '#14161a',
  foreground: '#e8eaee',
  cursor: '#8cbcff',
  cursorAccent: '#14161a',
  selectionBackground: '#3b5a85',
};

/**
 * The WebSocket URL for a ticket's `url`: a path on this origin (`/term/<id>?ticket=…`) becomes
 * ws:// or wss:// like the page; an absolute ws(s):// URL is kept.
 * @param {string} url
 * @param {string} [base]
 */
export function socketUrl(url, base = window.location.href) {
  const resolved = new URL(url, base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  else if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  return resolved.toString();
}

/**
 * Opens a terminal inside `host` and connects it.
 * @param {HTMLElement} host
 * @param {TerminalOptions} options
 */
export function openTerminal(host, { getTicket, shouldRetry = () => true, onStatus = () => {}, fontFamily, fontSize = 14 }) {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily,
    fontSize,
    scrollback: 5000,
    theme: THEME,
    allowProposedApi: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  term.textarea?.setAttribute('aria-label', 'Terminal input');

  // Tab belongs to the shell (completion); Shift+Tab leaves the terminal, so the keyboard is never
  // trapped. Returning false lets the browser move focus as usual.
  term.attachCustomKeyEventHandler((event) => !(event.key === 'Tab' && event.shiftKey));

  const encoder = new TextEncoder();
  /** @type {WebSocket | null} */
  let socket = null;
  let attempt = 0;
  let everConnected = false;
  let stopped = false; // ended, unavailable or disposed: no more connections
  let exited = false; // the shell exited: wait for the visitor
  /** @type {GatewayRefusal | null} why the gateway refused the current connection */
  let refusal = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let retryTimer = null;

  /** @param {Uint8Array} bytes */
  function sendBytes(bytes) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(bytes);
  }

  function sendSize() {
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ resize: { cols: term.cols, rows: term.rows } }));
    }
  }

  term.onData((data) => sendBytes(encoder.encode(data)));
  term.onBinary((data) => sendBytes(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
  term.onResize(sendSize);

  // Fit the terminal to its box whenever the box changes size (window resize, layout, phone turn).
  let frame = 0;
  const resizer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    });
  });
  resizer.observe(host);
  fit.fit();

  /** The socket that last said it is connected (a WeakSet would do; one at a time is enough). */
  let connectedSocket = null;

  /** @param {WebSocket} ws */
  function markConnected(ws) {
    if (connectedSocket === ws) return;
    connectedSocket = ws;
    if (everConnected) term.write('\r\n\x1b[2m[reconnected]\x1b[0m\r\n');
    everConnected = true;
    attempt = 0;
    onStatus('connected');
  }

  /**
   * @param {WebSocket} ws
   * @param {string} text
   */
  function control(ws, text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not ours to understand
    }
    if (message?.status === 'connected') markConnected(ws);
    if (typeof message?.ended === 'string') {
      stopped = true;
      onStatus('ended', { reason: message.ended });
    } else if (message?.error && typeof message.error.code === 'string') {
      refusal = new GatewayRefusal(message.error.code, String(message.error.message ?? 'The terminal was refused.'));
    } else if (message && 'exited' in message) {
      // Not a dropped connection: no new shell until the visitor asks for one.
      exited = true;
      term.write('\r\n\x1b[2m[the shell has exited]\x1b[0m\r\n');
      onStatus('exited', { code: typeof message.exited === 'number' ? message.exited : null });
    }
  }

  function scheduleRetry() {
    if (stopped) return;
    const inMs = RECONNECT_DELAYS[Math.min(attempt, RECONNECT_DELAYS.length - 1)];
    attempt += 1;
    onStatus(everConnected ? 'reconnecting' : 'connecting', { inMs, attempt });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, inMs);
  }

  async function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stopped) return;
    if (!everConnected && attempt === 0) onStatus('connecting');
    let ticket;
    try {
      ticket = await getTicket();
    } catch (error) {
      if (stopped) return;
      if (!shouldRetry(error)) {
        stopped = true;
        onStatus('unavailable', { error });
        return;
      }
      scheduleRetry();
      return;
    }
    if (stopped) return;

    const ws = new WebSocket(socketUrl(ticket.url));
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket === ws) sendSize();
    });
    ws.addEventListener('message', (event) => {
      if (socket !== ws) return;
      if (typeof event.data === 'string') {
        control(ws, event.data);
      } else {
        markConnected(ws);
        term.write(new Uint8Array(event.data));
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (refusal && FINAL_REFUSALS.has(refusal.code)) {
        stopped = true;
        onStatus('unavailable', { error: refusal });
      } else if (!exited) {
        scheduleRetry();
      }
      refusal = null;
    });
  }

  connect();

  return {
    term,

    focus() {
      term.focus();
    },

    /** Tries again now instead of waiting for the next scheduled try. */
    reconnectNow() {
      if (stopped || socket) return;
      exited = false;
      attempt = 0;
      connect();
    },

    /** Closes the connection and removes the terminal. */
    dispose() {
      stopped = true;
      clearTimeout(retryTimer);
      cancelAnimationFrame(frame);
      resizer.disconnect();
      const ws = socket;
      socket = null;
      ws?.close(1000, 'page left');
      term.dispose();
    },
  };
}
