import { randomBytes } from 'node:crypto';
import { waitFor } from '@prespond/sandbox';
import type { Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { SystemUnderTest } from './support/system';

/**
 * The web console in Debian's Chromium against the real stack (services, Kafka, PostgreSQL, the Twilio sandbox, the
 * SMTP inbox, a real OIDC server): people sign in as they would, click through the pages, and what they do reaches
 * customers. Every page visited is checked with axe-core.
 */
describe('the web console, in a browser', () => {
  let system: SystemUnderTest;
  let web: ConsoleBrowser;
  /** axe-core's serious and critical findings on every page the specs looked at (none expected). */
  const accessibility: string[] = [];

  // No quiet hours: this spec runs on the real clock at any hour, and nothing here should wait for the morning.
  const awake = { quietHoursStart: null, quietHoursEnd: null };
  const people = {
    ada: { name: 'Ada', email: 'ada@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], ...awake },
    bob: { name: 'Bob', phone: '+4915112345602', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms'], ...awake },
    chie: { name: 'Chie', email: 'chie@example.com', timeZone: 'Asia/Tokyo', components: ['internet'], regions: ['hamburg'], channels: ['email'], ...awake },
    dora: { name: 'Dora', email: 'dora@example.com', phone: '+4915112345604', timeZone: 'Europe/Berlin', components: ['power'], regions: ['munich'], channels: ['sms', 'email'], ...awake },
  };

  /** A text from a customer, as Twilio posts it to the messenger's inbound webhook (signed with the sandbox's token). */
  async function textFrom(phone: string, body: string): Promise<void> {
    const url = system.url('messenger-service', '/webhooks/twilio/sms');
    const twilio = system.stack.infra.twilio;
    const params = { AccountSid: twilio.options.accountSid, From: phone, To: '+15005550006', Body: body, MessageSid: `SM${randomBytes(16).toString('hex')}` };
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.sign(url, params) }, body: new URLSearchParams(params) });
    expect(answer.status).toBe(200);
  }

  /** Checks the page with axe-core and keeps what it found. */
  async function look(page: Page, screenshotName?: string): Promise<void> {
    accessibility.push(...(await web.accessibilityProblems(page)));
    if (screenshotName) await web.screenshot(page, screenshotName);
  }

  beforeAll(async () => {
    // Follow-up questions as soon as the resolution reached her (production: an hour later).
    system = await SystemUnderTest.start({ FOLLOW_UP_DELAY_MINUTES: '0', FOLLOW_UP_INTERVAL_MS: '1000' }, { console: true });
    const ids: string[] = [];
    for (const person of Object.values(people)) ids.push((await system.post('subscriber-service', '/subscribers', person)).id);
    // A broadband plan of Ada's: the plan type marketing sets reminders for.
    const renewal = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await system.post('subscriber-service', `/subscribers/${ids[0]}/plans`, { name: 'Fibre 500', type: 'broadband', renewalDate: renewal });
    // The messenger keeps its own copy of each subscriber (subscriber.changed): the review's previews need them.
    for (const id of ids) {
      await waitFor(async () => (await system.fetch('messenger-service', `/previews?subscriberId=${id}&channel=email`)).status !== 404, { timeoutMs: 30_000, description: 'the messenger has the subscribers' });
    }
    web = await ConsoleBrowser.launch(system.consoleApp);
  });

  afterAll(async () => {
    await web?.close();
    await system?.stop();
  });

  const ops = () => system.consoleApp.ssoPeople.find((p) => p.role === 'ops')!;
  const marketing = () => system.consoleApp.ssoPeople.find((p) => p.role === 'marketing')!;

  it('an ops person signs in through the OIDC server, declares an incident for two components with its estimate and preview, and watches it reach customers', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, ops(), '/incidents');
    expect(new URL(page.url()).pathname).toBe('/incidents');
    expect(await page.locator('.who strong').textContent()).toBe('Olivia Ops');
    await look(page, 'incident-board-empty');

    await page.getByRole('link', { name: 'Declare an incident' }).click();
    await page.getByLabel('Title').fill('Internet and TV down in Berlin');
    await page.getByLabel('What customers are told').fill('A cable was cut near Alexanderplatz. Internet and TV are down; engineers are on site.');
    await page.getByLabel(/^Critical/).check();
    await page.getByRole('checkbox', { name: /^internet/ }).check();
    await page.getByRole('checkbox', { name: /^tv/ }).check();
    await look(page, 'declare-incident');
    await page.getByRole('button', { name: 'Review before sending' }).click();

    await page.getByRole('heading', { name: 'Check before you declare' }).waitFor();
    expect(await page.locator('#reach td[data-channel="sms"]').textContent()).toBe('2');
    expect(await page.locator('#reach td[data-channel="email"]').textContent()).toBe('2');
    // Ada (the affected customer with both channels) in her own words: her component and region, the message ops wrote.
    await page.getByRole('heading', { name: 'What Ada will get' }).waitFor();
    expect(await page.locator('#sms-preview').textContent()).toContain('internet in berlin. A cable was cut near Alexanderplatz');
    expect(await page.locator('#email-subject').textContent()).toContain('Internet and TV down in Berlin');
    const frame = page.frameLocator('iframe.email-frame');
    await frame.getByText(/cable was cut/).first().waitFor();
    await look(page, 'declare-review');

    let navigations = 0;
    await page.getByRole('button', { name: 'Declare and notify customers' }).click();
    await page.getByText('Declared. Customers are being notified').waitFor();
    const incidentUrl = page.url();
    page.on('framenavigated', (f) => (f === page.mainFrame() ? navigations++ : undefined));
    // Live: the table follows the messenger's figures through server-sent events, without a reload.
    const cell = (channel: string, column: string) => page.locator(`#progress tr[data-row$=":${channel}"] td[data-col="${column}"]`).first();
    await waitFor(async () => (await cell('sms', 'delivered').textContent()) === '2' && (await cell('email', 'sent').textContent()) === '2', { timeoutMs: 60_000, description: 'the page shows 2 texts delivered and 2 emails sent' });
    expect(navigations).toBe(0);
    expect(await page.locator('#progress').getAttribute('data-updated')).toBeTruthy();
    expect(system.textsTo(people.ada.phone)).toEqual([expect.stringContaining('A cable was cut near Alexanderplatz')]);
    expect(system.textsTo(people.bob.phone)).toHaveLength(1);
    expect(system.emailsTo(people.chie.email)).toHaveLength(1);
    expect(system.textsTo(people.dora.phone)).toHaveLength(0);
    await look(page, 'incident-live');

    await page.getByLabel('What customers are told').first().fill('Engineers are splicing the cable; service returns street by street.');
    await page.getByLabel('Status').selectOption('identified');
    // Updates are reviewed like the declaration: who it can reach and what Ada will get, before it goes out.
    await page.getByRole('button', { name: 'Review the update' }).click();
    await page.getByRole('heading', { name: 'Check the update before it goes out' }).waitFor();
    expect(await page.locator('#sms-preview').textContent()).toContain('Engineers are splicing the cable');
    await look(page, 'update-review');
    await page.getByRole('button', { name: 'Post update and notify customers' }).click();
    await page.getByText('Update posted.').waitFor();
    await waitFor(() => system.textsTo(people.ada.phone).length === 2, { timeoutMs: 60_000, description: 'the update reached Ada' });

    await page.getByLabel('What customers are told').last().fill('The cable is repaired: internet and TV are back everywhere.');
    await page.getByRole('button', { name: 'Review the resolution' }).click();
    await page.getByRole('heading', { name: 'Check the resolution before it goes out' }).waitFor();
    expect(await page.locator('#sms-preview').textContent()).toContain('The cable is repaired');
    await page.frameLocator('iframe.email-frame').getByText(/cable is repaired/).first().waitFor();
    await page.getByRole('button', { name: 'Resolve and tell customers' }).click();
    await page.getByText('Resolved. Customers are being told').waitFor();
    // (Her follow-up question may follow at once: this stack asks as soon as the resolution reached her.)
    await waitFor(() => system.textsTo(people.ada.phone).some((t) => t.includes('repaired')) && system.emailsTo(people.chie.email).length >= 3, { timeoutMs: 60_000, description: 'the resolution reached Ada and Chie' });
    expect(system.textsTo(people.ada.phone)[2]).toContain('repaired');
    expect(incidentUrl).toMatch(/\/incidents\/[0-9a-f-]{36}/);

    // Asked whether it works again, Ada answers "2": still having trouble. The incident reopens for her alone, and ops
    // tell her (and whoever else said so) from the same page.
    await waitFor(() => system.textsTo(people.ada.phone).length >= 4, { timeoutMs: 60_000, description: "Ada's follow-up question" });
    await textFrom(people.ada.phone, '2');
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#reopenings li').count()) === 1;
      },
      { timeoutMs: 30_000, description: 'her reopening on the incident page' },
    );
    await look(page, 'incident-reopened');
    await page.getByLabel('What the customers who still have trouble are told').fill('We reset your line from here: it works again now.');
    await page.getByRole('button', { name: 'Tell the 1 still waiting and close their reopenings' }).click();
    await page.getByText('Sent to the customers who still had trouble').waitFor();
    await waitFor(() => system.textsTo(people.ada.phone).some((t) => t.includes('We reset your line from here')), { timeoutMs: 60_000, description: 'the message to Ada alone' });
    expect(system.textsTo(people.bob.phone).filter((t) => t.includes('We reset your line'))).toEqual([]);
    expect(await page.locator('#reopenings li').first().textContent()).toContain('closed');

    // The services' audit trails name her, not the console's key.
    const audit = await system.get('incident-service', '/audit');
    expect(audit.items.filter((e: { actor: string }) => e.actor === ops().email).map((e: { method: string; path: string; via: string }) => [e.method, e.path.replace(/[0-9a-f-]{36}/, ':id'), e.via])).toEqual([
      ['POST', '/incidents/:id/reopened/resolve', 'console'],
      ['POST', '/incidents/:id/resolve', 'console'],
      ['POST', '/incidents/:id/updates', 'console'],
      ['POST', '/incidents', 'console'],
    ]);
    await context.close();
  });

  it('refuses a marketing person an incident declaration on the server, not only on the page', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, marketing());
    // Marketing start at their campaigns; the incident pages are not offered to them.
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await look(page, 'campaigns');
    expect(await page.getByRole('link', { name: 'Incidents' }).count()).toBe(0);
    const form = await page.goto(web.url('/incidents/new'));
    expect(form?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
    await look(page);
    // A hand-made request with her session and a valid CSRF token is refused by the console…
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const refused = await page.request.post(web.url('/incidents/new/declare'), {
      form: { _csrf: csrf!, title: 'Fake outage', message: 'Not really down', severity: 'minor', componentsOther: 'internet' },
    });
    expect(refused.status()).toBe(403);
    // …and by incident-service itself when the console's key says it acts for her.
    const direct = await fetch(system.url('incident-service', '/incidents'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${system.stack.keys.console}`, 'x-acting-for': marketing().email, 'x-acting-role': 'marketing' },
      body: JSON.stringify({ title: 'Fake outage', message: 'Not really down', severity: 'minor', components: ['internet'] }),
    });
    expect(direct.status).toBe(403);
    await context.close();
  });

  it('lets marketing set when renewal reminders go out per plan type, and says how welcome-back works', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, marketing(), '/reminders');
    await page.getByRole('heading', { name: 'Renewal reminders and welcome-back' }).waitFor();
    expect(await page.locator('#type-broadband td').first().textContent()).toBe('30, 7, 1 days before renewal');
    expect(await page.locator('#welcome-back-rule').textContent()).toContain('at least 60 days away');
    await page.getByLabel('Days before renewal for broadband').fill('0, soon');
    await page.getByRole('button', { name: 'Save (broadband)' }).click();
    await page.getByRole('link', { name: /broadband: Enter days before renewal/ }).waitFor();
    await look(page, 'reminders-error');
    await page.getByLabel('Days before renewal for broadband').fill('3, 14');
    await page.getByRole('button', { name: 'Save (broadband)' }).click();
    await page.getByText('Reminders for broadband now go out 14, 3 days before renewal').waitFor();
    await look(page, 'reminders');
    const types = await system.get('subscriber-service', '/plan-types');
    expect(types.find((t: { type: string }) => t.type === 'broadband')).toEqual({ type: 'broadband', offsetsDays: [14, 3], configured: true });
    await context.close();
  });

  it('refuses a change without the CSRF token, or from another origin', async () => {
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, ops(), '/incidents');
    const body = { title: 'Sneaky', message: 'Should never be declared', severity: 'minor', componentsOther: 'internet' };
    const noToken = await page.request.post(web.url('/incidents/new/declare'), { form: body });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('That did not go through');
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const elsewhere = await page.request.post(web.url('/incidents/new/declare'), { form: { ...body, _csrf: csrf! }, headers: { origin: 'https://evil.example' } });
    expect(elsewhere.status()).toBe(403);
    const incidents = await system.get('incident-service', '/incidents');
    expect(incidents.map((i: { title: string }) => i.title)).not.toContain('Sneaky');
    await context.close();
  });

  it('lets an admin invite a person with a password, and locks that account after five wrong passwords', async () => {
    const { admin } = system.consoleApp;
    const adminPage = await web.newPage();
    await web.signInWithPassword(adminPage.page, admin.email, admin.password);
    await adminPage.page.goto(web.url('/people'));
    await adminPage.page.getByLabel('Email').fill('lena.lock@example.com');
    await adminPage.page.getByLabel('Name', { exact: true }).fill('Lena Lock');
    await adminPage.page.getByLabel(/^Ops:/).check();
    await adminPage.page.getByLabel(/With a password/).check();
    await adminPage.page.getByRole('button', { name: 'Invite' }).click();
    const link = (await adminPage.page.locator('#invitation-link').textContent())!;
    await look(adminPage.page, 'people');

    const lena = await web.newPage();
    await lena.page.goto(link);
    await look(lena.page);
    await lena.page.getByLabel('New password').fill('a long and private phrase');
    await lena.page.getByLabel('The same password again').fill('a long and private phrase');
    await lena.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await lena.page.waitForURL((url) => url.pathname === '/incidents');
    await lena.page.getByRole('button', { name: 'Sign out' }).click();
    await lena.page.getByText('You are signed out.').waitFor();

    for (let attempt = 1; attempt <= 4; attempt++) {
      await web.signInWithPassword(lena.page, 'lena.lock@example.com', `wrong guess ${attempt}`);
      await lena.page.getByRole('link', { name: 'The email or password is not right' }).waitFor();
    }
    await web.signInWithPassword(lena.page, 'lena.lock@example.com', 'wrong guess 5');
    await lena.page.getByText(/This account is locked after too many wrong passwords/).first().waitFor();
    await look(lena.page, 'sign-in-locked');
    // Locked: even the right password is refused until the lock ends or an admin unlocks her.
    await web.signInWithPassword(lena.page, 'lena.lock@example.com', 'a long and private phrase');
    await lena.page.getByText(/This account is locked/).first().waitFor();
    expect(new URL(lena.page.url()).pathname).toBe('/sign-in');

    await adminPage.page.goto(web.url('/people'));
    await adminPage.page.getByRole('button', { name: 'Unlock Lena Lock' }).click();
    await adminPage.page.getByText('lena.lock@example.com is unlocked.').waitFor();
    await web.signInWithPassword(lena.page, 'lena.lock@example.com', 'a long and private phrase');
    expect(new URL(lena.page.url()).pathname).toBe('/incidents');
    await adminPage.context.close();
    await lena.context.close();
  });

  it('warns on the page, without a reload, when a promise to customers is about to be broken', async () => {
    const now = Date.now();
    const incident = await system.as('ops').post('incident-service', '/incidents', {
      title: 'Slow TV in Munich',
      message: 'Some TV channels stutter in Munich; we are looking into it.',
      severity: 'minor',
      components: ['tv'],
      regions: ['munich'],
      nextUpdateBy: new Date(now + 8 * 60_000).toISOString(),
    });
    const { context, page } = await web.newPage();
    await context.grantPermissions(['notifications'], { origin: system.consoleApp.url });
    // Records the notifications the page raises (the real constructor still runs).
    await context.addInitScript(() => {
      const real = (globalThis as any).Notification; // eslint-disable-line @typescript-eslint/no-explicit-any
      const seen: string[] = ((globalThis as any).__notifications = []); // eslint-disable-line @typescript-eslint/no-explicit-any
      class Recorded extends real {
        constructor(title: string, options?: { body?: string }) {
          super(title, options);
          seen.push(options?.body ?? title);
        }
      }
      Object.defineProperty(Recorded, 'permission', { get: () => real.permission });
      (globalThis as any).Notification = Recorded; // eslint-disable-line @typescript-eslint/no-explicit-any
    });
    await web.signInWithOidc(page, ops(), '/promises');
    await page.getByRole('link', { name: 'Slow TV in Munich' }).waitFor();
    await look(page, 'promises');
    expect(await page.locator('#live-alerts .alert').count()).toBe(0);
    let navigations = 0;
    page.on('framenavigated', (f) => (f === page.mainFrame() ? navigations++ : undefined));
    // Four minutes later for incident-service: the promise is due within its alert lead time (5 minutes).
    await system.setClock(new Date(now + 4 * 60_000).toISOString(), ['incident-service']);
    const alert = page.locator('#live-alerts .alert');
    await alert.first().waitFor({ timeout: 20_000 });
    expect(await alert.first().textContent()).toContain('Slow TV in Munich');
    expect(navigations).toBe(0);
    await waitFor(async () => ((await page.evaluate(() => (globalThis as any).__notifications)) as string[]).some((body) => body.includes('Slow TV in Munich')), { timeoutMs: 10_000, description: 'a browser notification' }); // eslint-disable-line @typescript-eslint/no-explicit-any
    await look(page, 'promise-alert');
    expect(incident.id).toBeDefined();
    await context.close();
  });

  it('shows admins one audit trail that names each person, in every service and the console', async () => {
    const { admin } = system.consoleApp;
    const { context, page } = await web.newPage();
    await web.signInWithPassword(page, admin.email, admin.password);
    await page.goto(web.url(`/audit?actor=${encodeURIComponent(ops().email)}`));
    const rows = page.locator('#audit tbody tr');
    await rows.first().waitFor();
    const olivia = await rows.allTextContents();
    expect(olivia.some((row) => row.includes(ops().email) && row.includes('through the console') && row.includes('POST /incidents'))).toBe(true);
    expect(olivia.every((row) => row.includes(ops().email))).toBe(true);
    await look(page, 'audit');
    await page.goto(web.url(`/audit?actor=${encodeURIComponent(admin.email)}`));
    await rows.first().waitFor();
    // The console's own changes (the people page) are on it too, under the admin's email.
    expect((await rows.allTextContents()).some((row) => row.includes('console') && row.includes('POST /people'))).toBe(true);
    await context.close();
  });

  it('can be used with the keyboard alone: skip link, sign-in, the navigation, a form and its error summary', async () => {
    const { admin } = system.consoleApp;
    const { context, page } = await web.newPage();
    await page.goto(web.url('/sign-in'));
    const focused = () => page.evaluate(() => {
      const el = (globalThis as any).document.activeElement; // eslint-disable-line @typescript-eslint/no-explicit-any
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}:${(el.textContent ?? '').trim().slice(0, 40)}`;
    });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('a:Skip to main content');
    await page.keyboard.press('Tab'); // the product name, home
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a#sso:Sign in with the dev OIDC server/);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input#email:');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/incidents'), page.keyboard.press('Enter')]);
    // The skip link moves focus to the page's content, past the navigation.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('a:Skip to main content');
    await page.keyboard.press('Enter');
    expect(await focused()).toMatch(/^main#main/);
    // The people page's invite form, sent empty with the keyboard: the error summary takes focus, its links lead to the fields.
    await page.goto(web.url('/people'));
    await page.locator('#email').focus();
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await focused()).toMatch(/^div:There is a problem/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a:Enter an email address like name@/);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('input#email:');
    await context.close();
  });

  it('ends a session after 30 minutes without a request, and 12 hours after sign-in however active', async () => {
    const start = Date.now();
    const setConsoleClock = async (msFromStart: number) => {
      const answer = await fetch(web.url('/test/clock'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(start + msFromStart).toISOString() }) });
      expect(answer.status).toBe(200);
    };
    const minutes = 60_000;
    const { context, page } = await web.newPage();
    await web.signInWithOidc(page, ops(), '/incidents');
    await setConsoleClock(29 * minutes);
    await page.goto(web.url('/incidents'));
    expect(new URL(page.url()).pathname).toBe('/incidents');
    await setConsoleClock(60 * minutes);
    await page.goto(web.url('/incidents'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('You were signed out after 30 minutes without activity').waitFor();
    await look(page, 'sign-in');

    await web.signInWithOidc(page, ops(), '/incidents');
    // Active every 25 minutes, for 12 hours: the session still ends then.
    let last = 0;
    for (let at = 85 * minutes; at < 60 * minutes + 12 * 60 * minutes; at += 25 * minutes) {
      await setConsoleClock(at);
      const answer = await page.request.get(web.url('/promises'), { maxRedirects: 0 });
      expect({ at: at / minutes, status: answer.status() }).toEqual({ at: at / minutes, status: 200 });
      last = at;
    }
    await setConsoleClock(last + 25 * minutes); // 12 h 5 min after sign-in, 25 min after the last request
    await page.goto(web.url('/promises'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('Your session reached its limit of 12 hours').waitFor();
    await context.close();
  });

  it('finds no serious or critical accessibility problem on any page it visited', () => {
    expect(accessibility).toEqual([]);
  });
});
