import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { validateRequest } from 'twilio';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';

/**
 * Lets a webhook through only if its X-Twilio-Signature matches the configured public URL and the posted
 * parameters, signed with our auth token. Anything else is 403, before any handler runs.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    const url = `${this.config.publicUrl}${request.originalUrl}`;
    const params = (request.body ?? {}) as Record<string, string>;
    if (!signature || !validateRequest(this.config.twilio.authToken, signature, url, params)) {
      throw new ForbiddenException('invalid or missing X-Twilio-Signature');
    }
    return true;
  }
}
