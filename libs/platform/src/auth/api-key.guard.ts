import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyRing, Role } from './api-keys';
import { AuthenticatedRequest, PUBLIC_METADATA, ROLES_METADATA } from './access.decorators';

/** The key of a request: `Authorization: Bearer <secret>`, or `X-Api-Key: <secret>` for tools that cannot do the first. */
export function presentedKey(request: Request): string | undefined {
  const authorization = request.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? (request.header('x-api-key')?.trim() || undefined);
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
    const principal = secret ? this.keys.identify(secret) : undefined;
    if (!principal) {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', secret ? 'Bearer realm="prespond", error="invalid_token"' : 'Bearer realm="prespond"');
      throw new UnauthorizedException(secret ? 'unknown API key' : 'an API key is required (Authorization: Bearer <key>)');
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_METADATA, targets) ?? [];
    if (principal.role === 'admin' || allowed.includes(principal.role)) return true;
    this.logger.warn(`${principal.name} (${principal.role}) was refused ${request.method} ${request.path}`);
    throw new ForbiddenException(`${principal.name} has the role ${principal.role}; this needs ${[...new Set([...allowed, 'admin'])].join(' or ')}`);
  }
}
