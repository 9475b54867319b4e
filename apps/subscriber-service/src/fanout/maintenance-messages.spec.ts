import { MaintenanceChangedEvent, MaintenanceChangeType, MessageRequestedEvent } from '@prespond/contracts';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { maintenanceMessageId, maintenanceMessages } from './maintenance-messages';

const subscriber = (changes: Partial<SubscriberEntity> = {}) =>
  Object.assign(new SubscriberEntity(), {
    id: '00000000-0000-4000-8000-0000000000a1',
    name: 'Ada',
    email: 'ada@example.com',
    phone: '+4915112345678',
    timeZone: 'Europe/Berlin',
    locale: 'en',
    components: ['internet', 'tv'],
    regions: ['berlin'],
    channels: ['sms', 'email'],
    optedOutChannels: [],
    cadence: null,
    ...changes,
  });

const event = (type: MaintenanceChangeType, entry: Partial<MaintenanceChangedEvent['data']['entry']> = {}): MaintenanceChangedEvent =>
  ({
    id: '00000000-0000-4000-8000-0000000000e1',
    type,
    version: 1,
    occurredAt: '2030-03-10T01:00:00.000Z',
    data: {
      maintenance: {
        id: '00000000-0000-4000-8000-0000000000b1',
        title: 'Network upgrade',
        message: 'Internet may drop for a minute.',
        state: 'scheduled',
        components: ['internet'],
        regions: ['berlin', 'hamburg'],
        startsAt: '2030-03-10T01:00:00.000Z',
        endsAt: '2030-03-10T03:00:00.000Z',
        scheduleVersion: 1,
        createdAt: '2030-03-01T00:00:00.000Z',
        startedAt: null,
        completedAt: null,
        cancelledAt: null,
      },
      entry: {
        id: '00000000-0000-4000-8000-0000000000c1',
        kind: 'notice',
        message: 'Internet may drop for a minute.',
        startsAt: '2030-03-10T01:00:00.000Z',
        endsAt: '2030-03-10T03:00:00.000Z',
        offsetMinutes: 60,
        previousStartsAt: null,
        previousEndsAt: null,
        announce: true,
        createdAt: '2030-03-10T00:00:00.000Z',
        ...entry,
      },
    },
  }) as MaintenanceChangedEvent;

const data = (e: { value: unknown }) => (e.value as MessageRequestedEvent).data;

describe('maintenance messages for one customer', () => {
  it('one service message per channel she has, in her terms, with ids derived from the entry', () => {
    const messages = maintenanceMessages(subscriber(), event('maintenance.notice-due'));
    expect(messages.map((m) => [data(m).channel, data(m).kind, data(m).template, data(m).props.affected])).toEqual([
      ['sms', 'service', 'maintenance.upcoming', 'internet in berlin'],
      ['email', 'service', 'maintenance.upcoming', 'internet in berlin'],
    ]);
    expect(data(messages[0]).messageId).toBe(maintenanceMessageId('00000000-0000-4000-8000-0000000000c1', subscriber().id, 'sms'));
    expect(maintenanceMessages(subscriber(), event('maintenance.notice-due')).map((m) => data(m).messageId)).toEqual(messages.map((m) => data(m).messageId));
  });

  it('leaves out a channel she opted out of, the start for resolution-only, and what the window never announced', () => {
    expect(maintenanceMessages(subscriber({ optedOutChannels: ['sms'] }), event('maintenance.notice-due')).map((m) => data(m).channel)).toEqual(['email']);
    expect(maintenanceMessages(subscriber({ cadence: 'resolution-only' }), event('maintenance.started', { kind: 'started' }))).toEqual([]);
    expect(maintenanceMessages(subscriber({ cadence: 'resolution-only' }), event('maintenance.completed', { kind: 'completed' }))).toHaveLength(2);
    expect(maintenanceMessages(subscriber(), event('maintenance.scheduled', { kind: 'scheduled', announce: false }))).toEqual([]);
    expect(maintenanceMessages(subscriber(), event('maintenance.rescheduled', { kind: 'rescheduled', announce: false }))).toEqual([]);
    expect(maintenanceMessages(subscriber(), event('maintenance.rescheduled', { kind: 'rescheduled', announce: true }))).toHaveLength(2);
  });
});
