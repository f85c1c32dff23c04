// breakfix's local OpenID Connect provider — FOR DEVELOPMENT ONLY.
//
// The local runtime starts this as a child process (LocalOidcProvider.java), listening on a loopback
// port, and proxies the browser's `/oidc/*` to it, so the issuer is `http://localhost:<port>/oidc` on the
// runtime's own origin. It plays the part Cognito's hosted login plays on AWS: one public client (the
// website: authorization code + PKCE), JWT access tokens (RS256) for the API, two seeded users.
//
//   node provider.mjs --port N --issuer URL --state DIR --client-id ID --audience AUD --scope SCOPE
//                     --redirect-uri URL [--redirect-uri URL ...]
//
// Files under --state (kept across restarts): jwks.json (the signing key: tokens stay valid after a
// restart), cookie-keys.json, dev-secret (guards /dev/token), provider.json (where it listens, while it
// runs). The seeded users and their passwords are development-only and public (local/README.md).
//
// Besides the provider (under /oidc) it answers, on its loopback port only (the runtime does not proxy
// these): GET /healthz, and POST /dev/token {"username"} with `Authorization: Bearer <dev-secret>`, which
// mints an access token for a seeded user without a browser (`./breakfix token <user>`).

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import Provider, { errors } from 'oidc-provider';

const MOUNT = '/oidc';
const RESOURCE = 'urn:breakfix:api';
const ACCESS_TOKEN_TTL = 3600;

// ---- arguments ---------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { redirectUris: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) fail(`${name} needs a value`);
    switch (name) {
      case '--port': args.port = Number(value); break;
      case '--issuer': args.issuer = value; break;
      case '--state': args.state = value; break;
      case '--client-id': args.clientId = value; break;
      case '--audience': args.audience = value; break;
      case '--scope': args.scope = value; break;
      case '--redirect-uri': args.redirectUris.push(value); break;
      default: fail(`unknown option ${name}`);
    }
  }
  for (const required of ['port', 'issuer', 'state', 'clientId', 'audience', 'scope']) {
    if (args[required] === undefined) fail(`--${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`);
  }
  if (args.redirectUris.length === 0) fail('at least one --redirect-uri is required');
  if (!new URL(args.issuer).pathname.endsWith(MOUNT)) fail(`the issuer must end with ${MOUNT}`);
  return args;
}

function fail(message) {
  process.stderr.write(`oidc-provider: ${message}\n`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));

// ---- state kept across restarts ---------------------------------------------------------------

fs.mkdirSync(args.state, { recursive: true, mode: 0o700 });

function kept(name, make) {
  const file = path.join(args.state, name);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, make(), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8');
}

