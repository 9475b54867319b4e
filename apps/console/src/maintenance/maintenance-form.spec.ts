import { problemsFromService, rescheduleFrom, scheduleFrom } from './maintenance-form';
import { MaintenanceWindow } from './maintenance-views';

const now = new Date('2026-12-02T12:00:00Z');
const form = { title: 'Network upgrade', message: 'Internet may drop for a few minutes.', components: 'internet', componentsOther: 'TV', regions: ['berlin'] };

const window = (state: MaintenanceWindow['state']): MaintenanceWindow => ({
  id: '6d0c1a52-0d7a-4c3e-9a39-2c4b8b1f0a11',
  title: 'Network upgrade',
  message: 'Internet may drop.',
  state,
  components: ['internet'],
  regions: ['berlin'],
  // 10 Dec 02:00–04:00 Berlin time, with seconds the form cannot show.
  startsAt: '2026-12-10T01:00:30Z',
  endsAt: '2026-12-10T03:00:30Z',
  scheduleVersion: 1,
  createdAt: '2026-12-01T10:00:00Z',
  startedAt: null,
  completedAt: null,
  cancelledAt: null,
  timeline: [],
});

describe('the schedule form', () => {
  it('reads components ticked and typed, and the start and end in the person’s zone', () => {
    const { maintenance, problems } = scheduleFrom({ ...form, startsAt: '2026-12-10T02:00', endsAt: '2026-12-10T04:30' }, 'Europe/Berlin', now);
    expect(problems).toEqual([]);
    expect(maintenance).toEqual({
      title: 'Network upgrade',
      message: 'Internet may drop for a few minutes.',
      components: ['internet', 'tv'],
      regions: ['berlin'],
      startsAt: '2026-12-10T01:00:00Z',
      endsAt: '2026-12-10T03:30:00Z',
    });
  });

  it('names the end when it is before the start, and each field missing or wrong', () => {
    expect(scheduleFrom({ ...form, startsAt: '2026-12-10T04:00', endsAt: '2026-12-10T02:00' }, 'Europe/Berlin', now).problems).toEqual([{ field: 'endsAt', reason: 'The end must be after the start' }]);
    const { maintenance, problems } = scheduleFrom({ title: 'x', startsAt: '2026-02-30T10:00', endsAt: '' }, 'UTC', now);
    expect(maintenance).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['title', 'message', 'componentsOther', 'startsAt', 'endsAt']);
    expect(scheduleFrom({ ...form, startsAt: '2026-12-02T12:00', endsAt: '2026-12-02T13:00' }, 'UTC', now).problems).toEqual([{ field: 'startsAt', reason: 'The start must be in the future' }]);
  });
});

describe('the move form', () => {
  it('sends only what was changed: a field left as shown keeps the window’s own time (to the second)', () => {
    const shown = { startsAt: '2026-12-10T02:00', endsAt: '2026-12-10T04:00' };
    expect(rescheduleFrom({ ...shown, endsAt: '2026-12-10T05:00' }, window('scheduled'), 'Europe/Berlin', now)).toEqual({ problems: [], change: { endsAt: '2026-12-10T04:00:00Z' } });
    expect(rescheduleFrom({ startsAt: '2026-12-11T02:00', endsAt: '2026-12-11T04:00', moveMessage: ' Moved a day. ' }, window('scheduled'), 'Europe/Berlin', now).change).toEqual({
      startsAt: '2026-12-11T01:00:00Z',
      endsAt: '2026-12-11T03:00:00Z',
      message: 'Moved a day.',
    });
    expect(rescheduleFrom(shown, window('scheduled'), 'Europe/Berlin', now).problems).toEqual([{ field: 'startsAt', reason: 'Change the start or the end' }]);
  });

  it('reads only the end once the window has begun', () => {
    const begun = { ...window('in_progress'), startedAt: '2026-12-10T01:00:30Z' };
    const late = new Date('2026-12-10T02:00:00Z');
    expect(rescheduleFrom({ startsAt: '2026-12-10T01:00', endsAt: '2026-12-10T06:00' }, begun, 'Europe/Berlin', late)).toEqual({ problems: [], change: { endsAt: '2026-12-10T05:00:00Z' } });
    expect(rescheduleFrom({ endsAt: '2026-12-10T02:30' }, begun, 'Europe/Berlin', late).problems).toEqual([{ field: 'endsAt', reason: 'The end must be in the future' }]);
  });

  it('refuses an end before the start, and a message of one or two characters', () => {
    expect(rescheduleFrom({ startsAt: '2026-12-10T02:00', endsAt: '2026-12-10T01:00' }, window('scheduled'), 'Europe/Berlin', now).problems).toEqual([{ field: 'endsAt', reason: 'The end must be after the start' }]);
    expect(rescheduleFrom({ startsAt: '2026-12-10T02:00', endsAt: '2026-12-10T05:00', moveMessage: 'ok' }, window('scheduled'), 'Europe/Berlin', now).problems.map((p) => p.field)).toEqual(['moveMessage']);
  });
});

describe('the service’s reasons', () => {
  it('land on the form’s fields, in the form’s words', () => {
    expect(
      problemsFromService([
        { field: 'endsAt', reason: 'must be after startsAt' },
        { field: 'components', reason: 'must be a list of names made of letters, digits and dashes' },
        { reason: 'conflict' },
      ]),
    ).toEqual([
      { field: 'endsAt', reason: 'End: must be after the start' },
      { field: 'componentsOther', reason: 'Components under maintenance: must be a list of names made of letters, digits and dashes' },
      { field: 'title', reason: 'conflict' },
    ]);
    expect(problemsFromService([{ field: 'message', reason: 'too long' }], { message: 'moveMessage' }, 'startsAt')).toEqual([{ field: 'moveMessage', reason: 'What customers are told: too long' }]);
  });
});
