import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { normalizeTags, TAG_PATTERN } from '@prespond/contracts';

/** An ISO-8601 instant with an explicit offset (`Z` or `+01:00`) that lies in the future. */
export function IsFutureInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFutureInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          Date.parse(value) > Date.now(),
        defaultMessage: () => 'must be an ISO-8601 date-time with an offset, in the future (e.g. 2030-01-31T14:30:00Z)',
      },
    },
    options,
  );
}

/** A list of component or region tags: normalised (trimmed, lower case, no duplicates), each letters, digits, dashes. */
export function IsTagList(options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'isTagList',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((t) => typeof t === 'string' && TAG_PATTERN.test(t)),
        defaultMessage: () => 'must be a list of names made of letters, digits and dashes (e.g. ["internet", "us-east"])',
      },
    },
    options,
  );
  const normalise = Transform(({ value }) => normalizeTags(value));
  return (target, key) => {
    normalise(target, key);
    validate(target, key);
  };
}
