import { Body, Controller, DynamicModule, Get, Global, Logger, Module, Post, Put } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditRepository } from './audit/audit.repository';
import { Public } from './auth/access.decorators';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKey, ApiKeyRing } from './auth/api-keys';
import { Clock, ShiftableClock, SystemClock } from './clock';
import { IsInstant } from './date-time';
import { FastRoutes } from './fast-routes';

export class SetClockDto {
  /** The new "now", a date-time with an offset. */
  @IsInstant()
  now: string;
}

export class AdvanceClockDto {
  @IsInt() @Min(0)
  ms: number;
}

/**
 * Moves the service's clock, for end-to-end tests only: mounted when `TEST_CLOCK=true`, never in production (the
 * service logs a warning when it is).
 */
@ApiExcludeController()
@Public()
@Controller('test/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Get()
  get(): { now: string } {
    return { now: this.clock.now().toISOString() };
  }

  @Put()
  set(@Body() body: SetClockDto): { now: string } {
    (this.clock as ShiftableClock).set(new Date(body.now));
    return this.get();
  }

  @Post('advance')
  advance(@Body() body: AdvanceClockDto): { now: string } {
    (this.clock as ShiftableClock).advance(body.ms);
    return this.get();
  }
}

export interface CoreOptions {
  /** Who may call the service's API (API_KEYS); none refuses to start. */
  apiKeys: readonly ApiKey[];
  testClock?: boolean;
}

/**
 * A service's config (under its own token) and its Clock, for every module of the app; and access control for every
 * route: the ApiKeyGuard (default-deny, see `@Roles`/`@Public`), the audit trail of every change (`GET /audit`, admin).
 * Registered here, where every app starts, so no controller can be left out. With `testClock` the clock can be moved
 * over HTTP (`PUT /test/clock`); otherwise it is the system clock. In-process tests replace the Clock.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(configToken: symbol, config: unknown, options: CoreOptions): DynamicModule {
    if (options.testClock) new Logger('CoreModule').warn('TEST_CLOCK is on: this service\'s time can be moved over HTTP (tests only)');
    return {
      module: CoreModule,
      controllers: [AuditController, ...(options.testClock ? [TestClockController] : [])],
      providers: [
        { provide: configToken, useValue: config },
        { provide: Clock, useValue: options.testClock ? new ShiftableClock() : new SystemClock() },
        // Built here, not lazily: an app without keys fails while starting, not at its first request.
        { provide: ApiKeyRing, useValue: new ApiKeyRing(options.apiKeys) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        AuditRepository,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        FastRoutes,
      ],
      exports: [configToken, Clock, FastRoutes],
    };
  }
}
