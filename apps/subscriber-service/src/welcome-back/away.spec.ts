import { awayInWords, fixedInWords, returnAfterAbsence, welcomeBackRoute } from './away';

const DAY = 86_400_000;
const seen = new Date('2030-01-01T09:00:00Z');
const later = (days: number, ms = 0) => new Date(seen.getTime() + days * DAY + ms);

describe('returnAfterAbsence', () => {
  it('is a return after at least the minimum of whole days away', () => {
    expect(returnAfterAbsence(seen, later(61), 60)).toEqual({ awaySince: seen, returnedAt: later(61), days: 61 });
    expect(returnAfterAbsence(seen, later(60), 60)?.days).toBe(60);
    expect(returnAfterAbsence(seen, later(60, -1), 60)).toBeNull(); // a millisecond short of 60 days
    expect(returnAfterAbsence(seen, later(10), 60)).toBeNull();
  });

  it('a first-ever activity, or one older than her last-seen time (late), is no return', () => {
    expect(returnAfterAbsence(null, later(100), 60)).toBeNull();
    expect(returnAfterAbsence(later(100), seen, 60)).toBeNull();
    expect(returnAfterAbsence(seen, seen, 60)).toBeNull();
  });
});

describe('awayInWords', () => {
  it.each([
    [1, '1 day'],
    [10, '10 days'],
    [14, 'about 2 weeks'],
    [30, 'about 4 weeks'],
    [45, 'about a month'],
    [61, 'about 2 months'],
    [100, 'about 3 months'],
    [200, 'about 7 months'],
    [365, 'about a year'],
    [800, 'about 2 years'],
  ])('%i days: %s', (days, words) => expect(awayInWords(days)).toBe(words));
});

describe('fixedInWords', () => {
  const ada = { components: ['internet', 'tv'], regions: ['berlin'] };

  it('names what of hers was fixed, in her terms', () => {
    expect(fixedInWords(ada, [{ components: ['internet', 'phone'], regions: ['berlin', 'hamburg'] }])).toBe('internet in berlin');
    // An incident without regions is everywhere: her regions.
    expect(fixedInWords(ada, [{ components: ['tv'], regions: [] }])).toBe('tv in berlin');
    expect(fixedInWords(ada, [{ components: ['internet'], regions: ['berlin'] }, { components: ['tv'], regions: [] }, { components: ['internet'], regions: [] }])).toBe(
      'internet in berlin and tv in berlin',
    );
  });

  it('is null when nothing was fixed', () => expect(fixedInWords(ada, [])).toBeNull());
});

describe('welcomeBackRoute', () => {
  const ada = { marketingConsent: true, channels: ['sms', 'email'] as ('sms' | 'email')[], optedOutChannels: [] as ('sms' | 'email')[], phone: '+4915112345678', email: 'ada@example.com' };

  it('goes to her channels she has an address on and has not opted out of', () => {
    expect(welcomeBackRoute(ada)).toEqual({ channels: ['sms', 'email'] });
    expect(welcomeBackRoute({ ...ada, optedOutChannels: ['sms'] })).toEqual({ channels: ['email'] });
    expect(welcomeBackRoute({ ...ada, email: null })).toEqual({ channels: ['sms'] });
  });

  it('is skipped, with the reason, without marketing consent or a channel', () => {
    expect(welcomeBackRoute({ ...ada, marketingConsent: false })).toEqual({ skipped: 'no marketing consent' });
    expect(welcomeBackRoute({ ...ada, optedOutChannels: ['sms', 'email'] })).toEqual({ skipped: 'opted out of sms and email' });
    expect(welcomeBackRoute({ ...ada, channels: ['email'], email: null })).toEqual({ skipped: 'no channel to reach her on' });
  });
});
