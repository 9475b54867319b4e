import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parseCsv } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MINUTE = 60_000;

/**
 * A customer's data rights across the system: her export holds what both services keep about her; after her
 * erasure her contact data and message texts are gone in both, while the campaign results and the incident report
 * count exactly what they counted before.
 */
describe('data export and erasure, end to end', () => {
  let system: SystemUnderTest;
  let db: Client;

  beforeAll(async () => {
    system = await SystemUnderTest.start({ CAMPAIGN_INTERVAL_MS: '200', FOLLOW_UP_DELAY_MINUTES: '60', FOLLOW_UP_INTERVAL_MS: '200' });
    db = new Client({ connectionString: system.stack.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const call = (method: string, service: 'subscriber-service' | 'messenger-service', path: string) => system.as('admin').fetch(service, path, { method });

  /** A text from a customer, as Twilio posts it to the inbound-message webhook (signed). */
  async function inboundSms(from: string, body: string): Promise<void> {
    const url = system.url('messenger-service', '/webhooks/twilio/sms');
    const params = { AccountSid: system.stack.infra.twilio.options.accountSid, From: from, To: '+15005550006', Body: body, MessageSid: `SM${randomBytes(16).toString('hex')}` };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': system.stack.infra.twilio.sign(url, params) },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(200);
  }

  const ada = { externalId: 'CRM-ADA', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], marketingConsent: true, consentWording: 'Yes, tell me about offers.',
    // The campaign and the follow-up question are sent when the spec runs, at any hour: no quiet hours to wait for.
    quietHoursStart: null, quietHoursEnd: null };
  const bob = { name: 'Bob', phone: '+4915112345602', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'], marketingConsent: true, quietHoursStart: null, quietHoursEnd: null };

  it("exports her data from both services, and erasing her removes it in both while the reports' counts stay", async () => {
    const adaId = (await system.post('subscriber-service', '/subscribers', ada)).id;
    await system.post('subscriber-service', '/subscribers', bob);

    // A campaign reaches both, before any incident (an open incident would hold it back).
    const now = Date.now();
    const campaign = await system.post('subscriber-service', '/campaigns', {
      name: 'Spring', audience: { regions: ['berlin'] }, content: { sms: { text: 'Spring offer for {{name}}.' } },
      startsAt: new Date(now - MINUTE).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), windowStart: '00:00', windowEnd: '23:59',
    });
    await system.post('subscriber-service', `/campaigns/${campaign.id}/schedule`);
    await waitFor(() => system.textsTo(ada.phone).length === 1 && system.textsTo(bob.phone).length === 1, { timeoutMs: 60_000, description: 'the campaign texts' });

    // An incident touching both, resolved; the follow-up asked an hour later (the messenger's clock moved), and Ada answers.
    const incident = await system.post('incident-service', '/incidents', { title: 'Internet outage', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'], regions: ['berlin'] });
    const resolved = await system.post('incident-service', `/incidents/${incident.id}/resolve`, { message: 'Everyone is back online.' });
    await waitFor(() => system.textsTo(ada.phone).length === 3 && system.emailsTo(ada.email).length === 2 && system.textsTo(bob.phone).length === 3, { timeoutMs: 60_000, description: 'the incident messages' });
    await waitFor(async () => (await system.get('messenger-service', `/follow-ups?incidentId=${incident.id}`)).length === 2, { description: 'two follow-ups recorded' });
    await system.setClock(new Date(Date.parse(resolved.resolvedAt) + 61 * MINUTE).toISOString(), ['messenger-service']);
    await waitFor(() => system.textsTo(ada.phone).length === 4 && system.textsTo(bob.phone).length === 4, { description: 'the follow-up questions' });
    await inboundSms(ada.phone, '1');
    await waitFor(async () => (await system.get('messenger-service', `/follow-ups?incidentId=${incident.id}`)).some((f: any) => f.answer === 'yes'), { description: "Ada's answer" });

    // The reports, settled (every text delivered, every campaign message sent).
    const incidentFigures = async () => {
      const r = await system.get('incident-service', `/incidents/${incident.id}/report`);
      return { deliveries: r.deliveries, totals: r.totals, followUps: r.followUps };
    };
    const before = await waitFor(async () => {
      const r = await incidentFigures();
      return r.totals.channels.find((c: any) => c.channel === 'sms')?.outcomes.delivered === 4 && r;
    }, { description: 'a settled incident report' });
    expect(before.followUps).toEqual([expect.objectContaining({ channel: 'sms', planned: 2, asked: 2, worksAgain: 1, noAnswer: 1 })]);
    const campaignResults = async () => (await system.get('subscriber-service', `/campaigns/${campaign.id}/results`)).channels;
    const resultsBefore = await waitFor(async () => {
      const r = await campaignResults();
      return r[0]?.sent === 2 && r;
    }, { description: 'settled campaign results' });
    expect(resultsBefore).toEqual([expect.objectContaining({ channel: 'sms', targeted: 2, sent: 2 })]);

    // Her export: her profile and consents here, her messages, texts and follow-up there.
    // Taken once her texts' status callbacks have all come (queued → sent → delivered), so that nothing of hers moves
    // between this export and the one after her erasure.
    const exported = await waitFor(async () => {
      const e = await system.get('subscriber-service', `/subscribers/${adaId}/export`);
      const texts = e.messenger.messages.filter((m: any) => m.address === ada.phone);
      return texts.length === 4 && texts.every((m: any) => m.status === 'delivered') && e;
    }, { description: 'her export, every text of hers delivered' });
    expect(exported.subscriber).toMatchObject({ id: adaId, externalId: 'CRM-ADA', name: 'Ada Lovelace', email: ada.email, phone: ada.phone, erasedAt: null });
    expect(exported.consentRecords).toEqual([expect.objectContaining({ purpose: 'marketing', granted: true, source: 'api', wording: ada.consentWording })]);
    expect(exported.campaignRecipients).toEqual([expect.objectContaining({ campaignId: campaign.id, campaignName: 'Spring', channels: ['sms'] })]);
    expect(exported.marketingContacts).toHaveLength(1);
    const { messenger } = exported;
    expect(messenger).toMatchObject({ subscriberId: adaId, erasedAt: null, profile: { name: 'Ada Lovelace', phone: ada.phone, email: ada.email } });
    expect(messenger.messages).toHaveLength(6); // campaign, declared ×2, resolved ×2, follow-up question
    expect(messenger.messages.map((m: any) => m.body)).toContainEqual(expect.stringMatching(/^Spring offer for Ada Lovelace\.\n/));
    expect(messenger.messages.every((m: any) => m.address === ada.phone || m.address === ada.email)).toBe(true);
    expect(messenger.inboundTexts).toEqual([expect.objectContaining({ fromNumber: ada.phone, body: '1', handledAs: 'follow-up-answer' })]);
    expect(messenger.followUps).toEqual([expect.objectContaining({ incidentId: incident.id, address: ada.phone, answer: 'yes', answers: [expect.objectContaining({ answer: 'yes', counted: true })] })]);
    const consentsCsv = parseCsv(await (await call('GET', 'subscriber-service', `/subscribers/${adaId}/consents.csv`)).text());
    expect(consentsCsv).toEqual([['recordedAt', 'purpose', 'granted', 'source', 'wording'], [exported.consentRecords[0].recordedAt, 'marketing', 'true', 'api', ada.consentWording]]);

    // Erased: 204, and again 204 (nothing more happens).
    expect((await call('DELETE', 'subscriber-service', `/subscribers/${adaId}`)).status).toBe(204);
    expect((await call('DELETE', 'subscriber-service', `/subscribers/${adaId}`)).status).toBe(204);
    expect((await call('DELETE', 'subscriber-service', '/subscribers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const gone = await waitFor(async () => {
      const e = await system.get('subscriber-service', `/subscribers/${adaId}/export`);
      return e.messenger.erasedAt !== null && e;
    }, { description: 'the messenger scrubbed her' });

    // Here: no contact data, not listed, nothing to plan for; the counted rows are still there.
    expect(gone.subscriber).toMatchObject({ name: '(erased)', email: null, phone: null, channels: [], components: [], regions: [], marketingConsent: false, externalId: 'CRM-ADA' });
    expect(gone.subscriber.erasedAt).not.toBeNull();
    expect(gone.campaignRecipients).toHaveLength(1);
    expect(gone.marketingContacts).toHaveLength(1);
    expect(gone.consentRecords.map((c: any) => [c.purpose, c.granted, c.source])).toEqual([['marketing', true, 'api'], ['marketing', false, 'erasure']]);
    const listed = await system.get('subscriber-service', '/subscribers?region=berlin');
    expect(listed.items.map((s: any) => s.name)).toEqual(['Bob']);
    const { rows: [row] } = await db.query('SELECT name, email, phone FROM subscriber.subscriber WHERE id = $1', [adaId]);
    expect(row).toEqual({ name: '(erased)', email: null, phone: null });

    // There: no bodies, subjects, addresses or texts of hers, no copy of her; statuses kept.
    expect(gone.messenger.profile).toBeNull();
    expect(gone.messenger.messages).toHaveLength(6);
    expect(gone.messenger.messages.every((m: any) => m.body === '' && m.address === '' && m.subject === null)).toBe(true);
    expect(gone.messenger.messages.map((m: any) => m.status).sort()).toEqual(messenger.messages.map((m: any) => m.status).sort());
    const leftovers = await db.query(
      `SELECT (SELECT count(*) FROM messenger.message WHERE body LIKE '%Ada%' OR address IN ($1, $2))::int AS messages,
              (SELECT count(*) FROM messenger.inbound_sms WHERE from_number = $1)::int AS texts,
              (SELECT count(*) FROM messenger.follow_up WHERE address = $1 OR name = 'Ada Lovelace')::int AS follow_ups,
              (SELECT count(*) FROM messenger.subscriber_view WHERE id = $3)::int AS views`,
      [ada.phone, ada.email, adaId],
    );
    expect(leftovers.rows[0]).toEqual({ messages: 0, texts: 0, follow_ups: 0, views: 0 });
    expect(system.textsTo(bob.phone)).toHaveLength(4); // Bob's side untouched
    expect((await db.query(`SELECT count(*)::int AS n FROM messenger.message WHERE address = $1 AND body <> ''`, [bob.phone])).rows[0].n).toBe(4);

    // The reports count what they counted before.
    expect(await incidentFigures()).toEqual(before);
    expect(await campaignResults()).toEqual(resultsBefore);

    // A later incident plans nothing for her, and nothing reaches her old number or address.
    await system.post('incident-service', '/incidents', { title: 'Internet outage again', message: 'Down again.', severity: 'major', components: ['internet'], regions: ['berlin'] });
    await waitFor(() => system.textsTo(bob.phone).length === 5, { timeoutMs: 60_000, description: "Bob's text about the second incident" });
    expect(system.textsTo(ada.phone)).toHaveLength(4);
    expect(system.emailsTo(ada.email)).toHaveLength(2);
    expect((await call('PATCH', 'subscriber-service', `/subscribers/${adaId}`)).status).toBe(409);
  }, 240_000);
});
