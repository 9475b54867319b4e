import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '@prespond/platform';
import { CsrfRefused, ConsoleRequest, RoleRefused, SignInRequired } from '../sessions/access';
import { ServiceUnavailable } from '../services/service-error';
import { LAYOUT_TEXT } from './layout.text';
import { ERROR_TEXT } from './errors.text';
import { Views } from './views';
import { fill } from './fill';

/** Whether the caller wants JSON (the page's own scripts ask with Accept: application/json) rather than a page. */
export const wantsJson = (request: ConsoleRequest) => (request.header('accept') ?? '').includes('application/json') && !(request.header('accept') ?? '').includes('text/html');

/**
 * Errors as people should see them: not signed in → to the sign-in page (and back after); a role that may not →
 * a page saying who they are and what is needed; a refused CSRF check, a service not answering, a missing page →
 * a plain page saying what happened and that nothing was changed. The page's scripts get JSON instead.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly views: Views) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<ConsoleRequest>();
    const response = context.getResponse<Response>();
    if (response.headersSent) return;
    const status = error instanceof HttpException ? error.getStatus() : error instanceof ServiceUnavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error(`${request.method} ${request.path}: ${(error as Error)?.stack ?? error}`);
    // A page, or a form sent after the session ended (what it said is lost; nothing was changed): to sign-in, and back.
    if (error instanceof SignInRequired && !wantsJson(request) && !(request.header('accept') ?? '').includes('text/event-stream')) {
      const next = ['GET', 'HEAD'].includes(request.method) ? request.originalUrl : (request.header('referer') && new URL(request.header('referer')!, 'http://x').pathname) || '/';
      const query = new URLSearchParams({ next, ...(error.ended ? { ended: error.ended } : {}) });
      response.redirect(303, `/sign-in?${query}`);
      return;
    }
    const message = error instanceof HttpException ? errorMessage(error) : status === 503 ? (error as Error).message : 'internal error';
    if (wantsJson(request)) {
      response.status(status).json({ statusCode: status, message });
      return;
    }
    const [heading, body] =
      error instanceof RoleRefused
        ? [ERROR_TEXT.forbidden.title, fill(ERROR_TEXT.forbidden.body, { name: error.account.email, role: LAYOUT_TEXT.roles[error.account.role], needed: [...new Set<Role>([...error.allowed, 'admin'])].map((r) => LAYOUT_TEXT.roles[r]).join(' or ') })]
        : error instanceof CsrfRefused
          ? [ERROR_TEXT.csrf.title, ERROR_TEXT.csrf.body]
          : error instanceof SignInRequired
            ? [ERROR_TEXT.forbidden.title, message]
            : status === 404
              ? [ERROR_TEXT.notFound.title, ERROR_TEXT.notFound.body]
              : status === 503
                ? [ERROR_TEXT.unavailable.title, ERROR_TEXT.unavailable.body]
                : status < 500
                  ? [ERROR_TEXT.failed.title, message]
                  : [ERROR_TEXT.failed.title, ERROR_TEXT.failed.body];
    const html = this.views.page(request, 'views/error', { title: heading, t: ERROR_TEXT, heading, body });
    response.status(status).type('html').send(html);
  }
}

function errorMessage(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}
