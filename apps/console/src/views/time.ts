import { DateTime, IANAZone } from 'luxon';
import { parse } from 'cookie';
import type { Request } from 'express';

/** The cookie console.js keeps the browser's time zone in (harmless: not a secret, only how times are shown). */
export const ZONE_COOKIE = 'prespond-tz';

/** The person's time zone: the form's `timeZone` field, else the browser's (cookie), else UTC. */
export function zoneOf(request: Request, formZone?: unknown): string {
  const candidates = [formZone, parse(request.headers.cookie ?? '')[ZONE_COOKIE]];
  return (candidates.find((z) => typeof z === 'string' && IANAZone.isValidZone(z)) as string | undefined) ?? 'UTC';
}

/** "2 Dec 14:30 CET": a time as people in `zone` read it (the zone's abbreviation, so nobody has to guess). */
export function formatInstant(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('d LLL HH:mm ZZZZ');
}

/** The value of a datetime-local input showing `iso` in `zone` ("2026-12-02T14:30"). */
export function localInputValue(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * The instant a datetime-local value means in `zone`, as the services want it (ISO with offset), or undefined when it
 * is no real date and time ("2026-02-30T10:00" is refused, never rolled over). An empty value is null.
 */
export function instantFromLocal(value: unknown, zone: string): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value)) return undefined;
  const local = DateTime.fromISO(value, { zone });
  return local.isValid ? local.toUTC().toISO({ suppressMilliseconds: true })! : undefined;
}
