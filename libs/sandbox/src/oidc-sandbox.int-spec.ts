import { OidcClient, OidcSignInError } from '../../../apps/console/src/sign-in/oidc-client';
import { OidcSandbox } from './oidc-sandbox';
import { ownedPids } from './owned-process';

/** A browser as far as the sign-in needs one: cookies by name (paths ignored) and redirects followed by hand. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until a page answers, or until one leads to `stopAt` (returned unfollowed). */
  async follow(url: string, stopAt: string, init?: { method?: string; form?: Record<string, string> }): Promise<{ response: Response; url: string }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      url = new URL(response.headers.get('location')!, url).href;
      if (url.startsWith(stopAt)) break;
      response = await this.request(url);
    }
    return { response, url };
  }
}

/** The login form's action, from the page's HTML. */
function formAction(html: string, pageUrl: string): string {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error(`no login form in:\n${html}`);
  return new URL(action.replace(/&amp;/g, '&'), pageUrl).href;
}

describe('OIDC sandbox', () => {
  const user = { subject: 'staff-0001', email: 'ada@example.test', name: 'Ada Lovelace', password: 'correct horse battery staple' };
  const redirectUri = 'http://127.0.0.1:3999/sign-in/callback';
  const postLogoutRedirectUri = 'http://127.0.0.1:3999/signed-out';
  const registered = { clientId: 'prespond-console', clientSecret: 'console-secret', redirectUris: [redirectUri], postLogoutRedirectUris: [postLogoutRedirectUri] };
  let sandbox: OidcSandbox;
  let client: OidcClient;
  const browser = new Browser();

  beforeAll(async () => {
    sandbox = await OidcSandbox.start({ users: [user], clients: [registered] });
    client = await OidcClient.discover({ issuer: sandbox.issuer, ...registered, redirectUri, allowHttp: true });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('signs a person in: authorization code with PKCE, the login form (a wrong password first), the claims', async () => {
    const started = await client.start();
    const authorization = new URL(started.url);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('scope')).toBe('openid email profile');

    const login = await browser.follow(started.url, redirectUri);
    expect(login.response.status).toBe(200);
    const page = await login.response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<h1>Sign in<\/h1>/);
    expect(page).toContain('<label for="email">Email</label>');
    expect(page).toContain('<input id="email" name="email" type="email"');
    expect(page).toContain('<label for="password">Password</label>');
    expect(page).toContain('<input id="password" name="password" type="password"');
    expect(page).toContain('<button type="submit">Sign in</button>');
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no external assets

    const wrong = await browser.follow(formAction(page, login.url), redirectUri, { method: 'POST', form: { email: user.email, password: 'wrong' } });
    expect(wrong.response.status).toBe(200);
    const again = await wrong.response.text();
    expect(again).toContain('role="alert">Wrong email or password.</p>');
    expect(again).toContain(`value="${user.email}"`);

    const right = await browser.follow(formAction(again, wrong.url), redirectUri, { method: 'POST', form: { email: user.email, password: user.password } });
    expect(right.url.startsWith(`${redirectUri}?`)).toBe(true);
    const callback = new URL(right.url);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const person = await client.finish(callback, started);
    expect(person).toEqual({
      issuer: sandbox.issuer,
      subject: user.subject,
      email: user.email,
      emailVerified: true,
      name: user.name,
      idToken: expect.any(String),
    });

    const signOut = new URL(client.endSessionUrl(person.idToken, postLogoutRedirectUri)!);
    expect(signOut.href.startsWith(`${sandbox.issuer}/`)).toBe(true);
    expect(signOut.searchParams.get('post_logout_redirect_uri')).toBe(postLogoutRedirectUri);
    const logoutPage = await browser.follow(signOut.href, postLogoutRedirectUri);
    expect(logoutPage.response.status).toBe(200);
    expect(await logoutPage.response.text()).toContain('<html lang="en">');
  });

  it('refuses a callback whose state was tampered with', async () => {
    const started = await client.start();
    // The provider's session from the first test is still there: straight back to the callback, no form.
    const { url } = await browser.follow(started.url, redirectUri);
    const callback = new URL(url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    callback.searchParams.set('state', `${started.state}x`);

    const refused = client.finish(callback, started);
    await expect(refused).rejects.toBeInstanceOf(OidcSignInError);
    await expect(refused).rejects.toMatchObject({ reason: 'state_mismatch' });
  });

  it('reports an error response from the provider', async () => {
    const started = await client.start();
    const callback = new URL(`${redirectUri}?error=access_denied&error_description=nope&state=${started.state}`);
    await expect(client.finish(callback, started)).rejects.toMatchObject({ reason: 'error_response', message: expect.stringContaining('access_denied (nope)') });
  });

  it('stop() resolves once the server has exited', async () => {
    const before = ownedPids();
    expect(before).toHaveLength(1);
    await sandbox.stop();
    expect(ownedPids()).toEqual([]);
    expect(() => process.kill(before[0], 0)).toThrow();
    await expect(fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
