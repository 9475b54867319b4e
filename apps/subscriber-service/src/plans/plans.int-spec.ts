import { INestApplication } from '@nestjs/common';
import { MessageRequestedEvent, parseEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { ManualClock } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { DataSource } from 'typeorm';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { RenewalRemindersService } from './renewal-reminders.service';
import { api } from '../../../../test/support/auth';

/**
 * Plans and renewal reminders against a real PostgreSQL, with a manual clock (the producer records what would reach
 * Kafka): each reminder once however many rounds run at once, and what a new date, a renewal and a cancel change.
 */
describe('plans and renewal reminders', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  let reminders: RenewalRemindersService;
  const sent: OutgoingEvent[] = [];
  const clock = new ManualClock(new Date('2030-03-01T00:00:00Z'));

  beforeAll(async () => {
    service = await startSubscriberApp('plans', { sent, clock, config: { renewals: { intervalMs: 0, windowStartHour: 9, windowEndHour: 12} } });
    app = service.app;
    reminders = app.get(RenewalRemindersService);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const http = () => api(app);
  const subscribe = async (body: object) =>
    (await http().post('/subscribers').send({ components: ['internet'], regions: ['berlin'], ...body }).expect(201)).body as { id: string };
  const addPlan = async (subscriberId: string, body: object) => (await http().post(`/subscribers/${subscriberId}/plans`).send(body).expect(201)).body as { id: string };

  /** Reminder messages queued for a plan so far, in order. */
  const messagesOf = (planId: string) =>
    sent
      .filter((e) => e.topic === Topics.NotificationRequested)
      .map((e) => parseEvent<MessageRequestedEvent>(Topics.NotificationRequested, e.value).data)
      .filter((m) => m.template === 'renewal.reminder' && m.props.planId === planId);

  /** Runs `n` rounds at once at `iso` and waits until the outbox has published what they queued. */
  async function roundsAt(iso: string, n = 1): Promise<number> {
    clock.set(new Date(iso));
    const queued = (await Promise.all(Array.from({ length: n }, () => reminders.sendDue()))).reduce((a, b) => a + b, 0);
    await waitFor(() => outboxEmpty(), { description: 'the outbox to drain' });
    return queued;
  }

  async function outboxEmpty(): Promise<boolean> {
    const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM outbox_message');
    return count === 0;
  }

  it('refuses bad plans with the field and the reason, and unknown ids with 404', async () => {
    const ada = await subscribe({ name: 'Ada', phone: '+4915112340001', timeZone: 'Europe/Berlin', channels: ['sms'] });
    const bad = async (body: object, field: string) => {
      const response = await http().post(`/subscribers/${ada.id}/plans`).send({ name: 'Fibre', type: 'broadband', renewalDate: '2030-04-15', ...body }).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({ renewalDate: '2030-02-28' }, 'renewalDate'); // in the past
    await bad({ renewalDate: '2030-02-30' }, 'renewalDate'); // no such day
    await bad({ renewalDate: '15.04.2030' }, 'renewalDate');
    await bad({ type: 'Broad Band' }, 'type');
    await bad({ name: '' }, 'name');
    await http().post('/subscribers/00000000-0000-4000-8000-000000000000/plans').send({ name: 'Fibre', type: 'broadband', renewalDate: '2030-04-15' }).expect(404);
    await http().patch('/plans/00000000-0000-4000-8000-000000000000').send({ name: 'x' }).expect(404);
    await http().post('/plans/00000000-0000-4000-8000-000000000000/cancel').expect(404);
    const plan = await addPlan(ada.id, { name: 'Fibre', type: 'broadband', renewalDate: '2030-04-15' });
    await http().patch(`/plans/${plan.id}`).send({ renewalDate: '2030-01-01' }).expect(400);
    await http().post(`/plans/${plan.id}/renew`).send({ renewalDate: '2030-04-01' }).expect(400); // not after the current date
    await http().put('/plan-types/broadband/reminders').send({ offsetsDays: [0] }).expect(400);
    await http().put('/plan-types/broadband/reminders').send({ offsetsDays: [7, 7] }).expect(400);
    await http().post(`/plans/${plan.id}/cancel`).expect(200);
  });

  it('sends T-30, T-7 and T-1 in her morning, once each however many rounds run at once, on her channels but not an opted-out one', async () => {
    clock.set(new Date('2030-03-01T00:00:00Z'));
    const aiko = await subscribe({ name: 'Aiko', phone: '+819012345601', email: 'aiko@example.com', timeZone: 'Asia/Tokyo', channels: ['sms', 'email'] });
    const ben = await subscribe({ name: 'Ben', phone: '+12125550101', email: 'ben@example.com', timeZone: 'America/New_York', channels: ['sms', 'email'], optedOutChannels: ['email'] });
    const aikos = await addPlan(aiko.id, { name: 'Fibre 500', type: 'broadband', renewalDate: '2030-04-15' });
    const bens = await addPlan(ben.id, { name: 'Fibre 500', type: 'broadband', renewalDate: '2030-04-15' });

    // The day before T-30 nothing; at 09:30 in Tokyo on T-30 Aiko's, five rounds at once queue it once.
    expect(await roundsAt('2030-03-15T01:00:00Z', 3)).toBe(0);
    expect(await roundsAt('2030-03-16T00:30:00Z', 5)).toBe(1);
    expect(messagesOf(aikos.id).map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(messagesOf(bens.id)).toHaveLength(0); // 20:30 the evening before in New York
    const first = messagesOf(aikos.id)[0];
    expect(first).toMatchObject({
      kind: 'service',
      recipient: { subscriberId: aiko.id, name: 'Aiko', timeZone: 'Asia/Tokyo' },
      props: { planName: 'Fibre 500', daysLeft: 30, offsetDays: 30, tomorrow: false, renewalDate: '2030-04-15T03:00:00.000Z' },
    });
    // Her link (the preference page, which lists her plans) is signed and put in by the messenger when it sends.
    expect(first.props).not.toHaveProperty('selfServiceUrl');
    // 09:30 EDT: Ben's, by sms only (he opted out of email); Aiko's is not sent again.
    expect(await roundsAt('2030-03-16T13:30:00Z', 3)).toBe(1);
    expect(messagesOf(bens.id).map((m) => m.channel)).toEqual(['sms']);
    expect(messagesOf(bens.id)[0].props.renewalDate).toBe('2030-04-15T16:00:00.000Z');
    expect(await roundsAt('2030-03-16T14:00:00Z', 3)).toBe(0);

    for (const day of ['2030-04-08', '2030-04-14']) {
      expect(await roundsAt(`${day}T00:30:00Z`, 4)).toBe(1);
      expect(await roundsAt(`${day}T13:30:00Z`, 4)).toBe(1);
    }
    expect(await roundsAt('2030-04-15T01:00:00Z', 2)).toBe(0); // the renewal date itself
    expect(messagesOf(aikos.id).map((m) => `${m.channel}:${m.props.daysLeft}`)).toEqual(['sms:30', 'email:30', 'sms:7', 'email:7', 'sms:1', 'email:1']);
    expect(messagesOf(bens.id).map((m) => `${m.channel}:${m.props.daysLeft}`)).toEqual(['sms:30', 'sms:7', 'sms:1']);
    expect(new Set(messagesOf(aikos.id).map((m) => m.messageId)).size).toBe(6);
    const listed = (await http().get(`/subscribers/${aiko.id}/plans`).expect(200)).body;
    expect(listed[0].reminders.map((r: { offsetDays: number }) => r.offsetDays)).toEqual([30, 7, 1]);
  });

  it('a new date gets its own reminders (offsets already past skipped), a renewed or cancelled plan none', async () => {
    clock.set(new Date('2031-03-01T00:00:00Z'));
    const cleo = await subscribe({ name: 'Cleo', phone: '+819012345602', timeZone: 'Asia/Tokyo', channels: ['sms'] });
    const moved = await addPlan(cleo.id, { name: 'TV', type: 'tv', renewalDate: '2031-04-15' });
    const renewed = await addPlan(cleo.id, { name: 'Mobile', type: 'mobile', renewalDate: '2031-04-15' });
    const cancelled = await addPlan(cleo.id, { name: 'Phone', type: 'phone', renewalDate: '2031-04-15' });
    expect(await roundsAt('2031-03-16T00:30:00Z', 2)).toBe(3);

    // On T-30 she moves the TV plan to 2031-04-10 (its T-30, 03-11, is already past), renews Mobile to next year
    // and cancels Phone.
    await http().patch(`/plans/${moved.id}`).send({ renewalDate: '2031-04-10' }).expect(200);
    await http().post(`/plans/${renewed.id}/renew`).send({ renewalDate: '2032-04-15' }).expect(200);
    await http().post(`/plans/${cancelled.id}/cancel`).expect(200);
    await http().post(`/plans/${cancelled.id}/renew`).send({}).expect(409);
    expect(await roundsAt('2031-03-17T00:30:00Z')).toBe(0);
    expect(await roundsAt('2031-04-03T00:30:00Z', 2)).toBe(1); // TV: T-7 of the new date
    expect(await roundsAt('2031-04-08T00:30:00Z', 2)).toBe(0); // T-7 of the old date: nothing
    expect(await roundsAt('2031-04-09T00:30:00Z', 2)).toBe(1); // TV: T-1 of the new date
    expect(await roundsAt('2031-04-14T00:30:00Z', 2)).toBe(0);
    expect(messagesOf(moved.id).map((m) => `${m.props.daysLeft}:${m.props.renewalDate}`)).toEqual(['30:2031-04-15T03:00:00.000Z', '7:2031-04-10T03:00:00.000Z', '1:2031-04-10T03:00:00.000Z']);
    expect(messagesOf(renewed.id)).toHaveLength(1);
    expect(messagesOf(cancelled.id)).toHaveLength(1);
    // The renewed plan's next date has its own T-30.
    expect(await roundsAt('2032-03-16T00:30:00Z')).toBe(1);
    expect(messagesOf(renewed.id).map((m) => m.props.renewalDate)).toEqual(['2031-04-15T03:00:00.000Z', '2032-04-15T03:00:00.000Z']);
  });

  it('a plan set up less than 30 days ahead skips the past offsets; a type can have its own offsets; a missed window is caught up next morning', async () => {
    clock.set(new Date('2033-03-27T05:00:00Z')); // 14:00 in Tokyo, 19 days ahead
    const dai = await subscribe({ name: 'Dai', phone: '+819012345603', timeZone: 'Asia/Tokyo', channels: ['sms'] });
    await http().put('/plan-types/energy/reminders').send({ offsetsDays: [3, 14] }).expect(200);
    const plan = await addPlan(dai.id, { name: 'Green power', type: 'energy', renewalDate: '2033-04-15' });
    expect((await http().get('/plan-types').expect(200)).body).toEqual(
      expect.arrayContaining([{ type: 'energy', offsetsDays: [14, 3], configured: true }, { type: 'broadband', offsetsDays: [30, 7, 1], configured: false }]),
    );
    expect(await roundsAt('2033-03-28T00:30:00Z')).toBe(0);
    expect(await roundsAt('2033-04-01T00:30:00Z')).toBe(1); // T-14
    expect(await roundsAt('2033-04-08T00:30:00Z')).toBe(0); // 7 is not one of energy's offsets
    // T-3's window (2033-04-12, 09:00–12:00 Tokyo) passes without a round (the service was down): it goes out late,
    // the next morning, saying two days.
    expect(await roundsAt('2033-04-12T05:00:00Z')).toBe(0);
    expect(await roundsAt('2033-04-13T00:30:00Z', 2)).toBe(1);
    expect(await roundsAt('2033-04-14T00:30:00Z')).toBe(0);
    expect(messagesOf(plan.id).map((m) => `${m.props.offsetDays}:${m.props.daysLeft}`)).toEqual(['14:14', '3:2']);
  });
});
