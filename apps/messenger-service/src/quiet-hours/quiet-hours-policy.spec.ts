import { DEFAULT_QUIET_HOURS_SETTINGS, deferUntil, heldByQuietHours, QuietHoursSettings } from './quiet-hours-policy';

describe('quiet-hours policy', () => {
  const night = new Date('2030-01-15T22:00:00Z'); // 23:00 in Berlin
  const day = new Date('2030-01-15T11:00:00Z');
  const settings = (over: Partial<QuietHoursSettings> = {}): QuietHoursSettings => ({ ...DEFAULT_QUIET_HOURS_SETTINGS, ...over });

  it('holds non-urgent messages, never replies; incident updates as she chose; critical ones only if she did not allow them', () => {
    const table: [QuietHoursSettings, Record<string, boolean>][] = [
      [settings(), { 'non-urgent': true, reply: false, incident: false, 'critical-incident': false }],
      [settings({ incidents: 'wait' }), { 'non-urgent': true, reply: false, incident: true, 'critical-incident': true }],
      [settings({ incidents: 'wait', critical: true }), { 'non-urgent': true, reply: false, incident: true, 'critical-incident': false }],
      [settings({ incidents: 'send', critical: true }), { 'non-urgent': true, reply: false, incident: false, 'critical-incident': false }],
    ];
    for (const [s, expected] of table) {
      for (const [urgency, held] of Object.entries(expected)) expect([s, urgency, heldByQuietHours(urgency as never, s)]).toEqual([s, urgency, held]);
    }
  });

  it('defers a held message to the end of her quiet hours, and nothing by day or without quiet hours', () => {
    expect(deferUntil(night, 'Europe/Berlin', 'non-urgent', settings())?.toISOString()).toBe('2030-01-16T07:00:00.000Z');
    expect(deferUntil(day, 'Europe/Berlin', 'non-urgent', settings())).toBeNull();
    expect(deferUntil(night, 'Europe/Berlin', 'reply', settings())).toBeNull();
    expect(deferUntil(night, 'Europe/Berlin', 'non-urgent', settings({ start: null, end: null }))).toBeNull();
    expect(deferUntil(night, 'Europe/Berlin', 'incident', settings({ incidents: 'wait', end: '09:30' }))?.toISOString()).toBe('2030-01-16T08:30:00.000Z');
  });
});
