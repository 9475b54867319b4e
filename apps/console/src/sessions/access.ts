import { createParamDecorator, CustomDecorator, ExecutionContext, ForbiddenException, SetMetadata, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { Public, Role } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { ConsoleSession, SessionEnd } from './session.service';

export const ALLOW_METADATA = 'console:allow';

/**
 * The roles that may use a page or action (admin always may). A route with neither `@Allow` nor `@Anonymous` is
 * admin-only: forgetting a decorator closes a page, never opens it. Enforced on the server (ConsoleGuard), whatever
 * the page shows; the services check the same role again when the console acts for the person.
 */
export const Allow = (...roles: Role[]): CustomDecorator<string> => SetMetadata(ALLOW_METADATA, roles);

/** No sign-in needed (the sign-in pages, assets, health). CSRF is still checked on its forms. */
export const Anonymous = Public;

/** A request as the session middleware leaves it. */
export type ConsoleRequest = Request & { consoleSession?: ConsoleSession; sessionEnded?: SessionEnd };

/** The request's session (every request past the middleware has one). */
export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext): ConsoleSession => {
  const session = context.switchToHttp().getRequest<ConsoleRequest>().consoleSession;
  if (!session) throw new Error('no session on this request: is the route excluded from SessionMiddleware?');
  return session;
});

/** The person signed in (on routes that need one). */
export const Person = createParamDecorator((_: unknown, context: ExecutionContext): StaffAccount => {
  const account = context.switchToHttp().getRequest<ConsoleRequest>().consoleSession?.account;
  if (!account) throw new SignInRequired();
  return account;
});

/** Not signed in (or the session ended): pages redirect to the sign-in page, other requests get 401. */
export class SignInRequired extends UnauthorizedException {
  constructor(readonly ended?: SessionEnd) {
    super('sign in first');
  }
}

/** Signed in, but the role may not do this. */
export class RoleRefused extends ForbiddenException {
  constructor(
    readonly account: StaffAccount,
    readonly allowed: Role[],
  ) {
    super(`${account.email} has the role ${account.role}; this needs ${[...new Set([...allowed, 'admin'])].join(' or ')}`);
  }
}

/** A state-changing request without this session's CSRF token, or from another origin. */
export class CsrfRefused extends ForbiddenException {
  constructor(reason: string) {
    super(`refused: ${reason}. Reload the page and try again.`);
  }
}
