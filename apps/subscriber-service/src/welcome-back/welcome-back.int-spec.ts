import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentChangedEvent, MessageRequestedEvent, OutgoingMessageEvent, parseEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { ManualClock, NOT_FUTURE_INSTANT_REASON } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { KnownIncidentsRepository } from '../incidents/known-incidents.repository';
import { WelcomeBackService } from './welcome-back.service';
import { api } from '../../../../test/support/auth';

const DAY = 86_400_000;

/**
 * Activity and welcome-back against a real PostgreSQL, with a manual clock (the producer records what would reach
 * Kafka): activity is recorded once and moves last-seen only forward; a return plans one welcome-back, which waits for
 * her open incident and is sent once however many rounds run at the same time.
 */
describe('activity and welcome-back', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  let welcomeBacks: WelcomeBackService;
  const sent: OutgoingEvent[] = [];
  const clock = new ManualClock(new Date('2030-01-01T09:00:00Z'));

  beforeAll(async () => {
    service = await startSubscriberApp('welcome_back', { sent, clock });
    app = service.app;
    welcomeBacks = app.get(WelcomeBackService);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const http = () => api(app);
  let phone = 4915112347000;
  const subscribe = async (extra: object = {}) =>
    (
      await http()
        .post('/subscribers')
        .send({ name: 'Ada', phone: `+${++phone}`, email: `ada${phone}@example.com`, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], marketingConsent: true, ...extra })
        .expect(201)
    ).body as { id: string };
  const activity = async (subscriberId: string, body: object, status = 201) => (await http().post(`/subscribers/${subscriberId}/activity`).send(body).expect(status)).body;
  const lastSeen = async (subscriberId: string) => (await http().get(`/subscribers/${subscriberId}`).expect(200)).body.lastSeenAt;
  const welcomeBacksOf = async (subscriberId: string) => (await http().get(`/subscribers/${subscriberId}/welcome-backs`).expect(200)).body;
  const messagesTo = (subscriberId: string) =>
    sent
      .filter((e) => e.topic === Topics.NotificationRequested && e.key === subscriberId)
      .map((e) => parseEvent<OutgoingMessageEvent>(Topics.NotificationRequested, e.value))
      .filter((e): e is MessageRequestedEvent => e.type === 'message.requested')
      .map((e) => e.data);
  const at = (days: number) => new Date(Date.parse('2030-01-01T09:00:00Z') + days * DAY).toISOString();

  it('stores an activity once, moves last-seen only forward, and answers 404 and 400', async () => {
    clock.set(new Date(at(3)));
    const ada = await subscribe();
    const activityId = randomUUID();
    const first = await activity(ada.id, { type: 'login', occurredAt: at(1), activityId });
    expect(first).toMatchObject({ activityId, recorded: true, lastSeenAt: at(1), welcomeBack: null });
    // The same activity again (a retry): nothing changes.
    expect(await activity(ada.id, { type: 'login', occurredAt: at(1), activityId })).toMatchObject({ recorded: false });
    await activity(ada.id, { type: 'purchase', occurredAt: at(3) });
    // A late report of an older activity is stored but never moves last-seen back, and is no return.
    expect(await activity(ada.id, { type: 'call', occurredAt: at(2), source: 'call-center' })).toMatchObject({ recorded: true, lastSeenAt: at(3), welcomeBack: null });
    expect(await lastSeen(ada.id)).toBe(at(3));
    const stored = (await http().get(`/subscribers/${ada.id}/activity`).expect(200)).body;
    expect(stored.map((a: { type: string }) => a.type)).toEqual(['purchase', 'call', 'login']);
    expect(stored[1]).toMatchObject({ source: 'call-center', occurredAt: at(2) });
    // Without occurredAt, it happened now (her clock).
    clock.set(new Date(at(4)));
    await activity(ada.id, { type: 'login' });
    expect(await lastSeen(ada.id)).toBe(at(4));

    await activity(randomUUID(), { type: 'login' }, 404);
    expect((await activity(ada.id, { type: 'login', occurredAt: at(5) }, 400)).errors).toEqual([{ field: 'occurredAt', reason: NOT_FUTURE_INSTANT_REASON }]);
    const bad = await activity(ada.id, { type: 'dance', occurredAt: 'yesterday' }, 400);
    expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['occurredAt', 'type']);
  });

  it('a return after 61 days plans one welcome-back, sent once on every channel however many rounds run at once', async () => {
    clock.set(new Date(at(10)));
    const ada = await subscribe();
    await activity(ada.id, { type: 'login', occurredAt: at(0) });
    // Back after 10 days: no return.
    expect((await activity(ada.id, { type: 'login', occurredAt: at(10) })).welcomeBack).toBeNull();
    const returnId = randomUUID();
    clock.set(new Date(at(71.5)));
    const back = await activity(ada.id, { type: 'purchase', occurredAt: at(71), activityId: returnId });
    expect(back.welcomeBack).toMatchObject({ state: 'pending', reason: null });
    // Another activity the same day is no second return; the return reported again plans nothing new.
    expect((await activity(ada.id, { type: 'login', occurredAt: at(71.5) })).welcomeBack).toBeNull();
    expect((await activity(ada.id, { type: 'purchase', occurredAt: at(71), activityId: returnId })).recorded).toBe(false);

    await Promise.all([welcomeBacks.sendDue(), welcomeBacks.sendDue(), welcomeBacks.sendDue()]);
    await waitFor(() => messagesTo(ada.id).length === 2, { description: 'the welcome-back by sms and email' });
    await welcomeBacks.sendDue();
    const messages = messagesTo(ada.id);
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(messages[0]).toMatchObject({ kind: 'marketing', template: 'welcome-back', props: { away: 'about 2 months', awayDays: 61, fixed: null } });
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(2);
    const [record] = await welcomeBacksOf(ada.id);
    expect(record).toMatchObject({ id: back.welcomeBack.id, state: 'sent', awaySince: at(10), returnedAt: at(71), daysAway: 61, channels: ['sms', 'email'] });
    // One marketing contact, for the frequency cap.
    const contacts = await app.get(DataSource).query('SELECT source FROM marketing_contact WHERE subscriber_id = $1', [ada.id]);
    expect(contacts).toEqual([{ source: 'welcome-back' }]);
    expect(messagesTo(ada.id)).toHaveLength(2);
  });

  it('of activities reported at the same moment after an absence, one is the return', async () => {
    clock.set(new Date(at(81)));
    const ada = await subscribe();
    await activity(ada.id, { type: 'login', occurredAt: at(0) });
    const outcomes = await Promise.all(['login', 'purchase', 'call', 'login'].map((type, i) => activity(ada.id, { type, occurredAt: at(80 + i / 24) })));
    expect(outcomes.filter((o) => o.welcomeBack !== null)).toHaveLength(1);
    expect(await welcomeBacksOf(ada.id)).toHaveLength(1);
    expect(await lastSeen(ada.id)).toBe(at(80 + 3 / 24));
  });

  it('waits while an incident touching her is open, then says it was fixed', async () => {
    clock.set(new Date(at(100)));
    const ada = await subscribe({ components: ['tv'], regions: ['hamburg'] });
    await activity(ada.id, { type: 'login', occurredAt: at(100) });
    const incidents = app.get(KnownIncidentsRepository);
    const fixedWhileAway = randomUUID();
    await incidents.record(incident(fixedWhileAway, 1, at(110), null));
    await incidents.record(incident(fixedWhileAway, 2, at(110), at(120)));
    const stillOpen = randomUUID();
    await incidents.record(incident(stillOpen, 1, at(150), null));

    clock.set(new Date(at(165)));
    await activity(ada.id, { type: 'call', occurredAt: at(165) });
    await welcomeBacks.sendDue();
    const [pending] = await welcomeBacksOf(ada.id);
    expect(pending).toMatchObject({ state: 'pending', waitingFor: [{ incidentId: stillOpen, title: 'TV outage' }] });

    clock.set(new Date(at(166)));
    await incidents.record(incident(stillOpen, 2, at(150), at(166)));
    clock.set(new Date(at(167)));
    await welcomeBacks.sendDue();
    await waitFor(() => messagesTo(ada.id).length === 2, { description: 'the welcome-back once the incident is resolved' });
    expect(messagesTo(ada.id)[0].props).toMatchObject({ fixed: 'tv in hamburg', away: 'about 2 months' });
    expect((await welcomeBacksOf(ada.id))[0]).toMatchObject({ state: 'sent', fixed: 'tv in hamburg', waitingFor: [] });
  });

  it('without marketing consent, or opted out of every channel, records it skipped with the reason and sends nothing', async () => {
    clock.set(new Date(at(200)));
    const noConsent = await subscribe({ marketingConsent: false });
    const optedOut = await subscribe({ optedOutChannels: ['sms', 'email'] });
    const emailOnly = await subscribe({ optedOutChannels: ['sms'] });
    for (const s of [noConsent, optedOut, emailOnly]) await activity(s.id, { type: 'login', occurredAt: at(200) });
    clock.set(new Date(at(270)));
    expect((await activity(noConsent.id, { type: 'login', occurredAt: at(270) })).welcomeBack).toMatchObject({ state: 'skipped', reason: 'no marketing consent' });
    expect((await activity(optedOut.id, { type: 'login', occurredAt: at(270) })).welcomeBack).toMatchObject({ state: 'skipped', reason: 'opted out of sms and email' });
    await activity(emailOnly.id, { type: 'login', occurredAt: at(270) });
    await welcomeBacks.sendDue();
    await waitFor(() => messagesTo(emailOnly.id).length === 1, { description: 'the welcome-back by email only' });
    expect(messagesTo(emailOnly.id)[0].channel).toBe('email');
    expect(messagesTo(noConsent.id)).toEqual([]);
    expect(messagesTo(optedOut.id)).toEqual([]);
    expect(await welcomeBacksOf(noConsent.id)).toEqual([expect.objectContaining({ state: 'skipped', reason: 'no marketing consent' })]);
  });

  it('a consent withdrawn while it waited skips it', async () => {
    clock.set(new Date(at(300)));
    const ada = await subscribe({ components: ['mobile'] });
    await activity(ada.id, { type: 'login', occurredAt: at(300) });
    const open = randomUUID();
    await app.get(KnownIncidentsRepository).record(incident(open, 1, at(350), null, ['mobile']));
    clock.set(new Date(at(370)));
    expect((await activity(ada.id, { type: 'login', occurredAt: at(370) })).welcomeBack.state).toBe('pending');
    await http().patch(`/subscribers/${ada.id}`).send({ marketingConsent: false }).expect(200);
    await app.get(KnownIncidentsRepository).record(incident(open, 2, at(350), at(371), ['mobile']));
    clock.set(new Date(at(372)));
    await welcomeBacks.sendDue();
    expect((await welcomeBacksOf(ada.id))[0]).toMatchObject({ state: 'skipped', reason: 'no marketing consent' });
    expect(messagesTo(ada.id)).toEqual([]);
  });
});

function incident(id: string, sequence: number, declaredAt: string, resolvedAt: string | null, components = ['tv', 'internet']): IncidentChangedEvent {
  const status = resolvedAt ? 'resolved' : 'investigating';
  const at = resolvedAt ?? declaredAt;
  return parseEvent<IncidentChangedEvent>(Topics.IncidentChanged, {
    id: randomUUID(),
    type: resolvedAt ? 'incident.resolved' : 'incident.declared',
    version: 1,
    occurredAt: at,
    data: {
      incident: { id, title: 'TV outage', status, severity: 'major', components, regions: ['hamburg', 'berlin'], declaredAt, resolvedAt },
      update: { id: randomUUID(), sequence, status, message: 'update', eta: null, nextUpdateBy: null, createdAt: at },
      previousStatus: resolvedAt ? 'investigating' : null,
    },
  });
}
