import { randomBytes } from 'node:crypto';
import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * SMS keywords across the whole system: texts arrive as Twilio-signed webhooks (the sandbox plays Twilio and signs
 * them), the messenger suppresses and answers, subscriber-service records the consent and stops planning texts.
 */
describe('SMS keywords, end to end', () => {
  let system: SystemUnderTest;
  const sid = () => `SM${randomBytes(16).toString('hex')}`;
  const STOPPED = "You're unsubscribed from Prespond texts and will get no more messages from us. Reply START to resume.";
  const STARTED = "You're subscribed to Prespond texts again. Reply HELP for help, STOP to unsubscribe.";

  /** She texts us: Twilio posts the signed inbound-message webhook (the sandbox signs and forwards it). */
  async function text(from: string, body: string, options: { sid?: string; optOutType?: string } = {}): Promise<void> {
    const params: Record<string, string> = { From: from, To: '+15005550006', Body: body, MessageSid: options.sid ?? sid() };
    if (options.optOutType) params.OptOutType = options.optOutType;
    const response = await fetch(`${system.stack.infra.twilio.url}/sandbox/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: system.url('messenger-service', '/webhooks/twilio/sms'), params }),
    });
    if (response.status !== 200) throw new Error(`inbound webhook: ${response.status} ${await response.text()}`);
  }

  const smsConsents = async (id: string) => (await system.get('subscriber-service', `/subscribers/${id}/consents`)).filter((r: any) => r.purpose === 'sms');
  const update = (incidentId: string, message: string) => system.post('incident-service', `/incidents/${incidentId}/updates`, { status: 'identified', message });

  beforeAll(async () => {
    system = await SystemUnderTest.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('STOP stops every text within seconds and START restores them, one confirmation each; free text is flagged; HELP answers', async () => {
    const subscriber = (name: string, phone: string, email: string) =>
      system.post('subscriber-service', '/subscribers', { name, phone, email, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] });
    const ada = await subscriber('Ada', '+4915112370001', 'ada.kw@example.com');
    const bob = await subscriber('Bob', '+4915112370002', 'bob.kw@example.com');
    const incident = await system.post('incident-service', '/incidents', {
      title: 'Internet outage', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'], regions: ['berlin'],
    });
    await waitFor(() => system.textsTo(ada.phone).length === 1 && system.textsTo(bob.phone).length === 1, { timeoutMs: 60_000, description: 'the declaration by text' });

    // Ada: "Stop", and Twilio retries the same webhook. One confirmation; her opt-out and its record within seconds.
    const stopSid = sid();
    await text(ada.phone, 'Stop', { sid: stopSid });
    await text(ada.phone, 'Stop', { sid: stopSid });
    const stoppedAt = Date.now();
    await waitFor(async () => (await system.get('subscriber-service', `/subscribers/${ada.id}`)).optedOutChannels.includes('sms'), {
      timeoutMs: 10_000,
      description: "Ada's sms opt-out in subscriber-service",
    });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await smsConsents(ada.id)).toEqual([
      expect.objectContaining({ granted: false, source: 'keyword', wording: `Texted "Stop"; answered: "${STOPPED}"` }),
    ]);
    await waitFor(() => system.textsTo(ada.phone).length === 2, { description: 'the STOP confirmation' });

    // Bob: "stop texting me" is no opt-out; it is flagged and listed for ops.
    const bobSid = sid();
    await text(bob.phone, 'stop texting me', { sid: bobSid });
    const flagged = await system.get('messenger-service', '/inbound-sms?flagged=true');
    expect(flagged.items).toEqual([expect.objectContaining({ sid: bobSid, from: bob.phone, body: 'stop texting me', flagged: true, reviewedAt: null })]);

    // The next update: Bob gets it by text, Ada by email only.
    await update(incident.id, 'The cable is being spliced.');
    await waitFor(() => system.textsTo(bob.phone).length === 2 && system.emailsTo(ada.email).length === 2, { description: 'the update for Bob (text) and Ada (email)' });
    expect(system.textsTo(bob.phone)[1]).toContain('The cable is being spliced.');

    // HELP is answered even while she is opted out.
    await text(ada.phone, 'HELP');
    await waitFor(() => system.textsTo(ada.phone).length === 3, { description: 'the HELP answer' });
    expect(system.textsTo(ada.phone)[2]).toBe('Prespond: service updates by text. Help: support@prespond.local. Msg & data rates may apply. Reply STOP to unsubscribe, START to resume.');

    // START (retried too): one confirmation, her texts resume with the next update.
    const startSid = sid();
    await text(ada.phone, 'START', { sid: startSid });
    await text(ada.phone, 'START', { sid: startSid });
    await waitFor(async () => !(await system.get('subscriber-service', `/subscribers/${ada.id}`)).optedOutChannels.includes('sms'), {
      timeoutMs: 10_000,
      description: "Ada's sms opt-in in subscriber-service",
    });
    expect((await smsConsents(ada.id)).map((r: any) => [r.granted, r.source])).toEqual([[false, 'keyword'], [true, 'keyword']]);
    await update(incident.id, 'Splicing is half done.');
    await waitFor(() => system.textsTo(ada.phone).length === 5, { description: "the START confirmation and the update to Ada" });
    expect(system.textsTo(ada.phone)).toEqual([
      expect.stringContaining('A fibre cable was cut.'),
      STOPPED,
      expect.stringContaining('Help: support@prespond.local'),
      STARTED,
      expect.stringContaining('Splicing is half done.'),
    ]);
    await waitFor(() => system.textsTo(bob.phone).length === 3, { description: 'the second update for Bob' });

    // Bob: a keyword Twilio recognised (OptOutType) and answered itself: opted out, and nothing from us.
    await text(bob.phone, 'ARRET', { optOutType: 'STOP' });
    await waitFor(async () => (await system.get('subscriber-service', `/subscribers/${bob.id}`)).optedOutChannels.includes('sms'), {
      timeoutMs: 10_000,
      description: "Bob's sms opt-out",
    });
    expect(await smsConsents(bob.id)).toEqual([expect.objectContaining({ granted: false, source: 'keyword', wording: `Texted "ARRET"; answered by Twilio's opt-out handling` })]);
    await update(incident.id, 'Almost there.');
    await waitFor(() => system.emailsTo(bob.email).length === 4 && system.textsTo(ada.phone).length === 6, { description: 'the third update' });
    expect(system.textsTo(bob.phone)).toHaveLength(3); // no confirmation of ours, no update by text

    // Ops read Bob's text and mark it reviewed.
    const reviewed = await system.post('messenger-service', `/inbound-sms/${bobSid}/review`);
    expect(reviewed.reviewedAt).toEqual(expect.any(String));
    expect((await system.get('messenger-service', '/inbound-sms?flagged=true&reviewed=false')).items).toEqual([]);
  });
});
