import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Publication } from './publication/publication';
import { SnapshotSource } from './snapshot/snapshot-source';

/** Liveness, and readiness (something is published: the page has had a snapshot), for the stack and probes. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly publication: Publication,
    private readonly source: SnapshotSource,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready once a status is published; a page that could not refresh lately stays ready (it says how old it is). */
  @Get('ready')
  ready(): { status: 'ok'; staleSince: string | null } {
    if (!this.publication.get('/')) throw new ServiceUnavailableException('no status published yet: incident-service has not answered');
    return { status: 'ok', staleSince: this.source.staleSince?.toISOString() ?? null };
  }
}
