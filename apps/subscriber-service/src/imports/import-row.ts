import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, fieldErrorsOf } from '@prespond/platform';
import { CreateSubscriberDto } from '../subscribers/dto/subscriber.dto';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { contactErrors, ProfileFields, profileFrom } from '../subscribers/subscriber-rules';

/**
 * One row of a subscriber import, from CSV text to the profile it describes. The columns are CreateSubscriberDto's
 * fields and each row is checked by the DTO's own validators (and the channel↔address rule of subscriber-rules), so
 * an import accepts exactly what `POST /subscribers` accepts.
 */

/** Columns every import file must name: the external id, and what `POST /subscribers` requires. */
export const REQUIRED_COLUMNS = ['externalId', 'name', 'timeZone', 'components', 'regions', 'channels'] as const;
/** Columns a file may name; a profile column it leaves out keeps its current value (new subscribers: the default). */
export const OPTIONAL_COLUMNS = [
  'email', 'phone', 'locale', 'cadence', 'digestHours', 'criticalOverride', 'marketingConsent', 'optedOutChannels', 'consentWording',
  'quietHoursStart', 'quietHoursEnd', 'quietHoursIncidents', 'quietHoursCritical',
] as const;
/** Columns holding lists, separated by `;` in a cell. */
const LIST_COLUMNS = new Set(['components', 'regions', 'channels', 'optedOutChannels']);
const BOOLEAN_COLUMNS = new Set(['criticalOverride', 'marketingConsent', 'quietHoursCritical']);
const INTEGER_COLUMNS = new Set(['digestHours']);
const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

/** What is wrong with a header row: a missing required column, an unknown or repeated one. */
export function headerErrors(header: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const column of REQUIRED_COLUMNS) if (!header.includes(column)) errors.push({ field: column, reason: 'is a required column and missing from the header row' });
  const seen = new Set<string>();
  for (const column of header) {
    if (!KNOWN_COLUMNS.has(column)) errors.push({ field: column || '(empty)', reason: `is not a known column (known: ${[...KNOWN_COLUMNS].join(', ')})` });
    else if (seen.has(column)) errors.push({ field: column, reason: 'is named twice in the header row' });
    seen.add(column);
  }
  return errors;
}

/** The profile fields a file sets: those its header names. */
export function profileColumns(header: readonly string[]): (keyof ProfileFields)[] {
  return header.filter((c): c is keyof ProfileFields => KNOWN_COLUMNS.has(c) && c !== 'consentWording');
}

/**
 * A row's cells as the plain object a JSON request would carry: an empty cell is an omitted field (a list: an
 * empty list), lists split at `;`, `true`/`false` and integers converted. A cell that is not what its column
 * holds is passed on as text, so the DTO's validator names the field and the reason.
 */
export function rowToPlain(record: Record<string, string>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const cell = (raw ?? '').trim();
    if (LIST_COLUMNS.has(column)) plain[column] = cell.split(';').map((item) => item.trim()).filter((item) => item !== '');
    else if (cell === '') continue;
    else if (BOOLEAN_COLUMNS.has(column)) plain[column] = /^true$/i.test(cell) ? true : /^false$/i.test(cell) ? false : cell;
    else if (INTEGER_COLUMNS.has(column)) plain[column] = /^-?\d+$/.test(cell) ? Number(cell) : cell;
    else plain[column] = cell;
  }
  return plain;
}

/** A row checked on its own: its external id, and the request it makes (or why it makes none). */
export interface CheckedRow {
  externalId: string | null;
  dto?: CreateSubscriberDto;
  errors: FieldError[];
}

/**
 * Checks a row with CreateSubscriberDto's validators, plus "the external id is there" (the API leaves it optional).
 * Synchronously: its validators are all synchronous, and a promise per row is most of the cost of 10,000 rows.
 */
export function checkRow(record: Record<string, string>): CheckedRow {
  const plain = rowToPlain(record);
  const dto = plainToInstance(CreateSubscriberDto, plain);
  const errors = fieldErrorsOf(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
  const externalId = typeof plain.externalId === 'string' ? plain.externalId : null;
  if (externalId === null) errors.unshift({ field: 'externalId', reason: 'is required' });
  return errors.length > 0 ? { externalId, errors } : { externalId, dto, errors };
}

/** What importing a valid row does to the subscriber with its external id (or to nobody yet). */
export type RowOutcome =
  | { kind: 'imported'; subscriber: SubscriberEntity }
  | { kind: 'updated'; before: SubscriberEntity; subscriber: SubscriberEntity }
  | { kind: 'unchanged'; subscriber: SubscriberEntity }
  | { kind: 'rejected'; errors: FieldError[] };

const COMPARED: (keyof ProfileFields)[] = [
  'externalId', 'name', 'email', 'phone', 'timeZone', 'locale', 'components', 'regions', 'channels', 'cadence', 'digestHours',
  'criticalOverride', 'marketingConsent', 'optedOutChannels', 'quietHoursStart', 'quietHoursEnd', 'quietHoursIncidents', 'quietHoursCritical',
];

/**
 * Applies a valid row to `existing` (null: she is new, and gets `newId`): only the columns the file names change,
 * opt-outs and withdrawn consent are kept, the channel↔address rule is checked on the result, and a row that changes nothing is `unchanged` (so importing
 * the same file again writes nothing and publishes nothing). An erased subscriber is never brought back.
 */
export function applyRow(existing: SubscriberEntity | null, dto: CreateSubscriberDto, columns: readonly (keyof ProfileFields)[], now: Date, newId: string): RowOutcome {
  const profile = profileFrom(dto);
  if (existing?.erasedAt) return { kind: 'rejected', errors: [{ field: 'externalId', reason: 'belongs to a subscriber erased at her request' }] };
  const subscriber = existing
    ? Object.assign(new SubscriberEntity(), existing, Object.fromEntries(columns.map((c) => [c, profile[c]])))
    : Object.assign(new SubscriberEntity(), { id: newId, ...profile, lastSeenAt: null, erasedAt: null, createdAt: now, updatedAt: now });
  if (existing) {
    // A file from another system may be older than what she said since (STOP, her page, one-click): an import can
    // opt her out and withdraw her consent, never undo an opt-out or a withdrawal. That is hers to do, on her page.
    subscriber.optedOutChannels = [...new Set([...existing.optedOutChannels, ...subscriber.optedOutChannels])];
    if (!existing.marketingConsent) subscriber.marketingConsent = false;
  }
  const errors = contactErrors(subscriber);
  if (errors.length > 0) return { kind: 'rejected', errors };
  if (!existing) return { kind: 'imported', subscriber };
  if (COMPARED.every((f) => JSON.stringify(existing[f]) === JSON.stringify(subscriber[f]))) return { kind: 'unchanged', subscriber: existing };
  subscriber.updatedAt = now;
  return { kind: 'updated', before: existing, subscriber };
}
