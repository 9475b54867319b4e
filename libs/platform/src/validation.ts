import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** One problem with a request: which field, and why. */
export interface FieldError {
  field: string;
  reason: string;
}

/**
 * class-validator's errors as field errors (nested fields dotted), as a 400 names them: one entry per field. A field
 * that breaks several constraints (IsString and Length, say) gets one entry whose reason joins its distinct reasons
 * with '; ', in the order class-validator found them: every reason is kept, and the field is named once.
 */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return oneEntryPerField(flatten(errors, parent));
}

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator's own messages start with the property ("name must be a string"): the entry already names it.
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason: withoutProperty(reason, error.property) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function withoutProperty(reason: string, property: string): string {
  return reason.startsWith(`${property} `) ? reason.slice(property.length + 1) : reason;
}

/** Field errors merged so each field appears once, where it first appeared, with its distinct reasons joined by '; '. */
export function oneEntryPerField(errors: FieldError[]): FieldError[] {
  const reasons = new Map<string, string[]>();
  for (const { field, reason } of errors) {
    const known = reasons.get(field);
    if (!known) reasons.set(field, [reason]);
    else if (!known.includes(reason)) known.push(reason);
  }
  return [...reasons].map(([field, list]) => ({ field, reason: list.join('; ') }));
}

/** Answers a 400 naming each bad field once, with its reason. */
export function badRequest(found: FieldError[]): BadRequestException {
  const errors = oneEntryPerField(found);
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
    errors,
  });
}

/** The ValidationPipe every service uses: unknown fields are refused, each error names its field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest(fieldErrorsOf(errors)),
  });
}
