import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@prespond/platform';
import { IncidentParams, IncidentReport } from './dto/incident-report.dto';
import { incidentReportCsv } from './incident-report.csv';
import { ReportsService } from './reports.service';

const unavailable = { description: 'messenger-service (which has the delivery figures) cannot be reached; 502 if it answers nonsense.' };

/** The incident report, as JSON or as CSV for a spreadsheet. */
@ApiTags('reports')
@Roles('ops')
@Controller('incidents')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/report')
  @ApiOkResponse({ type: IncidentReport })
  @ApiServiceUnavailableResponse(unavailable)
  report(@Param() params: IncidentParams): Promise<IncidentReport> {
    return this.reports.incidentReport(params.id);
  }

  @Get(':id/report.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per update × channel, per promise and per channel total (column `record`).', schema: { type: 'string' } })
  @ApiServiceUnavailableResponse(unavailable)
  @Header('content-type', 'text/csv; charset=utf-8')
  async reportCsv(@Param() params: IncidentParams, @Res({ passthrough: true }) response: Response): Promise<string> {
    const csv = incidentReportCsv(await this.reports.incidentReport(params.id));
    response.setHeader('content-disposition', `attachment; filename="incident-${params.id}-report.csv"`);
    return csv;
  }
}
