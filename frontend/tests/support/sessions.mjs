// Helpers for the session tests: sessions as the API shapes them, a stand-in terminal gateway (for
// the parts of the flow a test must control), and cleaning up the real servers a test started.

const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * A session as `GET /api/sessions/{id}` answers, with the given fields changed.
 * @param {Record<string, unknown>} [overrides]
 */
export function sessionJson(overrides = {}) {
  const now = Date.now();
  const base = {
    id: 's-test00000000000000000',
    scenarioId: 'nginx-wont-start',
    state: 'READY',
    progress: { stage: 'Ready', step: 4, of: 4 },
    createdAt: new Date(now - 60_000).toISOString(),
    readyAt: new Date(now - 58_000).toISOString(),
    expiresAt: new Date(now + 14 * 60_000).toISOString(),
    solved: false,
    solvedAt: null,
    endedAt: null,
    endReason: null,
    failure: null,
    checks: 0,
    hintsRevealed: 0,
    timeToSolveSeconds: null,
    endRequested: false,
  };
  return { ...clone(base), ...overrides };
}

export const json = (status, body, headers = {}) => ({
  status,
  contentType: 'application/json',
  headers,
  body: JSON.stringify(body),
});

export const apiError = (status, code, message, extra = {}, headers = {}) =>
  json(status, { error: { code, message, ...extra } }, headers);

/**
 * Serves one session from `GET /api/sessions/<id>` in this page (the rest of the API stays real).
 * `session` may be a function, called on each read, for a session that changes.
 * @param {import('playwright-core').Page} page
 * @param {object | (() => object)} session
 */
export async function serveSession(page, session) {
  const read = typeof session === 'function' ? session : () => session;
  const { id } = read();
  await page.route(`**/api/sessions/${id}`, (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    return route.fulfill(json(200, read()));
  });
}

/**
 * A stand-in for the terminal gateway: tickets from `POST /api/sessions/<id>/terminal`, and a
 * WebSocket at `/term/...` speaking the gateway's wire format. It greets with a prompt and echoes
 * what is typed, a new prompt after Enter. What the page sends is kept for the test to read.
 * @param {import('playwright-core').Page} page
 * @param {object} [options]
 * @param {string} [options.prompt]
 */
export async function fakeGateway(page, { prompt = '\x1b[1;32madmin@web-01\x1b[0m:~$ ' } = {}) {
  const gateway = {
    /** @type {string[]} tickets handed out */
    tickets: [],
    /** @type {string[]} ticket of each socket opened */
    connections: [],
    /** @type {object[]} JSON control messages from the page */
    controls: [],
    /** bytes typed, as text */
    typed: '',
    /** @type {import('playwright-core').WebSocketRoute[]} */
    sockets: [],
    get last() {
      return this.sockets[this.sockets.length - 1];
    },
  };
  await page.route('**/api/sessions/*/terminal', (route) => {
    const ticket = `ticket-${gateway.tickets.length + 1}`;
    gateway.tickets.push(ticket);
    const id = route.request().url().split('/').at(-2);
    return route.fulfill(json(200, { url: `/term/${id}?ticket=${ticket}`, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
  });
  await page.routeWebSocket('**/term/**', (ws) => {
    gateway.sockets.push(ws);
    gateway.connections.push(new URL(ws.url()).searchParams.get('ticket'));
    ws.send(JSON.stringify({ status: 'connected' }));
    ws.send(Buffer.from(`Linux web-01 6.1.0 x86_64\r\n${prompt}`));
    ws.onMessage((message) => {
      if (typeof message === 'string') {
        gateway.controls.push(JSON.parse(message));
        return;
      }
      const text = message.toString('utf8');
      gateway.typed += text;
      ws.send(Buffer.from(text === '\r' ? `\r\n${prompt}` : text));
    });
  });
  return gateway;
}

/**
 * Ends every session still running of the callers the page keeps tokens for (the anonymous
 * visitor, and the signed-in user if there is one), through the API, and waits until they have
 * ended: no test leaves a server behind, and the next test may start one (a caller has one session
 * at a time). The tests' pages share one browser profile, so one visitor.
 * @param {import('playwright-core').Page} page
 */
export async function endOpenSessions(page) {
  if (page.isClosed()) return;
  await page.evaluate(async () => {
    const anonymous = JSON.parse(localStorage.getItem('breakfix.auth.anonymous') ?? 'null');
    const user = JSON.parse(localStorage.getItem('breakfix.auth.user') ?? 'null');
    const tokens = [anonymous?.token, user?.expired ? null : user?.accessToken].filter(Boolean);
    for (const token of tokens) {
      const headers = { Authorization: `Bearer ${token}` };
      const deadline = Date.now() + 30_000;
      for (;;) {
        const response = await fetch('/api/sessions?limit=50', { headers });
        if (response.status === 401) break; // a token the API no longer takes has nothing running
        const list = await response.json();
        const open = (list.items ?? []).filter((session) => session.state !== 'ENDED' && session.state !== 'FAILED');
        if (open.length === 0) break;
        if (Date.now() > deadline) throw new Error('sessions were still open 30 s after they were ended');
        for (const session of open) {
          if (!session.endRequested && session.state !== 'ENDING') {
            await fetch(`/api/sessions/${session.id}`, { method: 'DELETE', headers });
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  });
}

/**
 * A short asciicast v2 recording whose output shows `commands` typed at a prompt.
 * @param {string[]} commands
 */
export function castOf(commands) {
  const lines = [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1795861881, title: 'Nginx will not start' })];
  let t = 0.2;
  lines.push(JSON.stringify([t, 'o', 'admin@web-01:~$ ']));
  for (const command of commands) {
    for (const ch of command) {
      t += 0.05;
      lines.push(JSON.stringify([Number(t.toFixed(3)), 'o', ch]));
    }
    t += 0.3;
    lines.push(JSON.stringify([Number(t.toFixed(3)), 'o', '\r\nadmin@web-01:~$ ']));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Gives the page's visitor an anonymous token (as "Start" would), so pages that read sessions ask
 * the API, where a test's `page.route` answers.
 * @param {import('playwright-core').Page} page  already on the site
 */
export async function withVisitorToken(page) {
  await page.evaluate(async () => {
    if (localStorage.getItem('breakfix.auth.anonymous')) return;
    const { token, expiresAt } = await (await fetch('/api/auth/anonymous', { method: 'POST' })).json();
    localStorage.setItem('breakfix.auth.anonymous', JSON.stringify({ token, expiresAt: Date.parse(expiresAt) }));
  });
}
