import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, Topics } from '../topics';
import { ContractViolation, parseEvent } from '../registry';

describe('activity.recorded v1', () => {
  const now = new Date().toISOString();
  const event = {
    id: randomUUID(),
    type: 'activity.recorded',
    version: 1,
    occurredAt: now,
    data: { activityId: randomUUID(), subscriberId: randomUUID(), type: 'purchase', occurredAt: now, source: 'web-shop' },
  };

  it('is the contract of its topic, which is created with its retry and dead-letter topics', () => {
    expect(Topics.ActivityRecorded).toBe('activity.recorded');
    expect(parseEvent(Topics.ActivityRecorded, event)).toEqual(event);
    expect(ALL_TOPICS).toEqual(expect.arrayContaining(['activity.recorded', 'activity.recorded.retry', 'activity.recorded.dlq']));
  });

  it('refuses an unknown activity type, a time without offset, a missing source and an unknown version', () => {
    expect(() => parseEvent(Topics.ActivityRecorded, { ...event, data: { ...event.data, type: 'dance' } })).toThrow(/data\.type/);
    expect(() => parseEvent(Topics.ActivityRecorded, { ...event, data: { ...event.data, occurredAt: '2030-01-01 09:00' } })).toThrow(/data\.occurredAt/);
    expect(() => parseEvent(Topics.ActivityRecorded, { ...event, data: { ...event.data, source: '' } })).toThrow(/data\.source/);
    expect(() => parseEvent(Topics.ActivityRecorded, { ...event, version: 2 })).toThrow(ContractViolation);
  });
});
