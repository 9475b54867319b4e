import { All, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { normalizeTag, TAG_PATTERN } from '@prespond/contracts';
import { twiml } from 'twilio';
import { HoldMessage, HoldService } from './hold.service';

export class HoldQuery {
  @ApiPropertyOptional({ example: 'berlin', description: 'The caller’s region; omitted: the announcement for unknown regions.' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? normalizeTag(value) : value)) @IsString() @Matches(TAG_PATTERN)
  region?: string;
}

/** Seconds of hold music (or silence) between announcements. */
const PAUSE_SECONDS = 20;

@ApiTags('hold message')
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

  /**
   * TwiML for a queue's `<Enqueue waitUrl>`: say the announcement, pause, and come back for the latest one.
   * Twilio posts its call parameters in the body; only `region` in the query matters.
   */
  @All('twiml')
  @Header('content-type', 'text/xml')
  @ApiProduces('text/xml')
  async twiml(@Query() query: HoldQuery): Promise<string> {
    const { text } = await this.hold.messageFor(query.region);
    const response = new twiml.VoiceResponse();
    response.say({ voice: 'Polly.Joanna', language: 'en-US' }, text);
    response.pause({ length: PAUSE_SECONDS });
    response.redirect({ method: 'POST' }, query.region ? `twiml?region=${encodeURIComponent(query.region)}` : 'twiml');
    return response.toString();
  }
}
