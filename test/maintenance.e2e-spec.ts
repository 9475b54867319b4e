import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "10:30" of "10:30 AM" in this zone: the hour and minute a customer's text must show for a time of the window. */
const clockIn = (iso: string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en', { timeZone, hour: 'numeric', minute: '2-digit' }).formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
};

/**
 * Scheduled maintenance across the system: incident-service schedules the window and keeps it on time (notices
 * ahead, start, end, on a moved clock), subscriber-service finds who it touches, the messenger tells them in their
 * own zones (Twilio sandbox and SMTP inbox) and the hold line mentions it while it runs.
 */
describe('scheduled maintenance, end to end', () => {
  let system: SystemUnderTest;

  // Three customers the window touches, in three zones; three it does not. No quiet hours: the spec runs at any hour.
  const quiet = { quietHoursStart: null, quietHoursEnd: null };
  const customers = {
    ada: { name: 'Ada', phone: '+4915112380001', email: 'ada.mw@example.com', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], ...quiet },
    bob: { name: 'Bob', phone: '+12125550181', timeZone: 'America/New_York', components: ['internet', 'tv'], regions: ['berlin'], channels: ['sms'], ...quiet },
    // Chiyo hears only how things end: the notices, moves and the end, not the start.
    chiyo: { name: 'Chiyo', phone: '+819012380003', timeZone: 'Asia/Tokyo', components: ['internet'], regions: ['berlin'], channels: ['sms'], cadence: 'resolution-only', ...quiet },
    dan: { name: 'Dan', phone: '+4915112380004', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms'], ...quiet },
    eve: { name: 'Eve', phone: '+4915112380005', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['hamburg'], channels: ['sms'], ...quiet },
    fay: { name: 'Fay', phone: '+4915112380006', timeZone: 'Europe/Berlin', components: ['phone'], regions: ['berlin'], channels: ['sms'], ...quiet },
  };
  type Name = keyof typeof customers;
  const affected: Name[] = ['ada', 'bob', 'chiyo'];
  const others: Name[] = ['dan', 'eve', 'fay'];
  const texts = (name: Name) => system.textsTo(customers[name].phone);
  const counts = (names: Name[]) => names.map((n) => texts(n).length);
  const holdText = async () => (await system.get('messenger-service', '/hold-message?region=berlin')).text as string;

  beforeAll(async () => {
    system = await SystemUnderTest.start({ MAINTENANCE_INTERVAL_MS: '200', MAINTENANCE_NOTICE_OFFSETS: '72h,1h' });
    for (const customer of Object.values(customers)) await system.post('subscriber-service', '/subscribers', customer);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('tells exactly the affected customers ahead (T-72 h, T-1 h), of a move, at the start and at the end, in their zones; the hold line mentions it while it runs; a cancellation is told once', async () => {
    const now = Date.now();
    const startsAt = new Date(now + 100 * HOUR).toISOString();
    const endsAt = new Date(now + 102 * HOUR).toISOString();
    const window = await system.post('incident-service', '/maintenance', {
      title: 'Network upgrade', message: 'We are upgrading the network; internet may drop for a few minutes.', components: ['internet'], regions: ['berlin'], startsAt, endsAt,
    });
    expect(window).toMatchObject({ state: 'scheduled', scheduleVersion: 1, timeline: [expect.objectContaining({ kind: 'scheduled', announce: false })] });

    // Bad input: a clear 400 naming the field.
    const refused = await system.fetch('incident-service', '/maintenance', { method: 'POST', body: { title: 'Backwards', message: 'Ends before it starts.', components: ['internet'], startsAt: endsAt, endsAt: startsAt } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors).toEqual([{ field: 'endsAt', reason: 'must be after startsAt' }]);

    // T-72 h: the first notice, to the three it touches, with the start in each one's own zone.
    await system.setClock(new Date(Date.parse(startsAt) - 72 * HOUR + MINUTE).toISOString());
    await waitFor(() => counts(affected).every((n) => n === 1) && system.emailsTo(customers.ada.email).length === 1, { timeoutMs: 30_000, description: 'the T-72 h notices' });
    for (const name of affected) {
      expect(texts(name)[0]).toContain('Planned maintenance on internet in berlin');
      expect(texts(name)[0]).toContain(clockIn(startsAt, customers[name].timeZone));
    }
    const email = system.emailsTo(customers.ada.email)[0];
    expect(email.subject).toContain('Planned maintenance: Network upgrade');
    expect(email.text).toContain(clockIn(startsAt, 'Europe/Berlin'));

    // T-1 h: the second.
    await system.setClock(new Date(Date.parse(startsAt) - HOUR + MINUTE).toISOString());
    await waitFor(() => counts(affected).every((n) => n === 2), { description: 'the T-1 h notices' });
    expect(texts('bob')[1]).toContain(clockIn(startsAt, 'America/New_York'));

    // Moved a day later: one change notice now (T-72 h of the new start has passed: this notice covers it)…
    const newStart = new Date(Date.parse(startsAt) + 24 * HOUR).toISOString();
    const newEnd = new Date(Date.parse(endsAt) + 25 * HOUR).toISOString();
    const moved = await system.post('incident-service', `/maintenance/${window.id}/reschedule`, { startsAt: newStart, endsAt: newEnd });
    expect(moved).toMatchObject({ state: 'scheduled', scheduleVersion: 2, startsAt: newStart, endsAt: newEnd });
    await waitFor(() => counts(affected).every((n) => n === 3), { description: 'the change notices' });
    for (const name of affected) {
      expect(texts(name)[2]).toContain('has moved');
      expect(texts(name)[2]).toContain(clockIn(newStart, customers[name].timeZone));
    }
    // … and the T-1 h notice again, for the new start.
    await system.setClock(new Date(Date.parse(newStart) - HOUR + MINUTE).toISOString());
    await waitFor(() => counts(affected).every((n) => n === 4), { description: 'the T-1 h notices of the new start' });
    expect(texts('chiyo')[3]).toContain(clockIn(newStart, 'Asia/Tokyo'));

    // It starts by itself: the start message (not for Chiyo, who hears only how it ends); callers on hold hear of it.
    await system.setClock(new Date(Date.parse(newStart) + MINUTE).toISOString());
    await waitFor(async () => (await system.get('incident-service', `/maintenance/${window.id}`)).state === 'in_progress', { description: 'the window to start' });
    await waitFor(() => texts('ada').length === 5 && texts('bob').length === 5, { description: 'the start messages' });
    expect(texts('bob')[4]).toContain('has begun');
    await waitFor(async () => (await holdText()).includes('Planned maintenance on internet in berlin is under way'), { description: 'the hold message to mention it' });

    // It completes by itself: the end message to all three; the hold line is calm again.
    await system.setClock(new Date(Date.parse(newEnd) + MINUTE).toISOString());
    await waitFor(() => texts('ada').length === 6 && texts('bob').length === 6 && texts('chiyo').length === 5, { description: 'the end messages' });
    expect(texts('chiyo')[4]).toContain('is over');
    await waitFor(async () => !(await holdText()).includes('Planned maintenance'), { description: 'the hold message to drop it' });
    const done = await system.get('incident-service', `/maintenance/${window.id}`);
    expect(done.state).toBe('completed');
    expect(done.timeline.map((e: any) => [e.kind, e.offsetMinutes])).toEqual([
      ['scheduled', null], ['notice', 4320], ['notice', 60], ['rescheduled', null], ['notice', 60], ['started', null], ['completed', null],
    ]);

    // Another window, told of (scheduled 2 h ahead: one notice at once), then cancelled: one cancellation each.
    const soon = Date.parse(newEnd) + 3 * HOUR;
    const second = await system.post('incident-service', '/maintenance', {
      title: 'Router firmware', message: 'Routers restart once.', components: ['internet'], regions: ['berlin'], startsAt: new Date(soon).toISOString(), endsAt: new Date(soon + HOUR).toISOString(),
    });
    await waitFor(() => texts('ada').length === 7 && texts('bob').length === 7 && texts('chiyo').length === 6, { description: 'the notice of the second window' });
    await system.post('incident-service', `/maintenance/${second.id}/cancel`, { message: 'The routers do not need it after all.' });
    await waitFor(() => texts('ada').length === 8 && texts('bob').length === 8 && texts('chiyo').length === 7, { description: 'the cancellations' });
    expect(texts('ada')[7]).toContain('is cancelled');
    expect(texts('ada')[7]).toContain('The routers do not need it after all.');
    const cancelAgain = await system.fetch('incident-service', `/maintenance/${second.id}/cancel`, { method: 'POST', body: {} });
    expect(cancelAgain.status).toBe(409);

    // Nobody else heard anything; nobody heard anything twice (each count above was exact when reached, and is still).
    expect(counts(others)).toEqual([0, 0, 0]);
    expect(counts(affected)).toEqual([8, 8, 7]);
    expect(system.emailsTo(customers.ada.email)).toHaveLength(8);
    expect(new Set(texts('ada')).size).toBe(8);
  });
});
