import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { waitFor } from '@prespond/sandbox';
import { launchBrowser, screenshot, seriousAxeViolations } from './support/browser';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MINUTE = 60_000;

/**
 * The host page of a company's own website, on another origin than the status page: its own styles and script, and
 * the status banner pasted in as the README says. `components`: what the banner watches.
 */
function hostPage(statusPageUrl: string, components: string | null): string {
  const banner = components === null ? '' : `<script src="${statusPageUrl}/embed/banner.js" data-components="${components}" async></script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example Telecom</title>
<style>p.own { color: rgb(1, 2, 3); font-family: serif; } button { background: rgb(10, 20, 30); color: rgb(255, 255, 255); }</style>
<script src="/own.js"></script>
</head><body><main><h1>Example Telecom</h1><p class="own">Our own words.</p><button id="count" type="button">Count</button></main>${banner}</body></html>`;
}
const HOST_SCRIPT = `window.hostClicks = 0; document.addEventListener('DOMContentLoaded', function () {
  document.getElementById('count').addEventListener('click', function () { window.hostClicks++; });
});`;

/**
 * The status page and its banner in Chromium: the page during an incident and during maintenance, its times in the
 * reader's own zone, usable by keyboard, with no serious accessibility problem; the banner on another origin's page
 * appears, can be dismissed, and leaves the host page's styles, script and globals as they were.
 */
