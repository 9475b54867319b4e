/**
 * The OIDC sandbox's server process (started by ../oidc-sandbox.ts): oidc-provider with its own login page.
 *
 * Plain JavaScript in an ES module of its own because oidc-provider is ESM-only and jest (CommonJS) cannot load it;
 * as a child process it is also isolated from the tests' module registry and dies with its parent's process group.
 *
 * Reads its configuration as one line of JSON on stdin ({ port, users, clients }, see OidcSandboxOptions; stdin
 * rather than the environment keeps the passwords out of /proc/<pid>/environ) and prints
 * `oidc-sandbox ready <issuer>` on stdout once it listens. The parent keeps stdin open: when it closes, the parent is
 * gone (even after a SIGKILL, when its exit hook cannot run) and this process exits too.
 */
import { generateKeyPairSync, randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const stdin = createInterface({ input: process.stdin });
stdin.once('close', () => process.exit(0)); // the parent is gone
const { port, users = [], clients = [] } = JSON.parse(await new Promise((resolve) => stdin.once('line', resolve)));
if (!Number.isInteger(port)) throw new Error('the configuration on stdin needs a port');
const issuer = `http://127.0.0.1:${port}`;

const bySubject = new Map(users.map((user) => [user.subject, user]));
const byEmail = new Map(users.map((user) => [user.email.toLowerCase(), user]));

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Compares digests, so neither the length nor the content of the password leaks through timing. */
function passwordMatches(user, password) {
  const digest = (value) => createHash('sha256').update(String(value)).digest();
  return timingSafeEqual(digest(user.password), digest(password));
}

/** Every page: a language, a title, a heading, no external assets (the sandbox works offline). */
function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Prespond OIDC sandbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:24rem;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}
button{margin-top:1.25rem;padding:.5rem 1.25rem;font-size:1rem}
.error{color:#a00000;border:1px solid #a00000;padding:.5rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function loginPage({ uid, clientId, email = '', error }) {
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return page(
    'Sign in',
    `<p>to continue to <strong>${escapeHtml(clientId)}</strong></p>
${error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button>
</form>`,
  );
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

// A fresh signing key per start: nothing issued by an earlier run is accepted (and no committed private key).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig' };

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingKey] },
  cookies: {
    keys: [randomBytes(32).toString('base64url')],
    // Lax rather than the default None for the session cookie: browsers drop SameSite=None cookies that are not
    // Secure, and the sandbox speaks plain http. Secure is only set on https requests (never here).
    long: { httpOnly: true, sameSite: 'lax', signed: true },
    short: { httpOnly: true, sameSite: 'lax', signed: true },
  },
  scopes: ['openid'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { methods: ['S256'], required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          'Sign out',
          `${form}<p>Sign out of the Prespond OIDC sandbox?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
        );
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<p>You have been signed out.</p>');
      },
    },
  },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
  interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  clientBasedCORS: () => false,
  findAccount: async (_ctx, subject) => {
    const user = bySubject.get(subject);
    if (!user) return undefined;
    return {
      accountId: user.subject,
      claims: async () => ({ sub: user.subject, email: user.email, email_verified: true, name: user.name }),
    };
  },
  // Every registered client is first party: what it asks for (within the supported scopes) is granted without a
  // consent page, by extending the session's grant for it, or a new one, before the consent prompt is checked.
  loadExistingGrant: async (ctx) => {
    const { account, client, session, provider: op } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    let grant = grantId ? await op.Grant.find(grantId) : undefined;
    if (!grant || grant.accountId !== account.accountId) grant = new op.Grant({ accountId: account.accountId, clientId: client.clientId });
    grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
    const claims = [...ctx.oidc.requestParamClaims];
    if (claims.length > 0) grant.addOIDCClaims(claims);
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    const details = Object.entries(out).map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`);
    ctx.body = page('Sign-in failed', `<dl>${details.join('')}</dl>`);
  },
});

provider.on('server_error', (_ctx, error) => console.error('oidc-sandbox server_error', error));

const providerCallback = provider.callback();
const INTERACTION = /^\/interaction\/([\w-]+)(\/login)?$/;

/** The login page (GET) and its submission (POST); everything else is oidc-provider's. */
async function interact(req, res, uid, isSubmission) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Sign-in failed', '<p>This sign-in page has expired. Start again from the application.</p>'));
  const clientId = details.params.client_id;
  if (details.prompt.name !== 'login') {
    // Consent is granted in loadExistingGrant; any other prompt here means a request this sandbox does not support.
    return send(res, 400, page('Sign-in failed', `<p>Unsupported prompt ${escapeHtml(details.prompt.name)}.</p>`));
  }
  if (!isSubmission) return send(res, 200, loginPage({ uid, clientId, email: details.params.login_hint ?? '' }));
  const form = await readForm(req);
  const email = form.get('email') ?? '';
  const user = byEmail.get(email.trim().toLowerCase());
  if (!user || !passwordMatches(user, form.get('password') ?? '')) {
    return send(res, 200, loginPage({ uid, clientId, email, error: 'Wrong email or password.' }));
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.subject } }, { mergeWithLastSubmission: false });
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', issuer).pathname;
  const match = INTERACTION.exec(path);
  const isSubmission = Boolean(match?.[2]);
  if (!match || (req.method !== (isSubmission ? 'POST' : 'GET'))) return providerCallback(req, res);
  interact(req, res, match[1], isSubmission).catch((error) => {
    // An unknown or expired interaction (no cookie, a stale tab) lands here as SessionNotFound.
    if (!res.headersSent) send(res, 400, page('Sign-in failed', `<p>${escapeHtml(error.error_description ?? error.message)}</p><p>Start again from the application.</p>`));
    else res.end();
  });
});

server.listen(port, '127.0.0.1', () => console.log(`oidc-sandbox ready ${issuer}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
