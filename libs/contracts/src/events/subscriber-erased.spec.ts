import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, Topics } from '../topics';
import { ContractViolation, parseEvent } from '../registry';
import { MessengerSubscriberExportSchema } from '../http/subscriber-export';

describe('subscriber.erased v1', () => {
  const event = { id: randomUUID(), type: 'subscriber.erased', version: 1, occurredAt: new Date().toISOString(), data: { subscriberId: randomUUID(), erasedAt: new Date().toISOString() } };

  it('is the contract of its topic, which is created with its retry and dead-letter topics', () => {
    expect(Topics.SubscriberErased).toBe('subscriber.erased');
    expect(parseEvent(Topics.SubscriberErased, event)).toEqual(event);
    expect(ALL_TOPICS).toEqual(expect.arrayContaining(['subscriber.erased', 'subscriber.erased.retry', 'subscriber.erased.dlq']));
  });

  it('refuses a missing subscriber, a time without offset and an unknown version', () => {
    expect(() => parseEvent(Topics.SubscriberErased, { ...event, data: { erasedAt: event.data.erasedAt } })).toThrow(/data\.subscriberId/);
    expect(() => parseEvent(Topics.SubscriberErased, { ...event, data: { ...event.data, erasedAt: '2030-01-01 09:00' } })).toThrow(/data\.erasedAt/);
    expect(() => parseEvent(Topics.SubscriberErased, { ...event, version: 2 })).toThrow(ContractViolation);
  });
});

describe("the messenger's subscriber export (HTTP contract v1)", () => {
  it('accepts an export and refuses one missing its messages', () => {
    const doc = { subscriberId: randomUUID(), erasedAt: null, profile: null, messages: [], inboundTexts: [], followUps: [] };
    expect(MessengerSubscriberExportSchema.parse(doc)).toEqual(doc);
    const { messages: _messages, ...partial } = doc;
    expect(MessengerSubscriberExportSchema.safeParse(partial).success).toBe(false);
  });
});
