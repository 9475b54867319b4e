import { Browser, BrowserContext, Page } from 'playwright-core';
import type { ConsoleApp, ConsolePerson } from '../../deploy/stack';
import { launchBrowser, screenshot, seriousAxeViolations } from './browser';

/**
 * The console as a person uses it: a Chromium of their own (one context per person, so sessions do not mix), signed in
 * through the OIDC server or with a password. Every page checked with `look` passes axe-core with no serious or
 * critical violation, and can be kept as a README screenshot.
 */
export class ConsoleBrowser {
  private constructor(
    readonly app: ConsoleApp,
    private readonly browser: Browser,
  ) {}

  static async launch(app: ConsoleApp): Promise<ConsoleBrowser> {
    return new ConsoleBrowser(app, await launchBrowser());
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** A fresh browser profile (no cookies) with a page, at a desk-sized window, in Berlin time (`javaScriptEnabled: false`: a browser without scripts). */
  async newPage(options: { timezoneId?: string; javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: options.timezoneId ?? 'Europe/Berlin',
      locale: 'en-GB',
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return { context, page };
  }

  url(path: string): string {
    return `${this.app.url}${path}`;
  }

  /** Signs in through the dev OIDC server as `person` (one of `app.ssoPeople`), from the console's sign-in page. */
  async signInWithOidc(page: Page, person: ConsolePerson, next = '/'): Promise<void> {
    await page.goto(this.url(`/sign-in?next=${encodeURIComponent(next)}`));
    const provider = new URL(this.app.oidc.issuer).origin;
    const back = (url: URL) => url.origin === new URL(this.app.url).origin && !url.pathname.startsWith('/sign-in');
    await page.getByRole('link', { name: /Sign in with the dev OIDC server/ }).click();
    // The provider asks for her password, or (still signed in there) sends her straight back.
    await page.waitForURL((url) => (url.origin === provider && url.pathname.startsWith('/interaction/')) || back(url));
    if (new URL(page.url()).origin !== provider) return;
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(back);
  }

  /** Signs in with a password; answers once the console answered (signed in or not). */
  async signInWithPassword(page: Page, email: string, password: string): Promise<void> {
    if (!page.url().includes('/sign-in')) await page.goto(this.url('/sign-in'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.waitForLoadState('domcontentloaded');
  }

  /**
   * axe-core's serious and critical findings on the page once it has settled (nothing marked aria-busy, such as the
   * live audience count being asked again), as readable lines (none expected).
   */
  async accessibilityProblems(page: Page): Promise<string[]> {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('[aria-busy="true"]'), null, { timeout: 10_000 });
    return (await seriousAxeViolations(page)).map((v) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(' ')}`);
  }

  /** Keeps a README screenshot of the page (docs/screenshots/<name>.png). */
  screenshot(page: Page, name: string): Promise<string> {
    return screenshot(page, name);
  }
}
