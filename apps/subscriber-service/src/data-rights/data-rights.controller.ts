import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SubscriberExport } from './dto/subscriber-export.dto';
import { DataRightsService } from './data-rights.service';
import { Roles } from '@prespond/platform';

@ApiTags('data rights')
@Roles('admin')
@Controller('subscribers')
export class DataRightsController {
  constructor(private readonly rights: DataRightsService) {}

  @Get(':id/export')
  @ApiOperation({ summary: 'Everything stored about her, from subscriber-service and messenger-service, as one JSON document' })
  @ApiOkResponse({ type: SubscriberExport })
  @ApiServiceUnavailableResponse({ description: 'messenger-service cannot be reached: try again (an export without her messages would not be complete).' })
  exportOf(@Param('id', ParseUUIDPipe) id: string): Promise<SubscriberExport> {
    return this.rights.exportOf(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase her (right to erasure)',
    description:
      'In one transaction her contact data and free text go (name replaced by "(erased)", email and phone removed, channels, ' +
      'components and regions emptied, marketing consent ended, incident follows and held digest entries deleted, active ' +
      'plans cancelled) and `subscriber.erased` is published, on which the messenger scrubs her message bodies, subjects, ' +
      'addresses and inbound texts. Rows that counts rely on (campaign recipients, marketing contacts, consent records, ' +
      'renewal reminders, activity) stay, so campaign results and incident reports add up as before. Idempotent: erasing ' +
      'her again answers 204 and changes nothing. She is no longer listed, and PATCH answers 409.',
  })
  @ApiNoContentResponse({ description: 'She is erased (now or before).' })
  @ApiNotFoundResponse({ description: 'No such subscriber.' })
  async erase(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.rights.erase(id);
  }
}
