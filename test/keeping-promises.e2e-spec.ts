import { Kafka, logLevel } from 'kafkajs';
import { IncidentAlertEvent, Topics } from '@prespond/contracts';
import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Keeping promises across the whole system (services in their own processes), with the services' clocks moved
 * over HTTP instead of waiting: the watchdog keeps a missed "next update by", and each subscriber's cadence decides
 * what she receives.
 */
describe('keeping promises, end to end', () => {
  let system: SystemUnderTest;
  const alerts: IncidentAlertEvent[] = [];
  let stopAlerts: () => Promise<void>;

  beforeAll(async () => {
    // The watchdog and the digest round look often, so a moved clock is noticed within a fraction of a second.
    system = await SystemUnderTest.start({ PROMISE_WATCHDOG_INTERVAL_MS: '200', DIGEST_INTERVAL_MS: '200' });
    // Ops' view of incident.alerts, as an ops tool would consume it.
    const consumer = new Kafka({ brokers: [system.stack.infra.kafka.bootstrap], clientId: 'ops-console', logLevel: logLevel.NOTHING }).consumer({ groupId: 'ops-console' });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.IncidentAlerts, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void alerts.push(JSON.parse(String(message.value))) });
    stopAlerts = () => consumer.disconnect();
  });

  afterAll(async () => {
    await stopAlerts?.();
    await system?.stop();
  });

  it('a missed "next update by" alerts ops before it and sends a holding update at the deadline, in each zone', async () => {
    await system.post('subscriber-service', '/subscribers', {
      name: 'Ada', phone: '+4915112349001', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'],
    });
    await system.post('subscriber-service', '/subscribers', {
      name: 'Bob', phone: '+12125559002', timeZone: 'America/New_York', components: ['internet'], regions: ['berlin'], channels: ['sms'],
    });
    await system.setClock('2030-02-01T13:30:00Z');
    const incident = await system.post('incident-service', '/incidents', {
      title: 'Internet outage', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'], regions: ['berlin'],
      eta: '2030-02-01T16:30:00Z', nextUpdateBy: '2030-02-01T14:00:00Z',
    });
    await waitFor(() => system.textsTo('+4915112349001').length === 1 && system.textsTo('+12125559002').length === 1, { description: 'the declaration texts' });
    // The ETA and the promise in each one's own zone.
    expect(system.textsTo('+4915112349001')[0]).toMatch(/Expected fix: .*5:30\sPM GMT\+1\. Next update by .*3:00\sPM GMT\+1\./);
    expect(system.textsTo('+12125559002')[0]).toMatch(/Expected fix: .*11:30\sAM EST\. Next update by .*9:00\sAM EST\./);
    expect(await system.get('incident-service', '/promises/at-risk')).toEqual([]);

    // 13:56: four minutes before the promised time, nobody has posted: ops are alerted, customers hear nothing yet.
    await system.setClock('2030-02-01T13:56:00Z', ['incident-service']);
    const alert = await waitFor(() => alerts.find((a) => a.data.incidentId === incident.id), { description: 'the promise-at-risk alert' });
    expect(alert).toMatchObject({ type: 'incident.promise-at-risk', data: { dueAt: '2030-02-01T14:00:00.000Z', title: 'Internet outage' } });
    expect(await system.get('incident-service', '/promises/at-risk')).toEqual([expect.objectContaining({ incidentId: incident.id, state: 'at-risk' })]);
    expect(system.textsTo('+4915112349001')).toHaveLength(1);

    // 14:00:30: the deadline has passed: the watchdog keeps the promise with a holding update and a new one.
    await system.setClock('2030-02-01T14:00:30Z', ['incident-service']);
    await waitFor(() => system.textsTo('+4915112349001').length === 2 && system.textsTo('+12125559002').length === 2, { description: 'the holding update' });
    expect(system.textsTo('+4915112349001')[1]).toMatch(/still working on this.*Next update by .*3:30\sPM GMT\+1\./);
    expect(system.textsTo('+12125559002')[1]).toMatch(/still working on this.*Next update by .*9:30\sAM EST\./);
    const promises = await system.get('incident-service', `/promises?incidentId=${incident.id}`);
    expect(promises.map((p: any) => p.state).sort()).toEqual(['kept_by_watchdog', 'open']);
    expect(await system.get('incident-service', `/promises/stats?incidentId=${incident.id}`)).toMatchObject({ total: 2, keptByWatchdog: 1, broken: 0, open: 1 });
    // One alert per promise, however many rounds ran.
    expect(alerts.filter((a) => a.data.incidentId === incident.id)).toHaveLength(1);

    // A person posts before the new deadline: that promise is kept by a person.
    await system.post('incident-service', `/incidents/${incident.id}/resolve`, { message: 'Spliced; everyone is back online.' });
    await waitFor(() => system.textsTo('+4915112349001').length === 3, { description: 'the resolution' });
    expect(await system.get('incident-service', `/promises/stats?incidentId=${incident.id}`)).toMatchObject({ total: 2, kept: 1, keptByWatchdog: 1, open: 0 });
  });

  it('of six updates, milestones-only gets three, every-update six, and an hourly digest one combined message per window', async () => {
    const phones = { every: '+4915112349011', milestones: '+4915112349012', digest: '+4915112349013', resolution: '+4915112349014' };
    const base = { timeZone: 'Europe/Berlin', components: ['tv'], regions: ['hamburg'], channels: ['sms'] };
    await system.post('subscriber-service', '/subscribers', { ...base, name: 'Eve', phone: phones.every, cadence: 'every-update' });
    await system.post('subscriber-service', '/subscribers', { ...base, name: 'Mia', phone: phones.milestones, cadence: 'milestones' });
    await system.post('subscriber-service', '/subscribers', { ...base, name: 'Dag', phone: phones.digest, cadence: 'digest', digestHours: 1 });
    await system.post('subscriber-service', '/subscribers', { ...base, name: 'Rai', phone: phones.resolution, cadence: 'resolution-only' });
    const everyGot = (n: number) => waitFor(() => system.textsTo(phones.every).length === n, { description: `update ${n} for the every-update subscriber` });

    await system.setClock('2030-03-01T12:00:00Z');
    const incident = await system.post('incident-service', '/incidents', {
      title: 'TV outage', message: 'No picture on some channels.', severity: 'major', components: ['tv'], regions: ['hamburg'],
    });
    await everyGot(1);
    await waitFor(() => system.textsTo(phones.digest).length === 1, { description: 'the digest subscriber hears of it at once' });
    const updates: [string, string][] = [
      ['investigating', 'Still looking for the cause.'],
      ['identified', 'A faulty encoder.'],
      ['identified', 'Replacing the encoder.'],
      ['monitoring', 'Picture is back; watching it.'],
    ];
    for (const [i, [status, message]] of updates.entries()) {
      await system.setClock(`2030-03-01T12:${String((i + 1) * 10)}:00Z`);
      await system.post('incident-service', `/incidents/${incident.id}/updates`, { status, message });
      await everyGot(i + 2);
    }
    // Within the hour nothing more reached the digest subscriber; when it is up, one message with all four.
    expect(system.textsTo(phones.digest)).toHaveLength(1);
    await system.setClock('2030-03-01T13:01:00Z');
    await waitFor(() => system.textsTo(phones.digest).length === 2, { description: 'the digest at the end of the window' });
    const digest = system.textsTo(phones.digest)[1];
    expect(digest).toMatch(/Updates on tv in hamburg: 1:10\sPM: Still looking for the cause\. 1:20\sPM: A faulty encoder\. 1:30\sPM: Replacing the encoder\. 1:40\sPM: Picture is back; watching it\./);

    await system.setClock('2030-03-01T13:15:00Z');
    await system.post('incident-service', `/incidents/${incident.id}/resolve`, { message: 'All channels are back.' });
    await everyGot(6);
    await waitFor(() => system.textsTo(phones.digest).length === 3 && system.textsTo(phones.resolution).length === 1, { description: 'the resolution' });

    expect(system.textsTo(phones.milestones)).toHaveLength(3);
    expect(system.textsTo(phones.milestones)[1]).toContain('A faulty encoder.'); // identified, the first time
    // Nothing was held since the digest, so the resolution goes out as itself, at once.
    expect(system.textsTo(phones.digest)[2]).toMatch(/^Prespond: Fixed: tv in hamburg\. All channels are back\.\nSettings: \S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/);
    expect(system.textsTo(phones.resolution)[0]).toContain('Fixed: tv in hamburg. All channels are back.');
    // Every-update 6, milestones 3, digest 3 (declaration, one digest for the hour, resolution), resolution-only 1.
    expect(Object.values(phones).map((p) => system.textsTo(p).length)).toEqual([6, 3, 3, 1]);
  });
});
