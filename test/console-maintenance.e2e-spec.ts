import { DateTime } from 'luxon';
import { waitFor } from '@prespond/sandbox';
import type { Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BERLIN = 'Europe/Berlin';

/** What a datetime-local input holds for `ms` in Berlin time ("2026-12-02T14:30"). */
const local = (ms: number) => DateTime.fromMillis(ms, { zone: BERLIN }).toFormat("yyyy-LL-dd'T'HH:mm");
/** A time as the console writes it for someone in Berlin, or in `zone` ("2 Dec 14:30 GMT+1"). */
const shown = (ms: number, zone = BERLIN) => DateTime.fromMillis(ms, { zone }).toFormat('d LLL HH:mm ZZZZ');

/**
 * Scheduled maintenance in the console, in Debian's Chromium against the real stack: an ops person schedules a window
 * through the form (after an error the summary names), finds it on the list and its page, moves it, cancels another
 * and completes a third early, each only after a confirmation; customers hear of it through the real services
 * (incident-service's scheduler runs every 200 ms here). Marketing gets none of it. Every page is checked with axe-core.
 */
describe('scheduled maintenance in the console, in a browser', () => {
  let system: SystemUnderTest;
  let web: ConsoleBrowser;
  const accessibility: string[] = [];

  const awake = { quietHoursStart: null, quietHoursEnd: null };
  const ada = { name: 'Ada', email: 'ada.maint@example.com', phone: '+4915112349901', timeZone: BERLIN, components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], ...awake };
  const bob = { name: 'Bob', phone: '+4915112349902', timeZone: BERLIN, components: ['tv'], regions: ['hamburg'], channels: ['sms'], ...awake };

  async function look(page: Page, screenshotName?: string): Promise<void> {
    accessibility.push(...(await web.accessibilityProblems(page)));
    if (screenshotName) await web.screenshot(page, screenshotName);
  }

  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`;
    });

  const ops = () => system.consoleApp.ssoPeople.find((p) => p.role === 'ops')!;
  const marketing = () => system.consoleApp.ssoPeople.find((p) => p.role === 'marketing')!;
  const windowOf = (id: string) => system.as('ops').get('incident-service', `/maintenance/${id}`);

  beforeAll(async () => {
    system = await SystemUnderTest.start({ MAINTENANCE_INTERVAL_MS: '200', MAINTENANCE_NOTICE_OFFSETS: '72h,1h' }, { console: true });
    for (const customer of [ada, bob]) await system.post('subscriber-service', '/subscribers', customer);
    web = await ConsoleBrowser.launch(system.consoleApp);
  });

  afterAll(async () => {
    await web?.close();
    await system?.stop();
  });

  let movedId: string;
  const title = 'Network upgrade in Berlin';

  it('lets ops schedule a window through the form (the end before the start is named first), see it on the list and its page, and move it', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, ops(), '/maintenance');
    await page.getByRole('heading', { name: 'Scheduled maintenance' }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Maintenance' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('main').textContent()).toContain('No maintenance is planned.');

    await page.getByRole('link', { name: 'Schedule maintenance' }).click();
    await page.getByRole('heading', { name: 'Schedule maintenance' }).waitFor();
    expect(await page.locator('main .lede').textContent()).toContain('72 h and 1 h before it starts, when it starts and when it ends');
    expect(await page.locator('#startsAt-hint').textContent()).toBe('In your time zone, Europe/Berlin.');
    // Two hours ahead: the 72-hour notice is due at once.
    const start = Math.ceil((Date.now() + 2 * HOUR) / MINUTE) * MINUTE;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('What customers are told').fill('We are upgrading the network; internet may drop for a few minutes.');
    await page.getByRole('checkbox', { name: /^internet/ }).check();
    await page.getByRole('checkbox', { name: /^berlin/ }).check();
    await page.getByLabel('Start', { exact: true }).fill(local(start));
    await page.getByLabel('End', { exact: true }).fill(local(start - HOUR));
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();

    // The GOV.UK error summary: it takes focus, names the field, and its link leads there (by keyboard too).
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await waitFor(async () => (await focused(page)) === 'div.error-summary', { timeoutMs: 5_000, description: 'the error summary has focus' });
    expect(await summary.getByRole('link').allTextContents()).toEqual(['The end must be after the start']);
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#endsAt');
    expect(await page.locator('#endsAt').getAttribute('aria-invalid')).toBe('true');
    await look(page, 'maintenance-new-error');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('input#endsAt');
    // What was typed is kept.
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    expect(await page.getByRole('checkbox', { name: /^internet/ }).isChecked()).toBe(true);

    // A component the service refuses: its reason, in the form's words, at the field.
    const end = start + 2 * HOUR;
    await page.getByLabel('End', { exact: true }).fill(local(end));
    await page.getByLabel('Other components').fill('fibre optic');
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await summary.getByRole('link', { name: /^Components under maintenance: must be a list of names made of letters, digits and dashes/ }).waitFor();
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#componentsOther');

    await page.getByLabel('Other components').fill('');
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await page.waitForURL((url) => /^\/maintenance\/[0-9a-f-]{36}$/.test(url.pathname));
    movedId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.locator('.notice').textContent()).toBe(
      `Scheduled. Customers are told ahead: right away (it starts within 72 h) and 1 h before (${shown(start - HOUR)}), then at the start and at the end.`,
    );
    expect(await page.locator('#window-state').textContent()).toBe('Planned');
    // One date when the window ends on the day it starts in Berlin; both in full when it runs past midnight.
    const [startBerlin, endBerlin] = [DateTime.fromMillis(start, { zone: BERLIN }), DateTime.fromMillis(end, { zone: BERLIN })];
    expect(await page.locator('#window-when').textContent()).toBe(
      startBerlin.hasSame(endBerlin, 'day') ? `${startBerlin.toFormat('d LLL HH:mm')} – ${endBerlin.toFormat('HH:mm ZZZZ')}` : `${shown(start)} – ${shown(end)}`,
    );
    expect(await windowOf(movedId)).toMatchObject({ state: 'scheduled', title, components: ['internet'], regions: ['berlin'], startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });

    // The scheduler tells Ada at once (the 72-hour notice); the page's timeline says so.
    await waitFor(() => system.textsTo(ada.phone).length === 1, { timeoutMs: 30_000, description: 'the notice ahead reached Ada' });
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#timeline li[data-kind="notice"]').count()) === 1;
      },
      { timeoutMs: 10_000, description: 'the notice on the timeline' },
    );
    expect(await page.locator('#timeline li[data-kind="notice"]').textContent()).toContain('Customers told (T-72 h)');
    expect(await page.locator('#timeline li[data-kind="notice"]').textContent()).toContain('by Prespond, on schedule');
    expect(await page.locator('#timeline li[data-kind="scheduled"]').textContent()).toContain(`by ${ops().email}`);
    expect(system.textsTo(bob.phone)).toEqual([]);

    // On the list, planned, with when customers were told and the next notice.
    await page.getByRole('link', { name: 'Maintenance', exact: true }).first().click();
    const row = page.locator(`#planned-maintenance tr[data-id="${movedId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(title);
    expect(cells[1]).toBe('internet · berlin');
    expect(cells[3]).toMatch(/^PlannedCustomers told .+Next notice /);
    await look(page);

    // Moved a day later, with a word for customers: checked on a page of its own first.
    await row.getByRole('link', { name: title }).click();
    const newStart = start + 24 * HOUR;
    const newEnd = newStart + 3 * HOUR;
    await page.getByLabel('New start').fill(local(newStart));
    await page.getByLabel('New end').fill(local(newEnd));
    await page.getByLabel('What customers are told about the change (optional)').fill('Moved a day: the engineers are needed elsewhere tonight.');
    await page.getByRole('button', { name: 'Review the change' }).click();
    await page.getByRole('heading', { name: `Move “${title}”?` }).waitFor();
    expect(await page.locator('#confirm-to').textContent()).toContain(DateTime.fromMillis(newStart, { zone: BERLIN }).toFormat('d LLL HH:mm'));
    expect(await page.locator('#confirm-message').textContent()).toBe('Moved a day: the engineers are needed elsewhere tonight.');
    await look(page);
    expect((await windowOf(movedId)).startsAt).toBe(new Date(start).toISOString());
    await page.getByRole('button', { name: 'Yes, move it' }).click();
    await page.getByText('New times saved. Customers who were told of it get them now.').waitFor();
    expect(await windowOf(movedId)).toMatchObject({ state: 'scheduled', startsAt: new Date(newStart).toISOString(), endsAt: new Date(newEnd).toISOString() });
    const latest = page.locator('#timeline li').first();
    expect(await latest.getAttribute('data-kind')).toBe('rescheduled');
    expect(await latest.textContent()).toContain('Moved');
    expect(await latest.textContent()).toContain('Customers told');
    expect(await latest.textContent()).toContain('Moved a day: the engineers are needed elsewhere tonight.');
    await waitFor(() => system.textsTo(ada.phone).length === 2, { timeoutMs: 30_000, description: 'the move reached Ada' });
    await look(page, 'maintenance-window');

    // The service's audit trail names her, through the console (the refused attempt too, with its 400).
    const audit = await system.get('incident-service', '/audit');
    expect(audit.items.filter((e: any) => e.actor === ops().email && e.statusCode < 300).map((e: any) => [e.method, e.path.replace(/[0-9a-f-]{36}/, ':id'), e.via])).toEqual([
      ['POST', '/maintenance/:id/reschedule', 'console'],
      ['POST', '/maintenance', 'console'],
    ]);
    // A window the service does not know: a plain "not found" page.
    expect((await page.goto(web.url('/maintenance/00000000-0000-4000-8000-000000000000')))?.status()).toBe(404);
    await context.close();
  });

  it('cancels a planned window only after a confirmation, without JavaScript too; going back keeps what was typed', async () => {
    const startsAt = new Date(Date.now() + 5 * 24 * HOUR).toISOString();
    const planned = await system.as('ops').post('incident-service', '/maintenance', {
      title: 'TV platform migration', message: 'TV may pause for up to ten minutes.', components: ['tv'], regions: ['hamburg'], startsAt, endsAt: new Date(Date.parse(startsAt) + 2 * HOUR).toISOString(),
    });
    // A browser without scripts: plain forms and pages do it all (its zone unknown to the console: times in UTC, named).
    const { context, page } = await web.newPage({ javaScriptEnabled: false });
    await web.signInWithOidc(page, ops(), `/maintenance/${planned.id}`);
    await page.getByRole('heading', { name: 'TV platform migration' }).waitFor();
    // Five days ahead: both notices still to come.
    expect(await page.locator('#notices-ahead li').allTextContents()).toEqual([`72 h before: ${shown(Date.parse(startsAt) - 72 * HOUR, 'UTC')}`, `1 h before: ${shown(Date.parse(startsAt) - HOUR, 'UTC')}`]);
    await page.getByLabel('What customers are told (optional)').fill('The migration is postponed; we will tell you the new date.');
    await page.getByRole('button', { name: 'Cancel this maintenance…' }).click();
    await page.getByRole('heading', { name: 'Cancel “TV platform migration”?' }).waitFor();
    // Nobody heard of it yet: nobody is told.
    expect(await page.locator('#confirm-not-told').textContent()).toContain('Customers have not been told of it yet');
    await web.screenshot(page, 'maintenance-cancel-confirm');
    expect((await windowOf(planned.id)).state).toBe('scheduled');

    await page.getByRole('button', { name: 'No, go back' }).click();
    await page.getByRole('heading', { name: 'TV platform migration' }).waitFor();
    expect((await windowOf(planned.id)).state).toBe('scheduled');
    expect(await page.getByLabel('What customers are told (optional)').inputValue()).toBe('The migration is postponed; we will tell you the new date.');

    await page.getByRole('button', { name: 'Cancel this maintenance…' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the maintenance' }).click();
    await page.getByText('Cancelled. It will not happen.').waitFor();
    expect(await page.locator('#window-state').textContent()).toBe('Cancelled');
    expect(await page.getByRole('button', { name: /Cancel this maintenance/ }).count()).toBe(0);
    expect(await page.locator('#timeline li').first().textContent()).toContain('Not sent: customers had not been told of it yet');
    expect(await windowOf(planned.id)).toMatchObject({ state: 'cancelled', timeline: expect.arrayContaining([expect.objectContaining({ kind: 'cancelled', message: 'The migration is postponed; we will tell you the new date.', announce: false })]) });
    expect(system.textsTo(bob.phone)).toEqual([]);
    // (axe-core needs scripts: the same pages are checked with them in the other tests.)
    await context.close();
  });

  it('once a window is under way: only its end moves, and it completes early after a confirmation', async () => {
    const soon = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const body = { message: 'We are replacing a router; internet may drop briefly.', components: ['internet'], regions: ['berlin'] };
    const running = await system.as('ops').post('incident-service', '/maintenance', { ...body, title: 'Router swap in Mitte', startsAt: soon(2), endsAt: soon(2 * 3600) });
    const other = await system.as('ops').post('incident-service', '/maintenance', { ...body, title: 'Router swap in Pankow', startsAt: soon(2), endsAt: soon(3 * 3600) });
    await waitFor(async () => (await windowOf(running.id)).state === 'in_progress' && (await windowOf(other.id)).state === 'in_progress', { timeoutMs: 30_000, description: 'both windows under way' });

    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, ops(), `/maintenance/${running.id}`);
    await page.getByRole('heading', { name: 'Extend or end sooner' }).waitFor();
    expect(await page.locator('#window-state').textContent()).toBe('Under way');
    expect(await page.locator('input[name="startsAt"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Cancel this maintenance/ }).count()).toBe(0);

    const newEnd = Math.ceil((Date.parse(running.endsAt) + HOUR) / MINUTE) * MINUTE;
    await page.getByLabel('New end').fill(local(newEnd));
    await page.getByRole('button', { name: 'Review the change' }).click();
    await page.getByRole('heading', { name: 'Move “Router swap in Mitte”?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, move it' }).click();
    await page.locator('.notice').waitFor();
    expect((await windowOf(running.id)).endsAt).toBe(new Date(newEnd).toISOString());
    expect(await page.locator('#timeline li').first().textContent()).toContain('Extended');

    await page.getByRole('button', { name: 'Complete this maintenance…' }).click();
    await page.getByRole('heading', { name: 'Complete “Router swap in Mitte” now?' }).waitFor();
    expect(await page.locator('#confirm-message').textContent()).toBe('The work is complete; everything should work as usual.');
    await look(page);
    expect((await windowOf(running.id)).state).toBe('in_progress');
    await page.getByRole('button', { name: 'Yes, it is complete' }).click();
    await page.getByText('Completed. Customers are told the work is over.').waitFor();
    expect(await windowOf(running.id)).toMatchObject({ state: 'completed' });
    expect(await page.locator('#timeline li').first().textContent()).toContain('Completed early');
    expect(await page.locator('#timeline li').first().textContent()).toContain('Customers told');

    // The list: one under way, one planned, two ended.
    await page.goto(web.url('/maintenance'));
    const titles = async (table: string) => (await page.locator(`#${table} tbody tr td:first-child`).allTextContents()).map((t) => t.trim());
    expect(await titles('active-maintenance')).toEqual(['Router swap in Pankow']);
    expect(await titles('planned-maintenance')).toEqual([title]);
    expect((await titles('past-maintenance')).sort()).toEqual(['Router swap in Mitte', 'TV platform migration']);
    await look(page, 'maintenance-list');
    await context.close();
  });

  it('gives a marketing person no access, on the server as well as on the page', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, marketing());
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    expect(await page.getByRole('link', { name: 'Maintenance' }).count()).toBe(0);
    for (const path of ['/maintenance', '/maintenance/new', `/maintenance/${movedId}`]) {
      const answer = await page.goto(web.url(path));
      expect({ path, status: answer?.status() }).toEqual({ path, status: 403 });
    }
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
    await look(page);
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const cancel = await page.request.post(web.url(`/maintenance/${movedId}/cancel`), { form: { _csrf: csrf! } });
    expect(cancel.status()).toBe(403);
    const direct = await fetch(system.url('incident-service', `/maintenance/${movedId}/cancel`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${system.stack.keys.console}`, 'x-acting-for': marketing().email, 'x-acting-role': 'marketing' },
      body: '{}',
    });
    expect(direct.status).toBe(403);
    expect((await windowOf(movedId)).state).toBe('scheduled');
    await context.close();
  });

  it('finds no serious or critical accessibility problem on any page it visited', () => {
    expect(accessibility).toEqual([]);
  });
});
