import { randomUUID } from 'node:crypto';
import { ActivityRecordedEvent, deadLetterTopicOf, Topics } from '@prespond/contracts';
import { waitFor } from '@prespond/sandbox';
import { produce, readTopicUntil } from './support/kafka';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DAY = 86_400_000;
const T0 = Date.parse('2030-03-01T09:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/**
 * Welcome-back across the whole system, with the services' clocks moved over HTTP: a customer back after 61 days
 * hears once that she was missed and what was fixed while she was away; after 10 days, or without marketing consent,
 * nothing; an open incident makes it wait until the incident is resolved; activity over Kafka works like HTTP.
 */
describe('welcome-back, end to end', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    // The welcome-back round looks often, so a return or a resolution is acted on within a fraction of a second.
    system = await SystemUnderTest.start({ WELCOME_BACK_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const subscribe = (name: string, phone: string, extra: object = {}) =>
    system.post('subscriber-service', '/subscribers', {
      name, phone, email: `${name.toLowerCase()}@example.com`, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'],
      marketingConsent: true, consentSource: 'signup-page', ...extra,
    });
  const activity = (subscriberId: string, body: object = { type: 'login' }) => system.post('subscriber-service', `/subscribers/${subscriberId}/activity`, body);
  const welcomeTextsTo = (phone: string) => system.textsTo(phone).filter((t) => t.includes('Welcome back'));
  const welcomeBacksOf = (subscriberId: string) => system.get('subscriber-service', `/subscribers/${subscriberId}/welcome-backs`);
  const activityEvent = (subscriberId: string, occurredAt: string): ActivityRecordedEvent => ({
    id: randomUUID(),
    type: 'activity.recorded',
    version: 1,
    occurredAt,
    data: { activityId: randomUUID(), subscriberId, type: 'purchase', occurredAt, source: 'web-shop' },
  });

  it('welcomes back once after 61 days with what was fixed meanwhile, waits for an open incident, never without consent or after 10 days', async () => {
    const phones = { ada: '+4915112349101', bob: '+4915112349102', cai: '+4915112349103', dan: '+4915112349104', eve: '+4915112349105' };
    const ada = await subscribe('Ada', phones.ada);
    const bob = await subscribe('Bob', phones.bob);
    const cai = await subscribe('Cai', phones.cai, { marketingConsent: false });
    const dan = await subscribe('Dan', phones.dan, { components: ['tv'], regions: ['hamburg'] });
    const eve = await subscribe('Eve', phones.eve, { components: ['mobile'], regions: ['munich'] });

    // Day 0: everyone is active (Eve's web shop reports hers over Kafka).
    await system.setClock(at(0));
    for (const s of [ada, bob, cai, dan]) await activity(s.id);
    await produce([system.stack.infra.kafka.bootstrap], Topics.ActivityRecorded, [{ key: eve.id, value: activityEvent(eve.id, at(0)) }]);
    await waitFor(async () => (await system.get('subscriber-service', `/subscribers/${eve.id}`)).lastSeenAt === at(0), { description: "Eve's activity over Kafka" });

    // Day 10: an internet outage in Berlin while Ada is away, fixed two hours later.
    await system.setClock(at(10));
    const outage = await system.post('incident-service', '/incidents', {
      title: 'Internet outage', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'], regions: ['berlin'],
    });
    await waitFor(() => system.textsTo(phones.ada).length === 1, { description: 'the outage reaches Ada' });
    await system.setClock(at(10 + 2 / 24));
    await system.post('incident-service', `/incidents/${outage.id}/resolve`, { message: 'Spliced; everyone is back online.' });
    await waitFor(() => system.textsTo(phones.ada).length === 2, { description: 'the resolution reaches Ada' });

    // Day 51: Bob drops by.
    await system.setClock(at(51));
    await activity(bob.id);

    // Day 61: a TV outage in Hamburg is open when Dan, Ada, Bob and Cai come back.
    await system.setClock(at(61));
    const tvOutage = await system.post('incident-service', '/incidents', {
      title: 'TV outage', message: 'A headend is down.', severity: 'major', components: ['tv'], regions: ['hamburg'],
    });
    await waitFor(() => system.textsTo(phones.dan).length === 1, { description: 'the TV outage reaches Dan' });
    expect((await activity(dan.id)).welcomeBack).toMatchObject({ state: 'pending' });
    expect((await activity(ada.id)).welcomeBack).toMatchObject({ state: 'pending' });
    expect((await activity(bob.id)).welcomeBack).toBeNull(); // 10 days away: no return
    expect((await activity(cai.id)).welcomeBack).toMatchObject({ state: 'skipped', reason: 'no marketing consent' });

    // Ada hears once, by text and email, that she was missed and that her internet was fixed while she was away.
    await waitFor(() => welcomeTextsTo(phones.ada).length === 1 && system.emailsTo('ada@example.com').some((m) => m.subject === 'Welcome back, Ada'), {
      description: "Ada's welcome-back",
    });
    expect(welcomeTextsTo(phones.ada)[0]).toMatch(
      /^Prespond: Welcome back, Ada! It has been about 2 months since we last saw you, and we missed you\. While you were away, the problem with internet in berlin was fixed\.\nSettings: http:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/,
    );
    expect(system.emailsTo('ada@example.com').find((m) => m.subject === 'Welcome back, Ada')!.text).toContain('While you were away, the problem with internet in berlin was fixed.');
    expect(await welcomeBacksOf(ada.id)).toEqual([expect.objectContaining({ state: 'sent', daysAway: 61, fixed: 'internet in berlin', channels: ['sms', 'email'] })]);

    // Eve comes back over Kafka, after Dan: once hers is sent, a round has seen Dan's and left it waiting.
    await produce([system.stack.infra.kafka.bootstrap], Topics.ActivityRecorded, [{ key: eve.id, value: activityEvent(eve.id, at(61)) }]);
    await waitFor(() => welcomeTextsTo(phones.eve).length === 1, { description: "Eve's welcome-back (activity over Kafka)" });
    expect(welcomeTextsTo(phones.eve)[0]).not.toContain('While you were away');
    const [waiting] = await welcomeBacksOf(dan.id);
    expect(waiting).toMatchObject({ state: 'pending', waitingFor: [{ incidentId: tvOutage.id, title: 'TV outage' }] });
    expect(welcomeTextsTo(phones.dan)).toEqual([]);

    // The TV outage is resolved: Dan's welcome-back goes, and says so.
    await system.setClock(at(61.2));
    await system.post('incident-service', `/incidents/${tvOutage.id}/resolve`, { message: 'The headend is back.' });
    await waitFor(() => welcomeTextsTo(phones.dan).length === 1, { description: "Dan's welcome-back after the resolution" });
    expect(welcomeTextsTo(phones.dan)[0]).toContain('While you were away, the problem with tv in hamburg was fixed.');

    // Nothing for Bob (10 days) or Cai (no consent); Ada still has exactly one, as her messages log shows.
    expect(welcomeTextsTo(phones.bob)).toEqual([]);
    expect(welcomeTextsTo(phones.cai)).toEqual([]);
    expect(await welcomeBacksOf(bob.id)).toEqual([]);
    expect(await welcomeBacksOf(cai.id)).toEqual([expect.objectContaining({ state: 'skipped', reason: 'no marketing consent' })]);
    expect(welcomeTextsTo(phones.ada)).toHaveLength(1);
    const log = await system.get('messenger-service', `/subscribers/${ada.id}/communications?limit=50`);
    expect(log.items.filter((m: any) => m.template === 'welcome-back').map((m: any) => m.channel).sort()).toEqual(['email', 'sms']);
  });

  it('dead-letters activity over Kafka for a subscriber nobody knows', async () => {
    const stranger = activityEvent(randomUUID(), at(61));
    await produce([system.stack.infra.kafka.bootstrap], Topics.ActivityRecorded, [{ key: stranger.data.subscriberId, value: stranger }]);
    const dead = await readTopicUntil([system.stack.infra.kafka.bootstrap], deadLetterTopicOf(Topics.ActivityRecorded), (messages) =>
      messages.some((m) => m.value?.includes(stranger.data.activityId)),
    );
    const letter = dead.find((m) => m.value?.includes(stranger.data.activityId))!;
    expect(letter.headers['dlq-reason']).toContain(`no subscriber ${stranger.data.subscriberId}`);
  });
});
