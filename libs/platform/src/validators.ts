import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { normalizeTags, TAG_PATTERN } from '@prespond/contracts';

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