describe('status page and banner in a browser', () => {
  let system: SystemUnderTest;
  let browser: Browser;
  let host: Server;
  let hostUrl: string;
  let incident: any;
  let window: any;

  beforeAll(async () => {
    system = await SystemUnderTest.start({ MAINTENANCE_INTERVAL_MS: '200' }, { statusPage: true });
    browser = await launchBrowser();
    host = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      if (url.pathname === '/own.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_SCRIPT);
        return;
      }
      const components = url.searchParams.has('components') ? url.searchParams.get('components') : null;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(system.statusPageUrl, components));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    // "localhost", not 127.0.0.1: another origin than the status page's.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

    incident = await system.post('incident-service', '/incidents', {
      title: 'Internet outage in Berlin', message: 'A fibre cable was cut.', severity: 'critical', components: ['internet'], regions: ['berlin'],
      eta: new Date(Date.now() + 2 * 3_600_000).toISOString(), nextUpdateBy: new Date(Date.now() + 30 * MINUTE).toISOString(),
    });
    const start = new Date(Date.now() + 2 * MINUTE).toISOString();
    window = await system.post('incident-service', '/maintenance', {
      title: 'TV head-end upgrade', message: 'Channels may freeze for a minute.', components: ['tv'], startsAt: start, endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await system.setClock(new Date(Date.parse(start) + MINUTE).toISOString());
    await waitFor(async () => (await (await fetch(`${system.statusPageUrl}/embed/status.json`)).json() as any).items.length === 2, { description: 'both on the status page' });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await system?.stop();
  });

  async function pageIn(timezoneId: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ timezoneId, locale: 'en-US', javaScriptEnabled, viewport: { width: 1100, height: 900 } });
    return context.newPage();
  }

  it('shows the incident and the maintenance with times in the reader\'s zone, works by keyboard, and has no serious accessibility problem', async () => {
    const page = await pageIn('America/New_York');
    await page.goto(system.statusPageUrl);
    await page.getByRole('heading', { level: 1, name: 'Major System Outage' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Internet outage in Berlin' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'TV head-end upgrade' }).count()).toBe(1);
    expect(await page.locator('.component', { hasText: 'Internet' }).first().textContent()).toContain('Major outage in berlin');
    expect(await page.locator('.component', { hasText: 'TV' }).first().textContent()).toContain('Under maintenance');
    // Times in her zone, the zone named.
    const declared = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(new Date(incident.declaredAt));
    const since = await page.locator('.incident .meta time').first().textContent();
    expect(since).toContain(declared);
    expect(since).toMatch(/E[SD]T/);
    expect(await page.locator('#zone-note').textContent()).toBe('Times are shown in your time zone (America/New_York).');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'status-page-incident');

    // Keyboard: the skip link is the first stop and takes her to the status; the incident link opens its page.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.textContent)).toBe('Skip to the status');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe('main');
    await page.getByRole('link', { name: 'Internet outage in Berlin' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/incidents/${incident.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Internet outage in Berlin');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Without JavaScript: readable, in the page's zone, named.
    const plain = await pageIn('Asia/Tokyo', false);
    await plain.goto(system.statusPageUrl);
    expect(await plain.locator('.incident .meta time').first().textContent()).toMatch(/UTC$/);
    expect(await plain.locator('#zone-note').textContent()).toBe('Times are shown in UTC.');
    await page.context().close();
    await plain.context().close();
  });

  it('shows the maintenance page and the page during maintenance alone', async () => {
    await system.post('incident-service', `/incidents/${incident.id}/resolve`, { message: 'Fixed.' });
    const page = await pageIn('Europe/Berlin');
    await waitFor(async () => {
      await page.goto(system.statusPageUrl);
      return (await page.getByRole('heading', { level: 1 }).textContent()) === 'Service Under Maintenance';
    }, { description: 'the page during maintenance alone' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'status-page-maintenance');
    await page.getByRole('link', { name: 'TV head-end upgrade' }).first().click();
    await page.waitForURL(`**/maintenance/${window.id}`);
    expect(await page.locator('.maintenance-page .meta').textContent()).toContain('Under way');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets her subscribe from the page: errors named and focused, her zone preselected, the link in her email confirms', async () => {
    const page = await pageIn('America/Chicago');
    await page.goto(system.statusPageUrl);
    await page.getByRole('link', { name: 'Subscribe to updates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Get status updates' }).waitFor();
    expect(await page.locator('#timeZone').inputValue()).toBe('America/Chicago');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Sent without a name or consent: the summary takes the focus and names the fields.
    await page.getByLabel('Email address').fill('mo@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.getAttribute('data-error-summary'))).toBe('');
    expect(await page.locator('.error-summary').textContent()).toContain('Your first name: tell us what to call you');
    expect(await page.locator('.error-summary').textContent()).toContain('The consent box: must be ticked to subscribe');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'status-subscribe-errors');

    // Put right, by keyboard where it matters: what she typed is still there.
    expect(await page.getByLabel('Email address').inputValue()).toBe('mo@example.com');
    await page.getByLabel('Your first name').fill('Mo');
    await page.getByLabel('Berlin').check();
    await page.getByRole('checkbox', { name: /I want Prespond to send me status updates/ }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await waitFor(() => system.stack.infra.smtp.messages.some((m) => m.to.includes('mo@example.com')), { description: 'her confirmation email' });
    const email = system.stack.infra.smtp.messages.find((m) => m.to.includes('mo@example.com'))!;
    await page.goto(/(http:\/\/\S+\/subscribe\/confirm\?token=[\w-]+)/.exec(email.text)![1]);
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are subscribed' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('We will tell you by email when something affects Internet, TV, and Phone in Berlin');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('puts the banner on another origin\'s page while maintenance touches what it watches; dismissible; the host page unharmed', async () => {
    const page = await pageIn('Europe/Berlin');
    // The host page alone: its globals, for comparison.
    await page.goto(`${hostUrl}/`);
    const ownGlobals: string[] = await page.evaluate(() => Object.keys(globalThis));

    await page.goto(`${hostUrl}/?components=tv,phone`);
    const banner = page.getByRole('region', { name: 'Prespond service status' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('TV head-end upgrade');
    expect(await banner.getByRole('link', { name: 'See the status page' }).getAttribute('href')).toBe(`${system.statusPageUrl}/maintenance/${window.id}`);
    // The host page's own styles and script work as before; one global more, ours.
    expect(await page.locator('p.own').evaluate((p) => (globalThis as any).getComputedStyle(p).color)).toBe('rgb(1, 2, 3)');
    await page.locator('#count').click();
    expect(await page.evaluate(() => (globalThis as any).hostClicks)).toBe(1);
    const globals: string[] = await page.evaluate(() => Object.keys(globalThis));
    expect(globals.filter((g) => !ownGlobals.includes(g))).toEqual(['PrespondStatusBanner']);
    // Our styles stay inside the banner: the host's button colour is untouched, and the banner's own is ours.
    expect(await page.locator('#count').evaluate((b) => (globalThis as any).getComputedStyle(b).backgroundColor)).toBe('rgb(10, 20, 30)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'status-banner');

    // Dismissed by keyboard: gone, and still gone on the next visit.
    await banner.getByRole('button', { name: 'Dismiss this notice' }).focus();
    await page.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('#count').waitFor();
    await page.evaluate(() => (globalThis as any).PrespondStatusBanner.refresh());
    expect(await page.getByRole('region', { name: 'Prespond service status' }).count()).toBe(0);

    // A page watching only what nothing touches shows no banner.
    const other = await pageIn('Europe/Berlin');
    await other.goto(`${hostUrl}/?components=phone`);
    await other.waitForFunction(() => 'PrespondStatusBanner' in globalThis);
    await other.evaluate(() => (globalThis as any).PrespondStatusBanner.refresh());
    expect(await other.getByRole('region', { name: 'Prespond service status' }).count()).toBe(0);
    await page.context().close();
    await other.context().close();
  });
});
