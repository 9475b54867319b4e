import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@prespond/platform';
import { StatusSnapshot, StatusSnapshotQuery } from './status-snapshot.dto';
import { StatusSnapshotService } from './status-snapshot.service';

/**
 * What the public status page shows (apps/status-page polls it). Public like the page itself: only what customers
 * are told (no authors, no notices, no audit). Express answers a repeated poll with 304 by the ETag of the body.
 */
@ApiTags('status')
@Public()
@Controller('status')
export class StatusController {
  constructor(private readonly snapshots: StatusSnapshotService) {}

  @Get('snapshot')
  @Header('Cache-Control', 'no-cache')
  @ApiOkResponse({ type: StatusSnapshot })
  snapshot(@Query() query: StatusSnapshotQuery): Promise<StatusSnapshot> {
    return this.snapshots.snapshot(query.days ?? 90);
  }
}