const jwks = JSON.parse(kept('jwks.json', () => {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return JSON.stringify({ keys: [{ ...jwk, kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' }] });
}));
const cookieKeys = JSON.parse(kept('cookie-keys.json',
  () => JSON.stringify([crypto.randomBytes(32).toString('base64url')])));
const devSecret = kept('dev-secret', () => crypto.randomBytes(32).toString('base64url')).trim();

// ---- seeded users (development only; their passwords are in local/README.md) --------------------

const USERS = [
  { username: 'alice', name: 'Alice', sub: '6f1d2a8e-4c1b-4f0e-9a37-a11ce0000001', password: 'wonderland' },
  { username: 'bob', name: 'Bob', sub: '0c9b7e52-3d4a-4b6f-8e21-b0b000000002', password: 'builder' },
];
const digest = (text) => crypto.createHash('sha256').update(text, 'utf8').digest();
const UNKNOWN = digest(crypto.randomBytes(16).toString('hex'));

/** The user these credentials belong to, or null; the same work and the same answer either way. */
function authenticate(username, password) {
  const user = USERS.find((u) => u.username === String(username ?? '').trim().toLowerCase());
  const expected = user ? digest(user.password) : UNKNOWN;
  const matches = crypto.timingSafeEqual(expected, digest(String(password ?? '')));
  return user && matches ? user : null;
}

function account(user) {
  return {
    accountId: user.sub,
    async claims() {
      return { sub: user.sub, name: user.name, preferred_username: user.username };
    },
  };
}

// ---- the provider ----------------------------------------------------------------------------

const redirectOrigins = new Set(args.redirectUris.map((u) => new URL(u).origin));

const provider = new Provider(args.issuer, {
  clients: [{
    client_id: args.clientId,
    client_name: 'breakfix website',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: args.redirectUris,
    post_logout_redirect_uris: args.redirectUris,
  }],
  jwks,
  cookies: { keys: cookieKeys },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  scopes: ['openid', 'profile', 'offline_access'],
  conformIdTokenClaims: false,
  findAccount: async (_ctx, sub) => {
    const user = USERS.find((u) => u.sub === sub);
    return user ? account(user) : undefined;
  },
  interactions: { url: (_ctx, interaction) => `${MOUNT}/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        // No confirmation page: the website asked to sign out, so sign out.
        ctx.body = page('Signing out', `${form}<script>document.forms[0].submit()</script>
          <noscript><button form="op.logoutForm" type="submit" name="logout" value="yes">Sign out</button></noscript>`);
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
        return resourceServer();
      },
    },
  },
  // The website is first-party: what it asks for within these scopes is granted without a consent page.
  loadExistingGrant: async (ctx) => {
    const { client, session } = ctx.oidc;
    const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    const grant = (existing && await ctx.oidc.provider.Grant.find(existing))
      || new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid profile offline_access');
    grant.addResourceScope(RESOURCE, args.scope);
    await grant.save();
    session.grantIdFor(client.clientId, grant.jti);
    return grant;
  },
  // Like Cognito's app clients: a refresh token whenever the client may use one.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  clientBasedCORS: (_ctx, origin) => redirectOrigins.has(origin),
  pkce: { required: () => true },
  ttl: {
    AccessToken: ACCESS_TOKEN_TTL,
    IdToken: 3600,
    RefreshToken: 30 * 24 * 3600,
    Interaction: 600,
    Session: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    AuthorizationCode: 60,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Sign-in problem', `<p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>
      <p><a href="/">Back to breakfix</a></p>`);
  },
});
provider.proxy = true; // behind the runtime's /oidc proxy: X-Forwarded-Host and -Proto say where the browser is

function resourceServer() {
  return {
    scope: args.scope,
    audience: args.audience,
    accessTokenTTL: ACCESS_TOKEN_TTL,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

// ---- the development login page ---------------------------------------------------------------

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} — breakfix (local)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1d2330}
.dev{background:#fff4d6;border:1px solid #e8c35a;padding:.5rem .75rem;border-radius:6px;font-size:.9rem}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;cursor:pointer}.error{color:#b3261e}</style>
</head><body>${body}</body></html>`;
}

function loginPage(uid, error) {
  return page('Sign in', `<h1>Sign in to breakfix</h1>
<p class="dev"><strong>Development sign-in.</strong> This is the local OIDC provider, not a real account
system. Seeded users: <code>alice</code> and <code>bob</code> (passwords in local/README.md).</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${MOUNT}/interaction/${escape(uid)}/login" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" autofocus required>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}

/** GET shows the login page; POST …/login checks it. Consent is never asked (see loadExistingGrant). */
async function interaction(req, res, rest) {
  const details = await provider.interactionDetails(req, res);
  const [uid, action] = rest.split('/');
  if (uid !== details.uid) {
    send(res, 400, 'text/html; charset=utf-8', page('Sign-in problem', '<p>This sign-in has expired. Start again from breakfix.</p>'));
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    if (details.prompt.name !== 'login') {
      // Anything else (consent) is granted for the first-party website.
      await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      return;
    }
    send(res, 200, 'text/html; charset=utf-8', loginPage(uid));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const user = authenticate(form.get('username'), form.get('password'));
    if (!user) {
      // One answer for an unknown user and a wrong password: nothing says which usernames exist.
      send(res, 401, 'text/html; charset=utf-8', loginPage(uid, 'Wrong username or password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  send(res, 405, 'text/plain', 'method not allowed');
}

/** An access token for a seeded user, minted by the provider's own token code: `./breakfix token`. */
async function devToken(req, res) {
  const presented = Buffer.from(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const expected = Buffer.from(devSecret);
  if (presented.length !== expected.length || !crypto.timingSafeEqual(presented, expected)) {
    send(res, 401, 'application/json', JSON.stringify({ error: 'unauthorized' }));
    return;
  }
  const { username } = await readJson(req);
  const user = USERS.find((u) => u.username === username);
  if (!user) {
    send(res, 404, 'application/json', JSON.stringify({ error: 'no such seeded user', users: USERS.map((u) => u.username) }));
    return;
  }
  const client = await provider.Client.find(args.clientId);
  const token = new provider.AccessToken({ accountId: user.sub, client, gty: 'authorization_code', scope: args.scope });
  token.resourceServer = new provider.ResourceServer(RESOURCE, resourceServer());
  const value = await token.save();
  send(res, 200, 'application/json', JSON.stringify({ access_token: value, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL, scope: args.scope }));
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/healthz') {
      send(res, 200, 'text/plain', 'ok');
    } else if (url.pathname === '/dev/token' && req.method === 'POST') {
      await devToken(req, res);
    } else if (url.pathname.startsWith(`${MOUNT}/interaction/`)) {
      await interaction(req, res, url.pathname.slice(`${MOUNT}/interaction/`.length));
    } else if (url.pathname === MOUNT || url.pathname.startsWith(`${MOUNT}/`)) {
      req.originalUrl = req.url; // the provider builds its URLs from the part before req.url: the mount
      req.url = req.url.slice(MOUNT.length) || '/';
      callback(req, res);
    } else {
      send(res, 404, 'text/plain', 'not found');
    }
  } catch (err) {
    if (err instanceof errors.SessionNotFound || err instanceof errors.OIDCProviderError) {
      send(res, 400, 'text/html; charset=utf-8', page('Sign-in problem', '<p>This sign-in has expired. Start again from breakfix.</p>'));
    } else {
      process.stderr.write(`oidc-provider: request failed: ${err?.stack ?? err}\n`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    }
  }
});

const providerFile = path.join(args.state, 'provider.json');
server.listen(args.port, '127.0.0.1', () => {
  fs.writeFileSync(providerFile, JSON.stringify({ port: server.address().port, pid: process.pid, issuer: args.issuer }),
    { mode: 0o600 });
  process.stdout.write(`oidc-provider listening on 127.0.0.1:${server.address().port} as ${args.issuer}\n`);
});

function stop() {
  try { fs.rmSync(providerFile, { force: true }); } catch { /* gone already */ }
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
