import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Anonymous } from '../sessions/access';

/** Liveness, and readiness (its database answers): for the stack's start-up and an orchestrator's probes. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('live')
  @Anonymous()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Anonymous()
  async ready(): Promise<{ status: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new ServiceUnavailableException(`database: ${(error as Error).message}`);
    }
    return { status: 'ok' };
  }
}
