import { formatInstant, instantFromLocal, localInputValue } from './time';

describe('times in the person’s zone', () => {
  it('reads a datetime-local value in the zone, across daylight saving', () => {
    expect(instantFromLocal('2026-07-01T14:30', 'Europe/Berlin')).toBe('2026-07-01T12:30:00Z');
    expect(instantFromLocal('2026-12-01T14:30', 'Europe/Berlin')).toBe('2026-12-01T13:30:00Z');
    expect(instantFromLocal('', 'Europe/Berlin')).toBeNull();
  });

  it('refuses what is no real date and time, instead of rolling it over', () => {
    expect(instantFromLocal('2026-02-30T10:00', 'UTC')).toBeUndefined();
    expect(instantFromLocal('tomorrow', 'UTC')).toBeUndefined();
    expect(instantFromLocal('2026-12-01T24:00', 'UTC')).toBeUndefined();
  });

  it('shows an instant with the zone’s abbreviation, and back into an input', () => {
    expect(formatInstant('2026-12-02T13:30:00Z', 'Europe/Berlin')).toMatch(/^2 Dec 14:30 (CET|GMT\+1)$/);
    expect(localInputValue('2026-12-02T13:30:00Z', 'America/New_York')).toBe('2026-12-02T08:30');
  });
});
