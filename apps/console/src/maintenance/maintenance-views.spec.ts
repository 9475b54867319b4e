import { durationText, kindLabel, listRow, MaintenanceEntry, MaintenanceWindow, noticePlan, noticesAhead, timelineRows, windowText } from './maintenance-views';

const HOUR = 3_600_000;
const OFFSETS = [4320, 60];

const entry = (e: Partial<MaintenanceEntry>): MaintenanceEntry => ({
  id: 'e',
  kind: 'scheduled',
  message: 'Internet may drop.',
  startsAt: '2026-12-10T01:00:00Z',
  endsAt: '2026-12-10T03:00:00Z',
  offsetMinutes: null,
  previousStartsAt: null,
  previousEndsAt: null,
  announce: false,
  author: 'olivia.ops@prespond.local',
  createdAt: '2026-12-02T12:00:00Z',
  ...e,
});

const window: MaintenanceWindow = {
  id: 'w',
  title: 'Network upgrade',
  message: 'Internet may drop.',
  state: 'scheduled',
  components: ['internet'],
  regions: [],
  startsAt: '2026-12-10T01:00:00Z',
  endsAt: '2026-12-10T03:00:00Z',
  scheduleVersion: 2,
  createdAt: '2026-12-02T12:00:00Z',
  startedAt: null,
  completedAt: null,
  cancelledAt: null,
  timeline: [
    entry({}),
    entry({ id: 'n', kind: 'notice', offsetMinutes: 4320, announce: true, author: null, createdAt: '2026-12-07T01:00:00Z' }),
    entry({ id: 'r', kind: 'rescheduled', announce: true, previousStartsAt: '2026-12-09T01:00:00Z', previousEndsAt: '2026-12-09T03:00:00Z', createdAt: '2026-12-07T09:00:00Z' }),
  ],
};

describe('maintenance in words', () => {
  it('shows a window in the person’s zone, its end alone when on the same day', () => {
    expect(windowText('2026-12-10T01:00:00Z', '2026-12-10T03:00:00Z', 'Europe/Berlin')).toBe('10 Dec 02:00 – 04:00 GMT+1');
    expect(windowText('2026-12-10T22:00:00Z', '2026-12-11T01:00:00Z', 'UTC')).toBe('10 Dec 22:00 UTC – 11 Dec 01:00 UTC');
    // Across the clock change the two ends have different offsets: both are named.
    expect(windowText('2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('25 Oct 02:30 GMT+2 – 25 Oct 02:30 GMT+1');
    expect([45, 120, 150, 49 * 60].map((m) => durationText(m * 60_000))).toEqual(['45 min', '2 h', '2 h 30 min', '2 days 1 h']);
  });

  it('says when customers hear of a window: the notices already due at once, the others at their times', () => {
    const now = new Date('2026-12-09T23:00:00Z'); // 2 h before the start: the 72 h notice is due at once
    expect(noticePlan(OFFSETS, window.startsAt, now, 'Europe/Berlin')).toBe('right away (it starts within 72 h) and 1 h before (10 Dec 01:00 GMT+1), then at the start and at the end');
    expect(noticePlan(OFFSETS, window.startsAt, new Date(Date.parse(window.startsAt) - 100 * HOUR), 'UTC')).toBe('72 h before (7 Dec 01:00 UTC) and 1 h before (10 Dec 00:00 UTC), then at the start and at the end');
    expect(noticePlan([], window.startsAt, now, 'UTC')).toBe('only at the start and at the end');
    expect(noticesAhead(OFFSETS, window.startsAt, now, 'UTC').map((n) => n.offset)).toEqual(['1 h']);
  });

  it('lists a planned window with when customers were last told and the next notice', () => {
    const row = listRow(window, 'UTC', OFFSETS, new Date('2026-12-08T00:00:00Z'));
    expect(row).toMatchObject({ affects: 'internet · every region', stateLabel: 'Planned', customers: 'Customers told 7 Dec 09:00 UTC', nextNotice: 'Next notice 10 Dec 00:00 UTC' });
  });

  it('names each timeline entry, who made it and whether customers were told, newest first', () => {
    const rows = timelineRows(window, 'UTC');
    expect(rows.map((r) => [r.kindLabel, r.by, r.text])).toEqual([
      ['Moved', 'by olivia.ops@prespond.local', 'Customers told'],
      ['Notice ahead', 'by Prespond, on schedule', 'Customers told (T-72 h)'],
      ['Scheduled', 'by olivia.ops@prespond.local', 'Not sent: customers hear of it ahead'],
    ]);
    expect(rows[0].movedFrom).toBe('(was 9 Dec 01:00 – 03:00 UTC)');
    expect(kindLabel(entry({ kind: 'rescheduled', previousStartsAt: '2026-12-10T01:00:00Z', previousEndsAt: '2026-12-10T02:00:00Z' }))).toBe('Extended');
    expect(kindLabel(entry({ kind: 'completed', createdAt: '2026-12-10T02:00:00Z' }))).toBe('Completed early');
    expect(kindLabel(entry({ kind: 'completed', createdAt: '2026-12-10T03:00:00Z' }))).toBe('Completed');
  });
});
