import { IsOptional } from 'class-validator';
import { controllersUnder, dateFieldKey, DateField, itChecksDateFields, requestDateFields } from '../../../test/support/date-fields';
import { SetClockDto, TestClockController } from './core.module';
import { CALENDAR_DATE_REASON, FUTURE_INSTANT_REASON, INSTANT_REASON, IsCalendarDate, IsInstant, NOT_FUTURE_INSTANT_REASON } from './date-time';
import { fieldErrorsOf, validationPipe } from './validation';

class Moments {
  @IsOptional() @IsInstant() at?: unknown;
  @IsOptional() @IsInstant({ future: true }) due?: unknown;
  @IsOptional() @IsInstant({ notFuture: true }) happened?: unknown;
  @IsOptional() @IsCalendarDate() day?: unknown;
}

async function errorsFor(value: object) {
  try {
    await validationPipe().transform(value, { type: 'body', metatype: Moments });
    return [];
  } catch (error) {
    return (error as { getResponse(): { errors: unknown[] } }).getResponse().errors;
  }
}

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

describe('IsInstant and IsCalendarDate', () => {
  it('give one reason per rule, the condition added to the same wording', () => {
    expect(FUTURE_INSTANT_REASON).toBe(`${INSTANT_REASON}, in the future`);
    expect(NOT_FUTURE_INSTANT_REASON).toBe(`${INSTANT_REASON}, not in the future`);
  });

  it('refuse impossible dates and times, and times without an offset, with the shared reason', async () => {
    for (const at of ['2030-02-30T10:00:00Z', '2030-04-31T10:00:00Z', '2030-01-31T24:00:00Z', '2029-02-29T10:00:00Z', '2030-01-31T10:00:00', '2030-01-31', '2030-01-31T10:00:00+14:30']) {
      expect(await errorsFor({ at })).toEqual([{ field: 'at', reason: INSTANT_REASON }]);
    }
    expect(await errorsFor({ at: '2028-02-29T10:00:00+05:45', due: '2096-02-29T10:00:00+13:45', happened: '2024-02-29T10:00:00.123456Z', day: '2028-02-29' })).toEqual([]);
  });

  it('check the future and the past against the clock, with the same wording and the condition', async () => {
    expect(await errorsFor({ due: inHours(-1), happened: inHours(1) })).toEqual([
      { field: 'due', reason: FUTURE_INSTANT_REASON },
      { field: 'happened', reason: NOT_FUTURE_INSTANT_REASON },
    ]);
    expect(await errorsFor({ due: '2030-02-30T10:00:00Z', happened: '2020-02-30T10:00:00Z' })).toEqual([
      { field: 'due', reason: FUTURE_INSTANT_REASON },
      { field: 'happened', reason: NOT_FUTURE_INSTANT_REASON },
    ]);
    expect(await errorsFor({ due: inHours(1), happened: inHours(-1) })).toEqual([]);
  });

  it('refuse calendar dates that do not exist, and date-times, with the shared reason', async () => {
    for (const day of ['2030-02-30', '2030-04-31', '2029-02-29', '2030-04-15T00:00:00Z']) {
      expect(await errorsFor({ day })).toEqual([{ field: 'day', reason: CALENDAR_DATE_REASON }]);
    }
  });
});

/** The request fields of the controllers every service mounts (the test clock only when TEST_CLOCK is on). */
const FIELDS: DateField[] = [{ dto: SetClockDto, input: 'body', field: 'now', rule: 'instant', valid: {} }];

describe('platform date fields', () => {
  it('lists every request field that takes a date-time or a date (a new one must be added here)', () => {
    expect(FIELDS.map(dateFieldKey).sort()).toEqual(requestDateFields([...controllersUnder(__dirname), TestClockController]));
  });

  itChecksDateFields(FIELDS);
});

describe('a field that breaks several rules', () => {
  it('is named once, its reasons joined', () => {
    const errors = [
      { property: 'name', constraints: { isString: 'name must be a string', isLength: 'name must be longer than or equal to 1 characters' }, children: [] },
      { property: 'audience', children: [{ property: 'lastSeenBefore', constraints: { isInstant: INSTANT_REASON }, children: [] }] },
    ];
    expect(fieldErrorsOf(errors)).toEqual([
      { field: 'name', reason: 'must be a string; must be longer than or equal to 1 characters' },
      { field: 'audience.lastSeenBefore', reason: INSTANT_REASON },
    ]);
  });
});
