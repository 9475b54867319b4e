import { RetryLater } from '@prespond/kafka';
import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker('smtp', 3, 1000, () => now);
  const fail = () => Promise.reject(new Error('ECONNREFUSED'));

  beforeEach(() => (now = 0));

  it('opens after 3 failures in a row and fails fast with RetryLater, without calling', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow('ECONNREFUSED');
    const call = jest.fn(async () => 'sent');
    await expect(b.run(call)).rejects.toBeInstanceOf(RetryLater);
    expect(call).not.toHaveBeenCalled();
  });

  it('lets a call through after the cooldown and closes on success', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow();
    now = 1001;
    await expect(b.run(async () => 'sent')).resolves.toBe('sent');
    expect(b.isOpen).toBe(false);
    await expect(b.run(fail)).rejects.toThrow('ECONNREFUSED'); // one failure does not reopen it
    expect(b.isOpen).toBe(false);
  });

  it('does not count failures that are not outages', async () => {
    const b = new CircuitBreaker('smtp', 3, 1000, () => now, (e) => (e as Error).message !== 'mailbox full');
    for (let i = 0; i < 5; i++) await expect(b.run(() => Promise.reject(new Error('mailbox full')))).rejects.toThrow();
    expect(b.isOpen).toBe(false);
  });

  it('reopens at once when the trial call fails', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow();
    now = 1001;
    await expect(b.run(fail)).rejects.toThrow('ECONNREFUSED');
    expect(b.isOpen).toBe(true);
  });
});
