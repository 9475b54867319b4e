import { DeliveryRates } from '@prespond/contracts';
import { duration, estimateDelivery } from './delivery-estimate';

const rates = (sms: number | null, email: number | null): DeliveryRates => ({ sms: { senders: [], perSecond: sms }, email: { perSecond: email } });

describe('estimateDelivery', () => {
  it('gives the figures and the line ops read, with thousands separators', () => {
    expect(estimateDelivery({ subscribers: 20_000, sms: 12_345, email: 12_000 }, rates(100, null))).toEqual({
      sms: { count: 12_345, perSecond: 100, seconds: 124 },
      email: { count: 12_000, perSecond: null, seconds: null },
      text: '12,345 SMS at 100/s: about 2 minutes; 12,000 emails, no rate limit set',
    });
  });

  it('says when a channel has nobody, and counts one message as one', () => {
    expect(estimateDelivery({ subscribers: 1, sms: 0, email: 1 }, rates(1, 20)).text).toBe('no SMS; 1 email at 20/s: under a second');
    expect(estimateDelivery({ subscribers: 1, sms: 1, email: 0 }, rates(1, null)).text).toBe('1 SMS at 1/s: about 1 second; no emails');
  });

  it('shows fractional and large rates as configured', () => {
    const estimate = estimateDelivery({ subscribers: 2_000_000, sms: 1_500_000, email: 90 }, rates(2.5, 1_000));
    expect(estimate.sms).toEqual({ count: 1_500_000, perSecond: 2.5, seconds: 600_000 });
    expect(estimate.text).toBe('1,500,000 SMS at 2.5/s: about 167 hours; 90 emails at 1,000/s: under a second');
  });
});

describe('duration', () => {
  it.each([
    [0.2, 'under a second'],
    [1, 'about 1 second'],
    [44.4, 'about 44 seconds'],
    [59.4, 'about 59 seconds'],
    [59.6, 'about 1 minute'],
    [124, 'about 2 minutes'],
    [150, 'about 3 minutes'],
    [119 * 60, 'about 119 minutes'],
    [120 * 60, 'about 2 hours'],
    [10 * 3600 + 1000, 'about 10 hours'],
  ])('%d s reads "%s"', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
