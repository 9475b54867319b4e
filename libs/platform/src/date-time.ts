import { ValidateBy, ValidationOptions } from 'class-validator';
import { CALENDAR_DATE_REASON, FUTURE_INSTANT_REASON, INSTANT_REASON, isCalendarDate, NOT_FUTURE_INSTANT_REASON, parseInstant } from '@prespond/contracts';

/**
 * The one date-time rule, for requests. The rule itself (parsing, reason texts, zod schemas) is in
 * @prespond/contracts, which the events share; it is re-exported here so a service finds it where its other
 * request rules are.
 */
export {
  calendarDateSchema,
  CALENDAR_DATE_REASON,
  FUTURE_INSTANT_REASON,
  INSTANT_REASON,
  instantSchema,
  isCalendarDate,
  NOT_FUTURE_INSTANT_REASON,
  NOT_PAST_CALENDAR_DATE_REASON,
  parseInstant,
} from '@prespond/contracts';

/** A condition on the moment besides its form, checked against the system clock when the request arrives. */
export type InstantCondition = { future?: true; notFuture?: never } | { notFuture?: true; future?: never };

/**
 * A date-time with an offset (`Z` or `±HH:MM`) that names a real calendar date and time: 2030-02-30, 24:00 or a
 * missing offset are refused, never moved. `future`: it must lie ahead; `notFuture`: it must not. The reason is the
 * shared one (with the condition added), so every field of every service says the same thing.
 */
export function IsInstant(condition: InstantCondition = {}, options?: ValidationOptions): PropertyDecorator {
  const reason = condition.future ? FUTURE_INSTANT_REASON : condition.notFuture ? NOT_FUTURE_INSTANT_REASON : INSTANT_REASON;
  return ValidateBy(
    {
      name: 'isInstant',
      constraints: [condition],
      validator: {
        validate: (value: unknown) => {
          const at = parseInstant(value);
          if (!at) return false;
          if (condition.future) return at.getTime() > Date.now();
          if (condition.notFuture) return at.getTime() <= Date.now();
          return true;
        },
        defaultMessage: () => reason,
      },
    },
    options,
  );
}

/** A calendar date `YYYY-MM-DD` of a day that exists (2030-02-30 does not), for date-only fields such as a renewal date. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: () => CALENDAR_DATE_REASON,
      },
    },
    options,
  );
}
