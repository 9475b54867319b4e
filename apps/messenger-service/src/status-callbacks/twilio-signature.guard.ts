import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { validateRequest } from 'twilio';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';

/** The answer to a Twilio webhook without a valid signature. */
export const INVALID_TWILIO_SIGNATURE = 'invalid or missing X-Twilio-Signature';

/**
 * Whether a webhook really comes from Twilio: its X-Twilio-Signature matches the configured public URL with the
 * request's path and query, and the posted parameters, signed with our auth token.
 */
export function signedByTwilio(config: MessengerServiceConfig, signature: string | undefined, pathAndQuery: string, params: Record<string, string>): boolean {
  return !!signature && validateRequest(config.twilio.authToken, signature, `${config.publicUrl}${pathAndQuery}`, params);
}

/** Lets a webhook through only if signedByTwilio; anything else is 403, before any handler runs. */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!signedByTwilio(this.config, request.header('x-twilio-signature'), request.originalUrl, (request.body ?? {}) as Record<string, string>)) {
      throw new ForbiddenException(INVALID_TWILIO_SIGNATURE);
    }
    return true;
  }
}
