import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CALENDAR_DATE_REASON, calendarDateSchema, INSTANT_REASON, instantSchema, isCalendarDate, parseInstant } from './date-time';
import { CampaignDeliveriesSchema } from './http/campaign-deliveries';
import { DeliveryRatesSchema } from './http/delivery-rates';
import { IncidentAudienceSchema } from './http/incident-audience';
import { IncidentDeliveriesSchema } from './http/incident-deliveries';
import { MessengerSubscriberExportSchema } from './http/subscriber-export';
import { CONTRACTS, ContractViolation, parseEvent } from './registry';
import { Topics } from './topics';

/** Refused, each for its reason: a rule that moved them to another moment would be silently wrong. */
const REFUSED_INSTANTS: [string, unknown][] = [
  ['30 February', '2030-02-30T10:00:00Z'],
  ['31 April', '2030-04-31T10:00:00Z'],
  ['24:00', '2030-01-31T24:00:00Z'],
  ['24:00 without seconds', '2030-01-31T24:00Z'],
  ['29 February of a common year', '2029-02-29T10:00:00Z'],
  ['29 February of a century that is no leap year', '2100-02-29T10:00:00Z'],
  ['hour 25', '2030-01-31T25:00:00Z'],
  ['minute 60', '2030-01-31T10:60:00Z'],
  ['second 60', '2030-01-31T23:59:60Z'],
  ['month 13', '2030-13-01T10:00:00Z'],
  ['day 0', '2030-01-00T10:00:00Z'],
  ['no offset', '2030-01-31T10:00:00'],
  ['a date alone', '2030-01-31'],
  ['offset +14:30 (beyond ±14:00)', '2030-01-31T10:00:00+14:30'],
  ['offset -15:00', '2030-01-31T10:00:00-15:00'],
  ['offset minutes 60', '2030-01-31T10:00:00+05:60'],
  ['offset without colon', '2030-01-31T10:00:00+0545'],
  ['offset hours alone', '2030-01-31T10:00:00+05'],
  ['a space for T', '2030-01-31 10:00:00Z'],
  ['lower-case z', '2030-01-31T10:00:00z'],
  ['basic format', '20300131T100000Z'],
  ['a week date', '2030-W05-4T10:00:00Z'],
  ['an hour alone', '2030-01-31T10Z'],
  ['a single-digit month', '2030-1-31T10:00:00Z'],
  ['a comma for the fraction', '2030-01-31T10:00:00,5Z'],
  ['ten fraction digits', '2030-01-31T10:00:00.1234567890Z'],
  ['words', 'tomorrow'],
  ['empty', ''],
  ['a number', 1_900_000_000_000],
  ['a Date', new Date('2030-01-31T10:00:00Z')],
  ['null', null],
];

const ACCEPTED_INSTANTS: [string, string, string][] = [
  ['UTC', '2030-01-31T14:30:00Z', '2030-01-31T14:30:00.000Z'],
  ['no seconds', '2030-01-31T14:30Z', '2030-01-31T14:30:00.000Z'],
  ['Nepal, +05:45', '2030-01-31T14:30:00+05:45', '2030-01-31T08:45:00.000Z'],
  ['Chatham summer time, +13:45', '2030-01-31T14:30:00+13:45', '2030-01-31T00:45:00.000Z'],
  ['the furthest offsets, ±14:00', '2030-01-31T14:30:00+14:00', '2030-01-31T00:30:00.000Z'],
  ['-14:00', '2030-01-31T14:30:00-14:00', '2030-02-01T04:30:00.000Z'],
  ['Newfoundland, -03:30', '2030-01-31T14:30:00-03:30', '2030-01-31T18:00:00.000Z'],
  ['a fraction of a second', '2030-01-31T14:30:00.5Z', '2030-01-31T14:30:00.500Z'],
  ['microseconds (milliseconds kept)', '2030-01-31T14:30:00.123456+01:00', '2030-01-31T13:30:00.123Z'],
  ['nanoseconds', '2030-01-31T14:30:00.123456789Z', '2030-01-31T14:30:00.123Z'],
  ['29 February of a leap year', '2028-02-29T10:00:00Z', '2028-02-29T10:00:00.000Z'],
  ['29 February of 2000 (divisible by 400)', '2000-02-29T10:00:00Z', '2000-02-29T10:00:00.000Z'],
  ['the last moment of a day', '2030-12-31T23:59:59.999Z', '2030-12-31T23:59:59.999Z'],
  ['midnight', '2030-04-30T00:00:00+02:00', '2030-04-29T22:00:00.000Z'],
  ['-00:00', '2030-01-31T14:30:00-00:00', '2030-01-31T14:30:00.000Z'],
];

