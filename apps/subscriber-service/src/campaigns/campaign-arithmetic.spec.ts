import { audienceSql } from './audience';
import { inWindow, inWindowSql, localMinuteOfDay, minuteOfDay } from './send-window';
import { batchAllowance, minuteStart } from './throttle';

describe('send window', () => {
  it('reads clock times and her local minute of the day', () => {
    expect(minuteOfDay('09:30')).toBe(570);
    expect(minuteOfDay('24:00')).toBe(1440);
    expect(() => minuteOfDay('9:30')).toThrow();
    // 07:30 UTC in winter: 08:30 in Berlin, 02:30 in New York.
    expect(localMinuteOfDay(new Date('2030-01-15T07:30:00Z'), 'Europe/Berlin')).toBe(8 * 60 + 30);
    expect(localMinuteOfDay(new Date('2030-01-15T07:30:00Z'), 'America/New_York')).toBe(2 * 60 + 30);
  });

  it('contains [start, end) and spans midnight when the end is before the start', () => {
    expect(inWindow(minuteOfDay('09:00'), '09:00', '20:00')).toBe(true);
    expect(inWindow(minuteOfDay('19:59'), '09:00', '20:00')).toBe(true);
    expect(inWindow(minuteOfDay('20:00'), '09:00', '20:00')).toBe(false);
    expect(inWindow(minuteOfDay('08:59'), '09:00', '20:00')).toBe(false);
    expect(inWindow(minuteOfDay('23:00'), '22:00', '06:00')).toBe(true);
    expect(inWindow(minuteOfDay('05:59'), '22:00', '06:00')).toBe(true);
    expect(inWindow(minuteOfDay('12:00'), '22:00', '06:00')).toBe(false);
    expect(inWindow(minuteOfDay('12:00'), '00:00', '00:00')).toBe(true);
  });

  it('says the same in SQL, in her own zone', () => {
    expect(inWindowSql('s', '09:00', '20:00')).toMatch(/AT TIME ZONE s\.time_zone.* >= 540 AND .* < 1200\)$/);
    expect(inWindowSql('s', '22:00', '06:00')).toMatch(/>= 1320 OR .* < 360\)$/);
    expect(inWindowSql('s', '00:00', '00:00')).toBe('TRUE');
  });
});

describe('throttle', () => {
  it('counts per minute of clock time and never plans more than a batch', () => {
    expect(minuteStart(new Date('2030-01-15T07:30:59.999Z')).toISOString()).toBe('2030-01-15T07:30:00.000Z');
    expect(batchAllowance(100, 0, 200)).toBe(100);
    expect(batchAllowance(100, 60, 200)).toBe(40);
    expect(batchAllowance(100, 100, 200)).toBe(0);
    expect(batchAllowance(100, 130, 200)).toBe(0);
    expect(batchAllowance(1000, 0, 200)).toBe(200);
  });
});

describe('audience filter → SQL', () => {
  const now = new Date('2030-03-01T12:00:00Z');
  const base = { channels: ['sms' as const, 'email' as const], capCount: 2, capDays: 30 };

  it('always applies consent, open incidents, the cap and reachability; nothing else without a filter', () => {
    const { sql, params } = audienceSql({ ...base, filter: {} }, now, true);
    expect(sql).toContain('s.marketing_consent');
    expect(sql).toContain('NOT EXISTS (SELECT 1 FROM known_incident k');
    expect(sql).toContain('< :capCount');
    expect(sql).toContain(`('sms' = ANY(s.channels) AND s.phone IS NOT NULL AND NOT ('sms' = ANY(s.opted_out_channels))) OR ('email' = ANY(s.channels)`);
    expect(sql).not.toContain('plan p');
    expect(params).toEqual({ capSince: new Date('2030-01-30T12:00:00Z'), capCount: 2 });
  });

  it('keeps those opted out of every channel for the runner to record, when asked', () => {
    expect(audienceSql({ ...base, filter: {} }, now, false).sql).not.toContain('opted_out_channels');
  });

  it('turns each filter into a condition with its parameter', () => {
    const { sql, params } = audienceSql(
      { ...base, filter: { inactiveDays: 60, lastSeenBefore: '2030-02-01T00:00:00Z', lastSeenAfter: '2029-01-01T00:00:00Z', regions: ['berlin'], components: ['tv'], plans: ['fibre'], hasChannel: 'email' } },
      now,
      true,
    );
    expect(sql).toContain('COALESCE(s.last_seen_at, s.created_at) <= :inactiveSince');
    expect(params.inactiveSince).toEqual(new Date('2029-12-31T12:00:00Z'));
    expect(sql).toContain('COALESCE(s.last_seen_at, s.created_at) < :lastSeenBefore');
    expect(sql).toContain('COALESCE(s.last_seen_at, s.created_at) > :lastSeenAfter');
    expect(sql).toContain('s.regions && ARRAY[:...regions]::text[]');
    expect(sql).toContain('s.components && ARRAY[:...components]::text[]');
    expect(sql).toContain('FROM plan p WHERE p.subscriber_id = s.id AND p.type IN (:...plans)');
    expect(sql).toMatch(/AND \('email' = ANY\(s\.channels\) AND s\.email IS NOT NULL AND NOT \('email' = ANY\(s\.opted_out_channels\)\)\)$/);
    expect(params).toMatchObject({ regions: ['berlin'], components: ['tv'], plans: ['fibre'], lastSeenBefore: new Date('2030-02-01T00:00:00Z') });
  });

  it('reaches nobody without content', () => {
    expect(audienceSql({ ...base, channels: [], filter: {} }, now, true).sql).toContain('AND FALSE');
  });
});
