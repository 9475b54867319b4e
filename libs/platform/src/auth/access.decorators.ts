import { createParamDecorator, CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Role } from './api-keys';

export const ROLES_METADATA = 'prespond:roles';
export const PUBLIC_METADATA = 'prespond:public';

/**
 * The roles that may call a controller's routes (or one handler's, which then replaces the controller's). `admin` may
 * always. A route with neither `@Roles` nor `@Public` is admin-only: forgetting a decorator closes a route, never
 * opens it.
 */
export const Roles = (...roles: Role[]): CustomDecorator<string> => SetMetadata(ROLES_METADATA, roles);

/**
 * No key needed: health, the hold announcement, Twilio's webhooks (which keep their signature guard), pages behind
 * signed links. Whatever such a route does must be safe for anyone on the internet to call.
 */
export const Public = (): CustomDecorator<string> => SetMetadata(PUBLIC_METADATA, true);

/** A request as the ApiKeyGuard leaves it: with the principal its key belongs to (none on public routes). */
export type AuthenticatedRequest = Request & { principal?: Principal };

/** The principal of a request (undefined on a public route). */
export function principalOf(request: Request): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}

/** The caller of the request (`{ name, role }`), for handlers that record who did something. Not for public routes. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);
