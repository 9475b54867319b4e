import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { principalOf } from '../auth/access.decorators';
import { Principal } from '../auth/api-keys';
import { Clock } from '../clock';
import { AuditRepository } from './audit.repository';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every change a principal makes (any request but GET/HEAD/OPTIONS on a keyed route, whatever its outcome) is written
 * to the audit trail before the answer goes out, so an answered change is always on record. Public routes have no
 * principal and are not recorded here (Twilio's webhooks and signed links keep their own records).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditTrail');

  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const principal = principalOf(request);
    if (!principal || READS.has(request.method)) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      concatMap(async (result) => {
        await this.record(request, principal, this.successStatus(context, request, response), result);
        return result;
      }),
      catchError((error) => from(this.record(request, principal, error instanceof HttpException ? error.getStatus() : 500)).pipe(concatMap(() => throwError(() => error)))),
    );
  }

  /** Nest sets the status after interceptors: the handler's @HttpCode, its own `res.status`, or the default. */
  private successStatus(context: ExecutionContext, request: Request, response: Response): number {
    if (response.statusCode !== 200) return response.statusCode;
    return this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
  }

  private async record(request: Request, principal: Principal, statusCode: number, result?: unknown): Promise<void> {
    const params = (request.params ?? {}) as Record<string, string>;
    const created = result && typeof result === 'object' && 'id' in result ? String((result as { id: unknown }).id) : null;
    try {
      await this.audit.record({
        occurredAt: this.clock.now(),
        actor: principal.name,
        role: principal.role,
        method: request.method,
        path: request.originalUrl.split('?')[0].slice(0, 2000),
        statusCode,
        targetId: params.id ?? Object.values(params)[0] ?? created,
        via: principal.via ?? null,
      });
    } catch (error) {
      // The change itself is committed: refusing the answer now would not undo it, only hide that it happened.
      this.logger.error(`could not record ${principal.name}'s ${request.method} ${request.originalUrl} (${statusCode}): ${(error as Error).message}`);
    }
  }
}
