import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { zoneOf } from '../views/time';
import { Views } from '../views/views';
import { severityLabel, statusLabel } from '../incidents/incident-views';
import { INCIDENT_REPORT_TEXT as T } from './incident-report.text';
import { deliveryChart, deliveryRows, followUpRows, promiseRows, reportSummary, timelineEntries, totalRows } from './report-views';
import { fill } from '../views/fill';

const label = (status: string) => statusLabel(status as Parameters<typeof statusLabel>[0]).split(':')[0];

/**
 * The report of one incident for ops: incident-service's report (timeline with who posted each entry, promises,
 * update × channel figures, follow-up answers) and the messenger's delivery over time for the chart; the CSV proxied.
 */
@ApiExcludeController()
@Allow('ops')
@Controller('incidents')
export class IncidentReportController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get(':id/report')
  async report(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const zone = zoneOf(request);
    const api = this.services.for(person);
    const [report, timeline] = await Promise.all([
      answer('incident', api.incident.GET('/incidents/{id}/report', { params: { path: { id } } })),
      answer('messenger', api.messenger.GET('/reports/incidents/{id}/timeline', { params: { path: { id } } })),
    ]);
    const channelsUsed = report.totals.channels.filter((c) => c.messages > 0).map((c) => c.channel);
    const html = this.views.page(request, 'incident-report/report', {
      title: fill(T.title, { title: report.incident.title }),
      t: T,
      incident: report.incident,
      severityLabel: severityLabel(report.incident.severity),
      statusLabel: statusLabel(report.incident.status),
      summary: reportSummary(report, zone),
      chart: deliveryChart(timeline, channelsUsed, zone),
      deliveries: deliveryRows(report, label),
      totals: totalRows(report),
      timeline: timelineEntries(report, zone, label),
      promises: promiseRows(report, zone),
      followUps: followUpRows(report),
    });
    response.type('html').send(html);
  }

  /** incident-service's CSV, downloaded through the console (the browser never talks to the services). */
  @Get(':id/report.csv')
  async csv(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const csv = await answer('incident', this.services.for(person).incident.GET('/incidents/{id}/report.csv', { params: { path: { id } }, parseAs: 'text' }));
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="incident-${id}-report.csv"`)
      .send(csv);
  }
}
