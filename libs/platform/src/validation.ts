import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** One problem with a request: which field, and why. */
export interface FieldError {
  field: string;
  reason: string;
}

/** class-validator's errors as field errors (nested fields dotted), as a 400 names them. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** Answers a 400 naming each bad field and the reason. */
export function badRequest(errors: FieldError[]): BadRequestException {
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
