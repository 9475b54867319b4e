import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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

/** The hold announcement as JSON and text, for people and dashboards; the phone system uses HoldTwimlController. */
@ApiTags('hold message')
@Public()
@Controller('hold-message')
export class HoldController {
  constructor(private readonly hold: HoldService) {}

  @Get()
  current(@Query() query: HoldQuery): Promise<HoldMessage> {
    return this.hold.messageFor(query.region);
  }

  @Get('all')
  all(): Promise<HoldMessage[]> {
    return this.hold.allMessages();
  }

  @Get('text')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  async text(@Query() query: HoldQuery): Promise<string> {
    return (await this.hold.messageFor(query.region)).text;
  }
}
