import { isFinal, isTracked, nextCheckAt } from './check-schedule';

describe('status check schedule', () => {
  const minute = 60_000;
  const hour = 60 * minute;
  const schedule = { afterMs: 10 * minute, giveUpAfterMs: 72 * hour };
  const sentAt = new Date('2030-01-15T10:00:00Z');
  const after = (ms: number) => new Date(sentAt.getTime() + ms);

  it('looks again after the delay doubled per look so far, at most six hours apart', () => {
    expect(nextCheckAt(sentAt, 1, after(10 * minute), schedule)).toEqual(after(20 * minute));
    expect(nextCheckAt(sentAt, 2, after(20 * minute), schedule)).toEqual(after(40 * minute));
    expect(nextCheckAt(sentAt, 3, after(40 * minute), schedule)).toEqual(after(80 * minute));
    expect(nextCheckAt(sentAt, 12, after(30 * hour), schedule)).toEqual(after(36 * hour));
  });

  it('gives up when the next look would be past the give-up age', () => {
    expect(nextCheckAt(sentAt, 12, after(66 * hour - 1), schedule)).toEqual(after(72 * hour - 1));
    expect(nextCheckAt(sentAt, 12, after(66 * hour), schedule)).toBeNull();
    expect(nextCheckAt(sentAt, 1, after(100 * hour), schedule)).toBeNull(); // a first look after the age is the last
  });

  it('waits at least a second between looks, even with no delay', () => {
    expect(nextCheckAt(sentAt, 1, sentAt, { afterMs: 0, giveUpAfterMs: hour })).toEqual(after(1_000));
  });

  it('counts delivered, undelivered, failed and read as final; Twilio statuses the log does not track are not', () => {
    expect(['delivered', 'undelivered', 'failed', 'read'].filter(isFinal)).toHaveLength(4);
    expect(['queued', 'sending', 'sent', 'accepted', 'scheduled', 'partially_delivered'].filter(isFinal)).toEqual([]);
    expect(['accepted', 'scheduled', 'canceled', 'toString'].filter(isTracked)).toEqual([]);
  });
});
