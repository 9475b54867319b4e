import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { normalizeTag, TAG_PATTERN } from '@prespond/contracts';
import { Public } from '@prespond/platform';
import { HoldMessage, HoldService } from './hold.service';

export class HoldQuery {
  @ApiPropertyOptional({ example: 'berlin', description: 'The caller’s region; omitted: the announcement for unknown regions.' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? normalizeTag(value) : value)) @IsString() @Matches(TAG_PATTERN)
  region?: string;
}

/** The announcement for one region (HoldMessage). */
export class HoldMessageResponse implements HoldMessage {
  @ApiProperty({ nullable: true, type: String, description: 'The region asked for; null: the announcement for unknown regions (every open incident).' })
  region: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String], description: 'The open incidents it speaks of.' }) incidentIds: string[];
  @ApiProperty({ type: [String], description: 'The maintenance under way it speaks of.' }) maintenanceIds: string[];
}

/** The hold announcement as JSON and text, for people and dashboards; the phone system uses HoldTwimlController. */
@ApiTags('hold message')
@Public()
@Controller('hold-message')
export class HoldController {
  constructor(private readonly hold: HoldService) {}

  @Get()
  @ApiOkResponse({ type: HoldMessageResponse })
  current(@Query() query: HoldQuery): Promise<HoldMessage> {
    return this.hold.messageFor(query.region);
  }

  @Get('all')
  @ApiOkResponse({ type: [HoldMessageResponse] })
  all(): Promise<HoldMessage[]> {
    return this.hold.allMessages();
  }

  @Get('text')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  async text(@Query() query: HoldQuery): Promise<string> {
    return (await this.hold.messageFor(query.region)).text;
  }
}
