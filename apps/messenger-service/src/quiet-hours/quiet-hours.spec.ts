import { QuietHours } from '@prespond/contracts';
import { quietHoursAt } from './quiet-hours';

const NIGHT: QuietHours = { start: '21:00', end: '08:00' };
const at = (iso: string) => new Date(iso);
const until = (now: string, zone: string, hours = NIGHT) => {
  const verdict = quietHoursAt(at(now), zone, hours);
  return verdict.quiet ? verdict.until.toISOString() : null;
};

describe('quietHoursAt', () => {
  it('holds a span across midnight from its start to the next morning, in her zone', () => {
    // Berlin in winter is UTC+1: 21:30 local is 20:30Z; 08:00 next morning is 07:00Z.
    expect(until('2030-01-15T20:30:00Z', 'Europe/Berlin')).toBe('2030-01-16T07:00:00.000Z');
    // After midnight the end is the same local day.
    expect(until('2030-01-16T02:00:00Z', 'Europe/Berlin')).toBe('2030-01-16T07:00:00.000Z');
    expect(until('2030-01-16T06:59:59.999Z', 'Europe/Berlin')).toBe('2030-01-16T07:00:00.000Z');
    // The start belongs to the span, the end does not.
    expect(until('2030-01-15T20:00:00Z', 'Europe/Berlin')).toBe('2030-01-16T07:00:00.000Z');
    expect(until('2030-01-15T19:59:59.999Z', 'Europe/Berlin')).toBeNull();
    expect(until('2030-01-16T07:00:00Z', 'Europe/Berlin')).toBeNull();
    expect(until('2030-01-16T12:00:00Z', 'Europe/Berlin')).toBeNull();
  });

  it('reads each zone on its own clock, half- and quarter-hour offsets included', () => {
    expect(until('2030-01-16T02:30:00Z', 'America/New_York')).toBe('2030-01-16T13:00:00.000Z'); // 21:30 EST → 08:00 EST
    expect(until('2030-01-15T12:30:00Z', 'Asia/Tokyo')).toBe('2030-01-15T23:00:00.000Z'); // 21:30 JST → 08:00 JST
    expect(until('2030-01-15T16:00:00Z', 'Asia/Kolkata')).toBe('2030-01-16T02:30:00.000Z'); // 21:30 IST (+05:30) → 08:00
    expect(until('2030-01-15T15:45:00Z', 'Asia/Kathmandu')).toBe('2030-01-16T02:15:00.000Z'); // 21:30 NPT (+05:45) → 08:00
    expect(until('2030-01-16T02:14:00Z', 'Asia/Kathmandu')).toBe('2030-01-16T02:15:00.000Z'); // 07:59 local
    expect(until('2030-01-16T02:15:00Z', 'Asia/Kathmandu')).toBeNull(); // 08:00 local
    expect(until('2030-01-15T15:29:00Z', 'Asia/Kolkata')).toBeNull(); // 20:59 local
  });

  it('holds a span within one day only inside it', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(until('2030-01-15T11:59:00Z', 'Europe/Berlin', lunch)).toBeNull(); // 12:59
    expect(until('2030-01-15T12:00:00Z', 'Europe/Berlin', lunch)).toBe('2030-01-15T13:00:00.000Z'); // 13:00 → 14:00
    expect(until('2030-01-15T12:59:00Z', 'Europe/Berlin', lunch)).toBe('2030-01-15T13:00:00.000Z');
    expect(until('2030-01-15T13:00:00Z', 'Europe/Berlin', lunch)).toBeNull();
    expect(until('2030-01-15T22:00:00Z', 'Europe/Berlin', lunch)).toBeNull(); // 23:00: not across midnight
  });

  it('has no quiet hours without bounds or with start equal to end', () => {
    expect(until('2030-01-15T22:00:00Z', 'Europe/Berlin', { start: null, end: null })).toBeNull();
    expect(until('2030-01-15T22:00:00Z', 'Europe/Berlin', { start: '21:00', end: null })).toBeNull();
    expect(until('2030-01-15T22:00:00Z', 'Europe/Berlin', { start: '22:00', end: '22:00' })).toBeNull();
    expect(until('2030-01-15T21:00:00Z', 'Europe/Berlin', { start: '22:00', end: '22:00' })).toBeNull();
  });

  it('ends at the first moment after a spring-forward gap when her end time does not exist that day', () => {
    // New York, 2030-03-10: 02:00 EST (07:00Z) jumps to 03:00 EDT; 02:30 never happens. Quiet 21:00–02:30 ends at 03:00 EDT.
    const toTwoThirty = { start: '21:00', end: '02:30' };
    expect(until('2030-03-10T06:00:00Z', 'America/New_York', toTwoThirty)).toBe('2030-03-10T07:00:00.000Z'); // from 01:00 EST
    expect(until('2030-03-10T02:30:00Z', 'America/New_York', toTwoThirty)).toBe('2030-03-10T07:00:00.000Z'); // from 21:30 EST the evening before
    expect(until('2030-03-10T07:00:00Z', 'America/New_York', toTwoThirty)).toBeNull(); // 03:00 EDT
    // Berlin, 2030-03-31: 02:00 CET (01:00Z) jumps to 03:00 CEST.
    expect(until('2030-03-30T20:30:00Z', 'Europe/Berlin', { start: '21:00', end: '02:15' })).toBe('2030-03-31T01:00:00.000Z');
    // An end that exists is unaffected by the change: 08:00 CEST the morning after is 06:00Z.
    expect(until('2030-03-30T20:30:00Z', 'Europe/Berlin')).toBe('2030-03-31T06:00:00.000Z');
  });

  it('keeps the local end across a fall-back night, and ends at the first of two 01:30s', () => {
    // Berlin, 2030-10-27: 03:00 CEST (01:00Z) falls back to 02:00 CET. 21:30 CEST is 19:30Z; 08:00 CET is 07:00Z.
    expect(until('2030-10-26T19:30:00Z', 'Europe/Berlin')).toBe('2030-10-27T07:00:00.000Z');
    // New York, 2030-11-03: 02:00 EDT (06:00Z) falls back to 01:00 EST; 01:30 happens at 05:30Z and again at 06:30Z.
    const toOneThirty = { start: '21:00', end: '01:30' };
    expect(until('2030-11-03T04:00:00Z', 'America/New_York', toOneThirty)).toBe('2030-11-03T05:30:00.000Z'); // from 00:00 EDT
    expect(until('2030-11-03T05:30:00Z', 'America/New_York', toOneThirty)).toBeNull(); // 01:30 EDT
    // In the repeated hour her clock reads before 01:30 again: quiet until the second 01:30, never in the past.
    expect(until('2030-11-03T06:10:00Z', 'America/New_York', toOneThirty)).toBe('2030-11-03T06:30:00.000Z'); // 01:10 EST
  });

  it('reads an unknown zone as UTC and refuses a bound that is not HH:MM', () => {
    expect(until('2030-01-15T21:30:00Z', 'Mars/Olympus_Mons')).toBe('2030-01-16T08:00:00.000Z');
    expect(() => quietHoursAt(at('2030-01-15T21:30:00Z'), 'UTC', { start: '9pm', end: '08:00' })).toThrow(RangeError);
  });
});
