import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { IMPORT_FORMAT_DESCRIPTION, ImportReport } from './dto/import-report.dto';
import { SubscriberImportService } from './subscriber-import.service';
import { Roles } from '@prespond/platform';

@ApiTags('subscribers')
@Roles('admin')
@Controller('subscribers')
export class SubscriberImportController {
  constructor(private readonly imports: SubscriberImportService) {}

  /** The body is read as a stream (no body parser takes text/csv), so a large file is never held in memory. */
  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk import of subscribers from CSV, idempotent by externalId', description: IMPORT_FORMAT_DESCRIPTION })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'externalId,name,email,phone,timeZone,components,regions,channels,marketingConsent,consentWording\r\n' +
        'CRM-1,Ada Lovelace,ada@example.com,+4915112345678,Europe/Berlin,internet;tv,berlin,sms;email,true,Yes to offers\r\n',
    },
  })
  @ApiOkResponse({ type: ImportReport, description: 'What the import did, with every rejected row and its reasons.' })
  @ApiBadRequestResponse({ description: 'Not CSV, or the header row lacks a required column or names an unknown one.' })
  import(@Req() request: Request): Promise<ImportReport> {
    return this.imports.import(request, request.headers['content-type']);
  }
}
