import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CALENDAR_DATE_REASON, FieldError, FUTURE_INSTANT_REASON, INSTANT_REASON, validationPipe } from '@prespond/platform';

/**
 * For the date-field specs of each service: which request fields take a date-time or a date, found from the routes
 * themselves (every controller under a service's src, the DTO classes its handlers take as body or query, their
 * nested DTOs), so a spec that lists them all fails when a new one appears; and what the app's ValidationPipe
 * answers for one field.
 */

/** Values no date-time field may take: each would otherwise be moved to another moment or guessed. */
export const REFUSED_INSTANTS: readonly unknown[] = [
  '2030-02-30T10:00:00Z', // 30 February
  '2030-04-31T10:00:00Z', // 31 April
  '2030-01-31T24:00:00Z', // 24:00 (luxon alone reads it as the next midnight)
  '2029-02-29T10:00:00Z', // 29 February of a common year
  '2030-01-31T25:00:00Z', // hour 25
  '2030-01-31T10:60:00Z', // minute 60
  '2030-01-31T10:00:00', // no offset
  '2030-01-31', // a date alone
  '2030-01-31T10:00:00+14:30', // beyond ±14:00
  'tomorrow',
  1_900_000_000_000,
];

/** Values no calendar-date field may take. */
export const REFUSED_CALENDAR_DATES: readonly unknown[] = ['2030-02-30', '2030-04-31', '2029-02-29', '2030-13-01', '2030-4-15', '2030-04-15T00:00:00Z', 20300415];

/** Named like a time, or checked by a date validator: such a field must follow the one date-time (or date) rule. */
const DATE_NAME = /(At|Date|Before|After|Since|Until|By)$|^(eta|from|to|since|until|before|after|now|date|time|day)$/;
const DATE_VALIDATORS = new Set(['isInstant', 'isCalendarDate', 'isFutureInstant', 'isISO8601', 'isDateString', 'isDate', 'minDate', 'maxDate', 'isRFC3339']);
const INPUTS: Partial<Record<RouteParamtypes, 'body' | 'query' | 'param'>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
};

type Class = new (...args: never[]) => unknown;

/** Every controller class of the `*.controller.ts` files under `dir`. */
export function controllersUnder(dir: string): Class[] {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
  // The app's module first: its files then load in the order the app loads them (entities refer to each other).
  if (existsSync(join(dir, 'app.module.ts'))) require(join(dir, 'app.module.ts'));
  return files.flatMap((file) =>
    Object.values(require(join(dir, file)) as Record<string, unknown>).filter(
      (value): value is Class => typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value),
    ),
  );
}

/**
 * The request fields of these controllers that take a date-time or a date, as `Dto.field` (nested fields dotted:
 * `CreateCampaignDto.audience.lastSeenBefore`); a single named parameter (`@Query('since') since: string`) shows as
 * `Controller.handler query since`, so it is listed too.
 */
export function requestDateFields(controllers: Class[]): string[] {
  const found = new Set<string>();
  for (const controller of controllers) {
    for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
      const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {};
      const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? [];
      for (const [key, arg] of Object.entries(args)) {
        const input = INPUTS[Number(key.split(':')[0]) as RouteParamtypes];
        if (!input) continue;
        if (typeof arg.data === 'string') {
          if (DATE_NAME.test(arg.data)) found.add(`${controller.name}.${handler} ${input} ${arg.data}`);
          continue;
        }
        const type = types[arg.index];
        if (typeof type === 'function' && type !== Object) for (const path of dateFieldsOf(type as Class)) found.add(`${type.name}.${path}`);
      }
    }
  }
  return [...found].sort();
}

function dateFieldsOf(dto: Class, prefix = '', enclosing: readonly Class[] = []): string[] {
  if (enclosing.includes(dto)) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const paths = new Set<string>();
  for (const m of metadata) {
    const path = `${prefix}${m.propertyName}`;
    if (DATE_NAME.test(m.propertyName) || (m.name && DATE_VALIDATORS.has(m.name))) paths.add(path);
    if (m.type === 'nestedValidation') {
      // The nested DTO's class, as the compiler recorded it (a list of DTOs would need its own look here).
      const nested: unknown = Reflect.getMetadata('design:type', dto.prototype, m.propertyName);
      if (typeof nested === 'function' && nested !== Array && nested !== Object) for (const p of dateFieldsOf(nested as Class, `${path}.`, [...enclosing, dto])) paths.add(p);
    }
  }
  return [...paths];
}

