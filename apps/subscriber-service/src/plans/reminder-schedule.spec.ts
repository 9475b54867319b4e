import { dueReminder, renewalDayInstant, ReminderPlan } from './reminder-schedule';

const MORNING = { startHour: 9, endHour: 12 };
const at = (iso: string) => new Date(iso);

describe('dueReminder', () => {
  const tokyo: ReminderPlan = { renewalDate: '2030-04-15', scheduledFrom: at('2030-01-01T00:00:00Z'), timeZone: 'Asia/Tokyo', offsetsDays: [30, 7, 1] };
  const newYork: ReminderPlan = { ...tokyo, timeZone: 'America/New_York' };

  it('is due on renewal date minus each offset, inside her local morning only', () => {
    // T-30 is 2030-03-16; 09:30 in Tokyo is 00:30Z.
    expect(dueReminder(tokyo, at('2030-03-16T00:30:00Z'), MORNING)).toEqual({ offsetDays: 30, daysLeft: 30 });
    expect(dueReminder(tokyo, at('2030-03-15T23:59:00Z'), MORNING)).toBeNull(); // 08:59 in Tokyo
    expect(dueReminder(tokyo, at('2030-03-16T03:00:00Z'), MORNING)).toBeNull(); // 12:00 in Tokyo: the window is over
    expect(dueReminder(tokyo, at('2030-04-08T02:59:00Z'), MORNING)).toEqual({ offsetDays: 7, daysLeft: 7 });
    expect(dueReminder(tokyo, at('2030-04-14T00:00:00Z'), MORNING)).toEqual({ offsetDays: 1, daysLeft: 1 });
  });

  it('takes her zone: the same instant is Tokyo morning and New York evening', () => {
    expect(dueReminder(newYork, at('2030-03-16T00:30:00Z'), MORNING)).toBeNull(); // 20:30 on the 15th in New York
    expect(dueReminder(newYork, at('2030-03-16T13:30:00Z'), MORNING)).toEqual({ offsetDays: 30, daysLeft: 30 }); // 09:30 EDT
  });

  it('keeps to her wall clock across a DST change', () => {
    // New York springs forward on 2030-03-10: 09:00 is 14:00Z the day before and 13:00Z from that day on.
    const plan = { ...newYork, renewalDate: '2030-03-17', offsetsDays: [8, 7] };
    expect(dueReminder(plan, at('2030-03-09T13:59:00Z'), MORNING)).toBeNull();
    expect(dueReminder(plan, at('2030-03-09T14:00:00Z'), MORNING)).toEqual({ offsetDays: 8, daysLeft: 8 });
    expect(dueReminder(plan, at('2030-03-10T12:59:00Z'), MORNING)).toBeNull();
    expect(dueReminder(plan, at('2030-03-10T13:00:00Z'), MORNING)).toEqual({ offsetDays: 7, daysLeft: 7 });
    // Berlin falls back on 2030-10-27: 09:00 is 08:00Z from that day on.
    const berlin = { ...tokyo, timeZone: 'Europe/Berlin', renewalDate: '2030-10-28' };
    expect(dueReminder(berlin, at('2030-10-27T07:59:00Z'), MORNING)).toBeNull();
    expect(dueReminder(berlin, at('2030-10-27T08:00:00Z'), MORNING)).toEqual({ offsetDays: 1, daysLeft: 1 });
  });

  it('sends a missed reminder late, in the next morning, until a later offset or the renewal date replaces it', () => {
    // Down through the whole T-7 window (2030-04-08): the next morning it goes out, saying 6 days.
    expect(dueReminder(tokyo, at('2030-04-09T01:00:00Z'), MORNING)).toEqual({ offsetDays: 7, daysLeft: 6 });
    // Down until T-1: only the T-1 reminder is due, never the three at once.
    expect(dueReminder(tokyo, at('2030-04-14T01:00:00Z'), MORNING)).toEqual({ offsetDays: 1, daysLeft: 1 });
    // On and after the renewal date: nothing.
    expect(dueReminder(tokyo, at('2030-04-15T01:00:00Z'), MORNING)).toBeNull();
    expect(dueReminder(tokyo, at('2030-05-01T01:00:00Z'), MORNING)).toBeNull();
  });

  it('skips the offsets already past when the date was set', () => {
    // Set 20 days ahead: T-30 is skipped, nothing is due before T-7.
    const late = { ...tokyo, scheduledFrom: at('2030-03-26T05:00:00Z') };
    expect(dueReminder(late, at('2030-03-27T00:30:00Z'), MORNING)).toBeNull();
    expect(dueReminder(late, at('2030-04-08T00:30:00Z'), MORNING)).toEqual({ offsetDays: 7, daysLeft: 7 });
    // Set on the T-7 day itself, after the window (15:00 Tokyo): it goes out the next morning.
    const sameDay = { ...tokyo, scheduledFrom: at('2030-04-08T06:00:00Z') };
    expect(dueReminder(sameDay, at('2030-04-09T00:30:00Z'), MORNING)).toEqual({ offsetDays: 7, daysLeft: 6 });
  });

  it('follows configured offsets and windows', () => {
    const plan = { ...tokyo, offsetsDays: [14, 3] };
    expect(dueReminder(plan, at('2030-04-01T00:30:00Z'), MORNING)).toEqual({ offsetDays: 14, daysLeft: 14 });
    expect(dueReminder(plan, at('2030-04-08T00:30:00Z'), MORNING)).toEqual({ offsetDays: 14, daysLeft: 7 });
    expect(dueReminder(plan, at('2030-04-12T09:00:00Z'), { startHour: 18, endHour: 20 })).toEqual({ offsetDays: 3, daysLeft: 3 }); // 18:00 Tokyo
  });
});

describe('renewalDayInstant', () => {
  it('is noon of the renewal day in her zone, so every zone shows the same calendar date', () => {
    expect(renewalDayInstant('2030-04-15', 'Asia/Tokyo')).toBe('2030-04-15T03:00:00.000Z');
    expect(renewalDayInstant('2030-04-15', 'America/New_York')).toBe('2030-04-15T16:00:00.000Z');
    expect(renewalDayInstant('2030-04-15', 'Pacific/Kiritimati')).toBe('2030-04-14T22:00:00.000Z');
  });
});
