import { OutgoingMessageEvent } from '@prespond/contracts';
import { ConsumedEvent } from '@prespond/kafka';
import { inOrder } from './notifications.consumer';

const event = (offset: number, type: OutgoingMessageEvent['type'], subscriberId: string | null, channel: 'sms' | 'email', address: string) =>
  ({
    partition: 0,
    message: { key: null, value: null, offset: String(offset), headers: {} },
    event: { type, data: { channel, recipient: { subscriberId, address } } },
  }) as unknown as ConsumedEvent<OutgoingMessageEvent>;

describe('which messages of a batch go together', () => {
  it('takes incident notifications and message requests together, one per address, and leaves the rest of hers in order', () => {
    const events = [
      event(1, 'notification.requested', 'ada', 'sms', '+4915100000001'),
      event(2, 'message.requested', 'bob', 'email', 'bob@example.com'),
      event(3, 'notification.requested', 'ada', 'sms', '+4915100000001'), // a second text to her: after the first
      event(4, 'notification.requested', 'ada', 'email', 'ada@example.com'), // hers after a leftover: waits too
      event(5, 'message.requested', 'cleo', 'sms', '+4915100000003'),
    ];
    const { together, leftOver } = inOrder(events);
    expect(together.map((e) => e.message.offset)).toEqual(['1', '2', '5']);
    expect(leftOver.map((e) => e.message.offset)).toEqual(['3', '4']);
  });

  it('keeps apart the answers to people who are nobody yet by their address, not as one recipient', () => {
    const events = [
      event(1, 'message.requested', null, 'email', 'new@example.com'),
      event(2, 'message.requested', null, 'email', 'new@example.com'),
      event(3, 'message.requested', null, 'sms', '+4915100000009'),
    ];
    const { together, leftOver } = inOrder(events);
    expect(together.map((e) => e.message.offset)).toEqual(['1', '3']);
    expect(leftOver.map((e) => e.message.offset)).toEqual(['2']);
  });
});
