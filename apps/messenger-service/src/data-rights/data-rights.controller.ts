import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Payload } from '@nestjs/microservices';
import { MessengerSubscriberExport, SubscriberErasedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { DataRightsService } from './data-rights.service';
import { Roles } from '@prespond/platform';

/** subscriber-service's data export asks here (contract MessengerSubscriberExportSchema). */
@ApiTags('data rights')
@Roles('admin')
@Controller('subscribers')
export class DataRightsController {
  constructor(private readonly rights: DataRightsService) {}

  @Get(':id/export')
  @ApiOperation({ summary: 'Everything the messenger keeps about one subscriber: messages, inbound texts, follow-ups and answers' })
  @ApiOkResponse({ description: 'MessengerSubscriberExport (libs/contracts/src/http/subscriber-export.ts), version 1.', schema: { type: 'object', additionalProperties: true } })
  exportOf(@Param('id', ParseUUIDPipe) id: string): Promise<MessengerSubscriberExport> {
    return this.rights.exportOf(id);
  }
}

/** Kafka adapter: scrubs a subscriber erased at her request. */
@Controller()
export class SubscriberErasureConsumer {
  constructor(private readonly rights: DataRightsService) {}

  @HandleEvent(Topics.SubscriberErased)
  async scrubOnSubscriberErased(@Payload() event: SubscriberErasedEvent): Promise<void> {
    await this.rights.erase(event);
  }
}
