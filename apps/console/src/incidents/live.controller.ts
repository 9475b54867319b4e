import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { streamChanges } from '../views/event-stream';
import { progressRows } from './incident-views';

/** How often the console asks the messenger while someone watches an incident. */
const POLL_MS = 1_000;

/**
 * Live delivery progress of an incident as server-sent events: while the page is open, the console asks the
 * messenger's delivery report every second and pushes a `progress` event whenever a figure changed (the page updates
 * its table; without JavaScript the table is as of the page load). The stream ends when the page goes away.
 */
@ApiExcludeController()
@Allow('ops')
@Controller('incidents')
export class IncidentLiveController {
  constructor(private readonly services: ServicesClient) {}

  @Get(':id/live')
  live(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): void {
    const api = this.services.for(person);
    streamChanges(request, response, 'progress', POLL_MS, async () => progressRows(await answer('messenger', api.messenger.GET('/reports/incidents/{id}/deliveries', { params: { path: { id } } }))));
  }
}
