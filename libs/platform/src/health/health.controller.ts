import { Controller, Get, Inject, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA } from '@prespond/kafka';
import { Public } from '../auth/access.decorators';
import { READINESS_CHECKS, ReadinessCheck, withTimeout } from './readiness';

const CHECK_TIMEOUT_MS = 3_000;

/**
 * `GET /health/live`: the process answers (restart it if not). `GET /health/ready`: it can do its work — database,
 * Kafka and the service's own dependencies (providers) answer; 503 with the failing parts otherwise.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = [],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.probe('kafka', () => this.kafkaAnswers()),
      ...(this.checks ?? []).map((c) => () => this.probe(c.name, () => c.check())),
    ]);
  }

  private async probe(name: string, check: () => Promise<void>) {
    const session = this.indicators.check(name);
    try {
      await withTimeout(check(), CHECK_TIMEOUT_MS, name);
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async kafkaAnswers(): Promise<void> {
    try {
      this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
      await this.admin.describeCluster();
    } catch (error) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
