import { isValidPhoneNumber } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** A phone number in E.164 form (`+` and country code, no spaces) that is valid for its country. */
export function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isE164Phone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\+[1-9]\d{6,14}$/.test(value) && isValidPhoneNumber(value),
        defaultMessage: () => 'must be a valid phone number in E.164 form, e.g. +4915112345678',
      },
    },
    options,
  );
}

/**
 * Zone names already checked. Luxon checks a zone by building an Intl.DateTimeFormat (a fifth of a millisecond):
 * a bulk import checks the same few zones thousands of times. The set of zone names is small and fixed.
 */
const zoneChecks = new Map<string, boolean>();

function isTimeZone(value: string): boolean {
  let valid = zoneChecks.get(value);
  if (valid === undefined) {
    valid = value.includes('/') && IANAZone.isValidZone(value);
    if (zoneChecks.size < 10_000) zoneChecks.set(value, valid);
  }
  return valid;
}

/** An IANA time zone name such as Europe/Berlin. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
        defaultMessage: () => 'must be an IANA time zone such as Europe/Berlin or America/New_York',
      },
    },
    options,
  );
}

/** A BCP 47 language tag such as en or en-GB. */
export function IsLocale(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocale',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value)) return false;
          try {
            return Intl.getCanonicalLocales(value).length === 1;
          } catch {
            return false;
          }
        },
        defaultMessage: () => 'must be a language tag such as en or en-GB',
      },
    },
    options,
  );
}
