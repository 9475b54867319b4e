import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public, Roles } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { verifyAnswer } from './answer-links';
import { confirmPage, refusedPage, thanksPage } from './answer-pages';
import { FollowUpResponse, LinkAnswerDto, ListFollowUpsQuery, toFollowUpResponse } from './dto/follow-up.dto';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

/** Ops see the follow-ups of an incident with every answer; customers answer through the signed email links (no key). */
@ApiTags('follow-ups')
@Roles('ops')
@Controller('follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly service: FollowUpsService,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: [FollowUpResponse] })
  async list(@Query() query: ListFollowUpsQuery): Promise<FollowUpResponse[]> {
    const followUps = await this.followUps.list(query.incidentId);
    const answers = await this.followUps.answers(followUps.map((f) => f.id));
    return followUps.map((f) => toFollowUpResponse(f, answers));
  }

  /** The link in the email: records nothing (link scanners fetch it too), answers with a page that POSTs. */
  @Get(':id/answer')
  @Public() // the link is the credential: signed, for one follow-up and one answer
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page that asks her to confirm (403: a refused link).', schema: { type: 'string' } })
  confirm(@Param('id', ParseUUIDPipe) id: string, @Query() query: LinkAnswerDto, @Res({ passthrough: true }) res: Response): string {
    if (!this.signed(id, query)) return this.refuse(res);
    return confirmPage(id, query.answer, query.signature);
  }

  @Post(':id/answer')
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A thank-you page (403: a refused link).', schema: { type: 'string' } })
  async answer(@Param('id', ParseUUIDPipe) id: string, @Body() body: LinkAnswerDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.signed(id, body)) return this.refuse(res);
    const outcome = await this.service.answerByLink(id, body.answer);
    if (outcome === 'unknown-follow-up') return this.refuse(res);
    return thanksPage(body.answer);
  }

  private signed(id: string, dto: LinkAnswerDto): boolean {
    return verifyAnswer(this.config.followUps.linkSigningSecret, id, dto.answer, dto.signature);
  }

  private refuse(res: Response): string {
    res.status(403);
    return refusedPage();
  }
}
