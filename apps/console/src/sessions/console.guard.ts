import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { parse } from 'cookie';
import { timingSafeEqual } from 'node:crypto';
import { AuthenticatedRequest, PUBLIC_METADATA, Role } from '@prespond/platform';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { ALLOW_METADATA, ConsoleRequest, CsrfRefused, RoleRefused, SignInRequired } from './access';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Paths that need no session: static files and the probes. */
const SESSIONLESS = /^\/(assets|health)\//;

/**
 * Every console route, default-deny. First the session: the one of the request's cookie, or a new anonymous one
 * (whose CSRF token protects the sign-in form). Then CSRF: a request that changes something must carry the session's CSRF token
 * (form field `_csrf` or header `X-CSRF-Token`) and, when the browser says where it comes from (Origin,
 * Sec-Fetch-Site), come from the console itself. Then access: `@Anonymous()` routes pass; others need a person signed
 * in whose role is in `@Allow` (or admin).
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  private readonly logger = new Logger('ConsoleAccess');

  constructor(
    private readonly reflector: Reflector,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets));
    if (!SESSIONLESS.test(request.path)) await this.attachSession(request, context.switchToHttp().getResponse<Response>(), isPublic);
    const account = request.consoleSession?.account;
    // Signed out first: a form sent after the session ended goes to sign-in, not to a CSRF refusal.
    if (!isPublic && !account) throw new SignInRequired(request.sessionEnded);
    // The test clock (TEST_CLOCK only) is called by test code, never by a browser.
    if (!SAFE_METHODS.has(request.method) && !(this.config.testClock && request.path.startsWith('/test/'))) this.checkCsrf(request);
    if (isPublic) return true;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOW_METADATA, targets) ?? [];
    if (account!.role === 'admin' || allowed.includes(account!.role)) {
      // The principal the platform's audit trail records: the console's own changes (people, roles) under their email.
      (request as AuthenticatedRequest).principal = { name: account!.email, role: account!.role };
      return true;
    }
    this.logger.warn(`${account!.email} (${account!.role}) was refused ${request.method} ${request.path}`);
    throw new RoleRefused(account!, allowed);
  }

  /**
   * The session of the request's cookie. Without a live one, an anonymous session starts only where one is needed
   * (the sign-in pages: its CSRF token protects their forms); elsewhere the request is answered "sign in first", and
   * the ended session's cookie keeps saying why until the person signs in again.
   */
  private async attachSession(request: ConsoleRequest, response: Response, isPublic: boolean): Promise<void> {
    if (request.consoleSession) return;
    const token = parse(request.headers.cookie ?? '')[this.cookie.name];
    const resumed = token ? await this.sessions.resume(token) : undefined;
    if (typeof resumed === 'string') request.sessionEnded = resumed;
    if (resumed && typeof resumed === 'object') {
      request.consoleSession = resumed;
    } else if (isPublic) {
      request.consoleSession = await this.sessions.start();
      this.cookie.set(response, request.consoleSession.token);
    }
  }

  private checkCsrf(request: ConsoleRequest): void {
    const origin = request.header('origin');
    const own = [this.config.publicUrl, `${request.protocol}://${request.header('host')}`];
    if (origin && origin !== 'null' && !own.includes(origin)) throw new CsrfRefused(`the request came from ${origin}, not from the console`);
    if (request.header('sec-fetch-site') === 'cross-site') throw new CsrfRefused('the request came from another site');
    const body = request.body as Record<string, unknown> | undefined;
    const presented = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.header('x-csrf-token');
    const expected = request.consoleSession?.csrfToken;
    if (!presented || !expected || !sameSecret(presented, expected)) throw new CsrfRefused('the form has no valid CSRF token (it may be from an earlier session)');
  }
}
