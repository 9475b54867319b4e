import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@prespond/platform';
import { CreateSubscriberDto, ListSubscribersQuery, SubscriberPage, SubscriberResponse, UpdateSubscriberDto } from './dto/subscriber.dto';
import { ConsentRecordResponse } from '../consent/dto/consent-record.dto';
import { SubscribersService } from './subscribers.service';

@ApiTags('subscribers')
@Roles('admin')
@Controller('subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Post()
  @ApiCreatedResponse({ type: SubscriberResponse })
  create(@Body() dto: CreateSubscriberDto): Promise<SubscriberResponse> {
    return this.subscribers.create(dto);
  }

  // Ops look customers up (follows, communications), marketing checks whom a campaign reaches; changes stay admin's.
  @Get()
  @Roles('ops', 'marketing')
  @ApiOkResponse({ type: SubscriberPage })
  list(@Query() query: ListSubscribersQuery): Promise<SubscriberPage> {
    return this.subscribers.list(query);
  }

  @Get(':id')
  @Roles('ops', 'marketing')
  @ApiOkResponse({ type: SubscriberResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SubscriberResponse> {
    return this.subscribers.get(id);
  }

  /** Every opt-in and opt-out of hers (marketing consent, channel opt-outs), with source, wording and time. */
  @Get(':id/consents')
  @ApiOkResponse({ type: [ConsentRecordResponse] })
  consents(@Param('id', ParseUUIDPipe) id: string): Promise<ConsentRecordResponse[]> {
    return this.subscribers.consentRecords(id);
  }

  /** The same records as CSV (RFC 4180): recordedAt, purpose, granted, source, wording. */
  @Get(':id/consents.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('content-type', 'text/csv; charset=utf-8')
  async consentsCsv(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const csv = await this.subscribers.consentRecordsCsv(id);
    response.setHeader('content-disposition', `attachment; filename="consents-${id}.csv"`);
    return csv;
  }

  @Patch(':id')
  @ApiOkResponse({ type: SubscriberResponse })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSubscriberDto): Promise<SubscriberResponse> {
    return this.subscribers.update(id, dto);
  }
}
