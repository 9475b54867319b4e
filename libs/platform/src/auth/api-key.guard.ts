import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyRing, KeyHolder, Principal, Role, ROLES } from './api-keys';
import { AuthenticatedRequest, PUBLIC_METADATA, ROLES_METADATA } from './access.decorators';

/** The key of a request: `Authorization: Bearer <secret>`, or `X-Api-Key: <secret>` for tools that cannot do the first. */
export function presentedKey(request: Request): string | undefined {
  const authorization = request.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? (request.header('x-api-key')?.trim() || undefined);
}

/** The headers a console key names the person with (see KEY_ROLES). */
export const ACTING_FOR_HEADER = 'x-acting-for';
export const ACTING_ROLE_HEADER = 'x-acting-role';

/** A person's name as the console sends it: their email or login, printable, at most 254 characters. */
const ACTING_NAME = /^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]{0,252}[^\s\x00-\x1f\x7f])?$/;

/**
 * The caller a key stands for: its holder, or for a console key the person it names (who must be named, with one of
 * the people's roles). A person's own key cannot name somebody else.
 */
export function callerOf(request: Request, holder: KeyHolder): Principal {
  const name = request.header(ACTING_FOR_HEADER);
  const role = request.header(ACTING_ROLE_HEADER);
  if (holder.role !== 'console') {
    if (name !== undefined || role !== undefined) throw new ForbiddenException(`${holder.name}'s key is a person's own: only a console key may act for someone (X-Acting-For)`);
    return { name: holder.name, role: holder.role };
  }
  if (!name || !ACTING_NAME.test(name) || !(ROLES as readonly string[]).includes(role ?? '')) {
    throw new ForbiddenException(
      `${holder.name} is a console key: it acts only for a person, named in X-Acting-For (at most 254 printable characters) with their role in X-Acting-Role (${ROLES.join(', ')})`,
    );
  }
  return { name, role: role as Role, via: holder.name };
}

/**
 * Registered for every route of every service (CoreModule), default-deny: `@Public()` routes pass; everything else
 * needs a known key (401 with `WWW-Authenticate: Bearer` otherwise) whose role is in the route's `@Roles` or is admin
 * (403 otherwise). A route without `@Roles` is admin-only. Kafka handlers are not HTTP and are left to their contracts.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('AccessControl');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRing,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const secret = presentedKey(request);
    const holder = secret ? this.keys.identify(secret) : undefined;
    if (!holder) {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', secret ? 'Bearer realm="prespond", error="invalid_token"' : 'Bearer realm="prespond"');
      throw new UnauthorizedException(secret ? 'unknown API key' : 'an API key is required (Authorization: Bearer <key>)');
    }
    const principal = callerOf(request, holder);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_METADATA, targets) ?? [];
    if (principal.role === 'admin' || allowed.includes(principal.role)) return true;
    this.logger.warn(`${principal.name} (${principal.role}${principal.via ? ` via ${principal.via}` : ''}) was refused ${request.method} ${request.path}`);
    throw new ForbiddenException(`${principal.name} has the role ${principal.role}; this needs ${[...new Set([...allowed, 'admin'])].join(' or ')}`);
  }
}