const REFUSED_DATES: [string, unknown][] = [
  ['30 February', '2030-02-30'],
  ['31 April', '2030-04-31'],
  ['29 February of a common year', '2029-02-29'],
  ['month 13', '2030-13-01'],
  ['day 0', '2030-04-00'],
  ['a single-digit month', '2030-4-15'],
  ['a date-time', '2030-04-15T00:00:00Z'],
  ['a week date', '2030-W15-1'],
  ['an ordinal date', '2030-105'],
  ['basic format', '20300415'],
  ['a number', 20300415],
];

const ACCEPTED_DATES = ['2030-04-15', '2028-02-29', '2000-02-29', '2030-04-30', '2030-12-31'];

describe('the date-time rule', () => {
  it.each(REFUSED_INSTANTS)('refuses %s', (_, value) => {
    expect(parseInstant(value)).toBeUndefined();
    expect(instantSchema.safeParse(value).success).toBe(false);
  });

  it.each(ACCEPTED_INSTANTS)('accepts %s as the moment it names', (_, value, utc) => {
    expect(parseInstant(value)?.toISOString()).toBe(utc);
    expect(instantSchema.parse(value)).toBe(value); // contracts keep the text
  });

  it('says why in one wording, in a contract as in a request', () => {
    expect(instantSchema.safeParse('2030-02-30T10:00:00Z').error?.issues).toEqual([expect.objectContaining({ message: INSTANT_REASON })]);
    expect(INSTANT_REASON).toBe('must be a date-time with an offset, e.g. 2030-01-31T14:30:00Z (a real calendar date and time)');
  });

  it('reads the same value the same way every time (the cache changes nothing)', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseInstant('2030-02-30T10:00:00Z')).toBeUndefined();
      expect(parseInstant('2030-01-31T14:30:00+05:45')?.toISOString()).toBe('2030-01-31T08:45:00.000Z');
    }
    const first = parseInstant('2030-01-31T14:30:00Z')!;
    first.setFullYear(1999); // each caller gets its own Date
    expect(parseInstant('2030-01-31T14:30:00Z')?.toISOString()).toBe('2030-01-31T14:30:00.000Z');
  });
});

describe('the calendar-date rule', () => {
  it.each(REFUSED_DATES)('refuses %s', (_, value) => {
    expect(isCalendarDate(value)).toBe(false);
    expect(calendarDateSchema.safeParse(value).success).toBe(false);
  });

  it.each(ACCEPTED_DATES)('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
    expect(calendarDateSchema.safeParse(value).success).toBe(true);
  });

  it('says why in one wording', () => {
    expect(calendarDateSchema.safeParse('2030-02-30').error?.issues).toEqual([expect.objectContaining({ message: CALENDAR_DATE_REASON })]);
  });
});

/** Named like a time: such a field of an event must follow the date-time rule. */
const TIME_NAME = /(At|Date|Before|After|Since|Until|By)$|^(eta|from|to|since|until|now|date|time|day)$/;
/** Fields named like a time that are not one, by path. */
const NOT_TIMES = new Set([
  'data.confirmedBy', // who confirmed an SMS consent change
  'sms.senders[].from', // a sender's number (delivery rates)
]);
const isTimeName = (path: string) => TIME_NAME.test(path.split('.').pop()!.replace(/\[\]|\{\}/g, '')) && !NOT_TIMES.has(path);

