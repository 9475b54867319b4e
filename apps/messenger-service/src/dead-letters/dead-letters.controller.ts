import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { DeadLetterReplayResponse, DeadLetterResponse, DeadLetterSummaryResponse, DeadLetterTopicParams } from './dto/dead-letter.dto';
import { DeadLettersService } from './dead-letters.service';

/** The dead letters of every topic, for admins: what is there, why, and a replay after the fix (as `npm run dlq`). */
@ApiTags('dead-letters')
@Roles('admin')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOkResponse({ type: DeadLetterSummaryResponse, isArray: true })
  summary(): Promise<DeadLetterSummaryResponse[]> {
    return this.deadLetters.summary();
  }

  @Get(':topic')
  @ApiOkResponse({ type: DeadLetterResponse, isArray: true })
  letters(@Param() params: DeadLetterTopicParams): Promise<DeadLetterResponse[]> {
    return this.deadLetters.letters(params.topic);
  }

  /** Sends the waiting ones back to the topic (replaying twice sends nothing twice). */
  @Post(':topic/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: DeadLetterReplayResponse })
  replay(@Param() params: DeadLetterTopicParams): Promise<DeadLetterReplayResponse> {
    return this.deadLetters.replay(params.topic);
  }
}