/** What the services' ValidationPipe answers for `value` as `input` of type `dto`: the 400's body, or null if it passes. */
export async function answerFor(dto: Class, input: 'body' | 'query', value: object): Promise<{ message: string; errors: FieldError[] } | null> {
  const metadata: ArgumentMetadata = { type: input, metatype: dto, data: undefined };
  try {
    await validationPipe().transform(value, metadata);
    return null;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.getResponse() as { message: string; errors: FieldError[] };
  }
}

/** `value` with `path` (dotted) set to `to`, copying what it goes through. */
export function withField(value: object, path: string, to: unknown): object {
  const [head, ...rest] = path.split('.');
  const current = value as Record<string, unknown>;
  return { ...current, [head]: rest.length === 0 ? to : withField((current[head] as object) ?? {}, rest.join('.'), to) };
}

/** How often `field` is named in a 400's message (`field: reason; other: reason`). */
export function timesNamed(message: string, field: string): number {
  return message.split('; ').filter((part) => part.startsWith(`${field}: `)).length;
}

/** How one request field takes its date: an instant, an instant ahead, or a calendar date. */
export type DateRule = 'instant' | 'future-instant' | 'calendar-date';

/** One request field that takes a date-time or a date, with a request that is valid around it. */
export interface DateField {
  dto: Class;
  input: 'body' | 'query';
  /** Dotted for a nested field, as the 400 names it. */
  field: string;
  rule: DateRule;
  /** A valid request without the field (or with a valid value in it). */
  valid: object;
}

const RULES: Record<DateRule, { reason: string; refused: readonly unknown[]; accepted: readonly string[] }> = {
  instant: {
    reason: INSTANT_REASON,
    refused: REFUSED_INSTANTS,
    accepted: ['2030-01-31T14:30:00Z', '2030-01-31T14:30+05:45', '2028-02-29T23:59:59.123456-03:30', '2020-01-31T14:30:00+13:45'],
  },
  'future-instant': {
    reason: FUTURE_INSTANT_REASON,
    refused: [...REFUSED_INSTANTS, '2020-01-31T14:30:00Z'],
    accepted: ['2099-01-31T14:30:00Z', '2096-02-29T10:00:00.5+05:45', '2099-12-31T23:59:59-14:00'],
  },
  'calendar-date': { reason: CALENDAR_DATE_REASON, refused: REFUSED_CALENDAR_DATES, accepted: ['2032-02-29', '2030-04-30', '2030-12-31'] },
};

/** `Dto.field`, as requestDateFields names it. */
export const dateFieldKey = (f: DateField): string => `${f.dto.name}.${f.field}`;

/**
 * Tests, per field: each refused value answers 400 naming the field once (in `errors` and in `message`) with the
 * shared reason of its rule; real dates and times (leap day, odd offsets, fractions) pass.
 */
export function itChecksDateFields(fields: DateField[]): void {
  describe.each(fields.map((f) => [dateFieldKey(f), f] as const))('%s', (_, f) => {
    const { reason, refused, accepted } = RULES[f.rule];

    it.each(refused.map((v) => [JSON.stringify(v), v]))('refuses %s: 400 naming the field once, with the shared reason', async (_, value) => {
      const answer = await answerFor(f.dto, f.input, withField(f.valid, f.field, value));
      expect(answer?.errors.filter((e) => e.field === f.field)).toEqual([{ field: f.field, reason }]);
      expect(timesNamed(answer!.message, f.field)).toBe(1);
    });

    it.each(accepted)('accepts %s', async (value) => {
      expect(await answerFor(f.dto, f.input, withField(f.valid, f.field, value))).toBeNull();
    });
  });
}