/** Every leaf of a contract, by its path, with its schema (`[]` for list items). */
function leavesOf(schema: z.ZodTypeAny, path: string, into: Map<string, z.ZodTypeAny[]>): Map<string, z.ZodTypeAny[]> {
  const add = (s: z.ZodTypeAny) => into.set(path, [...(into.get(path) ?? []), s]);
  if (schema === instantSchema || schema === calendarDateSchema) add(schema);
  else if (schema instanceof z.ZodObject) for (const [key, field] of Object.entries(schema.shape)) leavesOf(field as z.ZodTypeAny, path ? `${path}.${key}` : key, into);
  else if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) leavesOf(schema.unwrap(), path, into);
  else if (schema instanceof z.ZodArray) leavesOf(schema.element, `${path}[]`, into);
  else if (schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion) for (const option of schema.options) leavesOf(option, path, into);
  else if (schema instanceof z.ZodRecord) leavesOf(schema.valueSchema, `${path}{}`, into);
  else if (schema instanceof z.ZodEffects) leavesOf(schema.innerType(), path, into);
  else add(schema);
  return into;
}

/** The answers one service reads from another (libs/contracts/src/http), checked like events. */
const HTTP_CONTRACTS: [string, z.ZodTypeAny][] = [
  ['GET campaign deliveries', CampaignDeliveriesSchema],
  ['GET delivery rates', DeliveryRatesSchema],
  ['GET incident audience', IncidentAudienceSchema],
  ['GET incident deliveries', IncidentDeliveriesSchema],
  ['GET messenger subscriber export', MessengerSubscriberExportSchema],
];

describe('every event contract', () => {
  it.each([...Object.entries(CONTRACTS), ...HTTP_CONTRACTS])('%s: every time field follows the date-time rule, and no other date check is left', (_, contract) => {
    const leaves = leavesOf(contract, '', new Map());
    const timeFields = [...leaves].filter(([path]) => isTimeName(path));
    for (const [path, schemas] of timeFields) expect({ path, rule: schemas.every((s) => s === instantSchema || s === calendarDateSchema) }).toEqual({ path, rule: true });
    const otherDateChecks = [...leaves].filter(([, schemas]) => schemas.some((s) => s instanceof z.ZodString && s._def.checks.some((c) => c.kind === 'datetime' || c.kind === 'date')));
    expect(otherDateChecks.map(([path]) => path)).toEqual([]);
  });

  const now = '2030-01-31T14:30:00Z';
  const declared = () => ({
    id: randomUUID(),
    type: 'incident.declared',
    version: 1,
    occurredAt: now,
    data: {
      incident: { id: randomUUID(), title: 'Outage', status: 'investigating', severity: 'major', components: ['internet'], regions: [], declaredAt: now, resolvedAt: null },
      update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'Down', eta: now, nextUpdateBy: now, createdAt: now },
    },
  });
  const activity = () => ({
    id: randomUUID(),
    type: 'activity.recorded',
    version: 1,
    occurredAt: now,
    data: { activityId: randomUUID(), subscriberId: randomUUID(), type: 'login', occurredAt: now, source: 'web-shop' },
  });
  const set = (event: object, path: string, value: unknown) => {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, event as Record<string, unknown>);
    parent[keys[keys.length - 1]] = value;
    return event;
  };
  const cases = [
    ...['occurredAt', 'data.incident.declaredAt', 'data.incident.resolvedAt', 'data.update.eta', 'data.update.nextUpdateBy', 'data.update.createdAt'].map(
      (path) => [Topics.IncidentChanged, path, declared] as const,
    ),
    ...['occurredAt', 'data.occurredAt'].map((path) => [Topics.ActivityRecorded, path, activity] as const),
  ];

  it.each(cases)('%s %s: a malformed time breaks the contract (the event is dead-lettered, never moved)', (topic, path, sample) => {
    expect(parseEvent(topic, sample())).toBeDefined();
    const nullable = /(resolvedAt|eta|nextUpdateBy)$/.test(path);
    for (const [, value] of REFUSED_INSTANTS.filter(([, v]) => !(nullable && v === null))) {
      let violation: unknown;
      try {
        parseEvent(topic, set(sample(), path, value));
      } catch (error) {
        violation = error;
      }
      expect(violation).toBeInstanceOf(ContractViolation);
      expect((violation as ContractViolation).issues).toContainEqual(expect.stringContaining(`${path}: `));
    }
  });
});
