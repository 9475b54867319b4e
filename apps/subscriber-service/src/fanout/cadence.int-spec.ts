import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncidentChangedEvent, IncidentChangeType, IncidentStatus, NotificationRequestedEvent, parseEvent, Severity, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { ManualClock } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { DigestService } from './digest.service';
import { FanoutService } from './fanout.service';
import { api } from '../../../../test/support/auth';

const MINUTE = 60_000;

/**
 * Cadence against a real PostgreSQL, with a manual clock (the producer records what would reach Kafka): who gets
 * which of six updates, and how a digest combines the updates of one window.
 */
describe('cadence', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  const clock = new ManualClock(new Date('2030-01-31T12:00:00Z'));

  beforeAll(async () => {
    service = await startSubscriberApp('cadence', { sent, clock });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  const base = { email: undefined, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'] };
  const subscribe = async (name: string, phone: string, extra: object) =>
    (await api(app).post('/subscribers').send({ ...base, name, phone, ...extra }).expect(201)).body as { id: string };

  /** Requests queued for one subscriber so far (directly or through the outbox). */
  const requestsFor = (subscriberId: string) =>
    sent
      .filter((e) => e.topic === Topics.NotificationRequested && e.key === subscriberId)
      .map((e) => parseEvent<NotificationRequestedEvent>(Topics.NotificationRequested, e.value).data);

  function incidentEvent(incidentId: string, severity: Severity, sequence: number, type: IncidentChangeType, status: IncidentStatus, previousStatus: IncidentStatus | null): IncidentChangedEvent {
    const at = clock.now().toISOString();
    return parseEvent<IncidentChangedEvent>(Topics.IncidentChanged, {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: at,
      data: {
        incident: { id: incidentId, title: 'Internet outage', status, severity, components: ['internet'], regions: ['berlin'], declaredAt: at, resolvedAt: status === 'resolved' ? at : null },
        update: { id: randomUUID(), sequence, status, message: `update ${sequence}`, eta: null, nextUpdateBy: null, createdAt: at },
        previousStatus,
      },
    });
  }

  const SIX: [IncidentChangeType, IncidentStatus, IncidentStatus | null][] = [
    ['incident.declared', 'investigating', null],
    ['incident.updated', 'investigating', 'investigating'],
    ['incident.updated', 'identified', 'investigating'],
    ['incident.updated', 'identified', 'identified'],
    ['incident.updated', 'monitoring', 'identified'],
    ['incident.resolved', 'resolved', 'monitoring'],
  ];

  it('of six updates ten minutes apart: every-update gets 6, milestones 3, resolution-only 1, an hourly digest one message per window', async () => {
    const every = await subscribe('Eve', '+4915112340001', { cadence: 'every-update' });
    const milestones = await subscribe('Mia', '+4915112340002', { cadence: 'milestones' });
    const resolution = await subscribe('Rai', '+4915112340003', { cadence: 'resolution-only' });
    const digest = await subscribe('Dag', '+4915112340004', { cadence: 'digest', digestHours: 1 });
    const byDefault = await subscribe('Def', '+4915112340005', {});
    const fanout = app.get(FanoutService);
    const digests = app.get(DigestService);
    const incidentId = randomUUID();
    const events: IncidentChangedEvent[] = [];

    // Updates at 12:00, 12:10 … 12:40, then the clock moves past the hour (the window since the 12:00 message ends),
    // and the resolution comes at 13:15.
    for (const [i, [type, status, previous]] of SIX.entries()) {
      if (i === 5) {
        clock.set(new Date('2030-01-31T13:01:00Z'));
        await digests.flushDue();
        clock.set(new Date('2030-01-31T13:15:00Z'));
      }
      const event = incidentEvent(incidentId, 'minor', i + 1, type, status, previous);
      events.push(event);
      await fanout.planIncidentNotifications(event);
      if (i === 0) await waitFor(() => requestsFor(digest.id).length === 1, { description: 'the digest subscriber hears of the declaration at once' });
      if (i > 0 && i < 5) clock.advance(10 * MINUTE);
      if (i === 0) clock.advance(10 * MINUTE);
    }

    await waitFor(() => requestsFor(digest.id).length === 3, { description: 'three messages for the digest subscriber' });
    const seq = (r: NotificationRequestedEvent['data']) => [...(r.earlierUpdates ?? []).map((u) => u.sequence), r.update.sequence];
    expect(requestsFor(every.id).map((r) => r.update.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(requestsFor(milestones.id).map((r) => r.update.sequence)).toEqual([1, 3, 6]);
    expect(requestsFor(resolution.id).map((r) => r.update.sequence)).toEqual([6]);
    // Minor incident, no choice made: milestones.
    expect(requestsFor(byDefault.id).map((r) => r.update.sequence)).toEqual([1, 3, 6]);
    // Digest: the declaration at once, updates 2–5 combined when the hour was up, the resolution at once.
    const digestMessages = requestsFor(digest.id);
    expect(digestMessages.map(seq)).toEqual([[1], [2, 3, 4, 5], [6]]);
    expect(digestMessages.map((r) => r.template)).toEqual(['incident.declared', 'incident.digest', 'incident.resolved']);

    // Redelivered events and another flush change nothing.
    const before = sent.length;
    for (const event of events) await fanout.planIncidentNotifications(event);
    await digests.flushDue();
    const again = requestsFor(digest.id);
    expect(again.length).toBe(3);
    expect(new Set(requestsFor(every.id).map((r) => r.notificationId)).size).toBe(6);
    expect(sent.length - before).toBe(6 + 3 + 1 + 3); // the direct requests, re-requested with the same ids
  });

  it('a critical incident overrides her cadence only when she allowed it', async () => {
    const allows = await subscribe('Cri', '+4915112340011', { cadence: 'resolution-only', criticalOverride: true });
    const keeps = await subscribe('Kee', '+4915112340012', { cadence: 'resolution-only' });
    const fanout = app.get(FanoutService);
    const incidentId = randomUUID();
    for (const [i, [type, status, previous]] of SIX.entries()) await fanout.planIncidentNotifications(incidentEvent(incidentId, 'critical', i + 1, type, status, previous));
    expect(requestsFor(allows.id).length).toBe(6);
    expect(requestsFor(keeps.id).map((r) => r.update.sequence)).toEqual([6]);
  });

  it('rejects an unknown cadence or digest window with the field and the reason', async () => {
    const response = await api(app)
      .post('/subscribers')
      .send({ ...base, name: 'Bad', phone: '+4915112340021', cadence: 'hourly', digestHours: 0 })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cadence', 'digestHours']);
  });
});
