import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CallerSmsUpdatesRequestedEvent, IncidentChangedEvent, NotificationRequestedEvent, parseEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { FanoutService } from '../fanout/fanout.service';
import { FollowsService } from './follows.service';
import { api } from '../../../../test/support/auth';

/** Follows stored from caller.sms-updates-requested, and the fan-out texting followers, against a real PostgreSQL. */
describe('subscriber-service follows', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  const incidentId = randomUUID();

  function callerRequested(subscriberId: string, phone: string): CallerSmsUpdatesRequestedEvent {
    const now = new Date().toISOString();
    return parseEvent(Topics.CallerSmsUpdatesRequested, {
      id: randomUUID(),
      type: 'caller.sms-updates-requested',
      version: 1,
      occurredAt: now,
      data: { subscriberId, incidentId, phone, callSid: 'CA0001', requestedAt: now },
    });
  }

  function incidentUpdated(): IncidentChangedEvent {
    const now = new Date().toISOString();
    return parseEvent(Topics.IncidentChanged, {
      id: randomUUID(),
      type: 'incident.updated',
      version: 1,
      occurredAt: now,
      data: {
        incident: { id: incidentId, title: 'Down', status: 'identified', severity: 'major', components: ['internet'], regions: ['berlin'], declaredAt: now, resolvedAt: null },
        update: { id: randomUUID(), sequence: 2, status: 'identified', message: 'Found it', eta: null, nextUpdateBy: null, createdAt: now },
      },
    });
  }

  beforeAll(async () => {
    service = await startSubscriberApp('follows', { sent });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('stores a follow once however often it is requested, texts followers on the next update, and nobody twice', async () => {
    const post = async (body: object) => (await api(app).post('/subscribers').send(body).expect(201)).body;
    // Ada is matched by her profile and also follows; Fay follows an incident her profile does not touch, and takes no texts.
    const ada = await post({ name: 'Ada', phone: '+4915112345601', email: 'ada@example.com', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] });
    const fay = await post({ name: 'Fay', phone: '+4915112345606', email: 'fay@example.com', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['munich'], channels: ['email'] });

    const follows = app.get(FollowsService);
    expect(await follows.followBySms(callerRequested(fay.id, fay.phone))).toBe('followed');
    expect(await follows.followBySms(callerRequested(fay.id, fay.phone))).toBe('already-following');
    expect(await follows.followBySms(callerRequested(ada.id, ada.phone))).toBe('followed');
    expect(await follows.followBySms(callerRequested(randomUUID(), '+4915112345699'))).toBe('skipped');
    const listed = (await api(app).get(`/subscribers/${fay.id}/follows`).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ incidentId, channel: 'sms', address: fay.phone })]);
    await api(app).get(`/subscribers/${randomUUID()}/follows`).expect(404);

    sent.length = 0;
    await app.get(FanoutService).planIncidentNotifications(incidentUpdated());
    const requests = sent
      .filter((e) => e.topic === Topics.NotificationRequested)
      .map((e) => parseEvent<NotificationRequestedEvent>(Topics.NotificationRequested, e.value).data);
    const by = (name: string, channel: string) => requests.filter((r) => r.recipient.name === name && r.channel === channel);

    // Fay: one text to the number she called from, in the incident's own terms.
    expect(by('Fay', 'sms')).toHaveLength(1);
    expect(by('Fay', 'sms')[0].recipient).toMatchObject({ address: fay.phone, affectedComponents: ['internet'], affectedRegions: ['berlin'] });
    expect(by('Fay', 'email')).toHaveLength(0);
    // Ada: planned as matched and as follower, with one notification id, so the messenger sends her one text.
    expect(by('Ada', 'sms')).toHaveLength(2);
    expect(new Set(by('Ada', 'sms').map((r) => r.notificationId)).size).toBe(1);
    expect(by('Ada', 'email')).toHaveLength(1);
  });
});
