import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { sendEmailPreview } from '../views/event-stream';
import { zoneOf } from '../views/time';
import { CampaignComposer, FiguresAnswer, Previews } from './campaign-composer';
import { FormBody } from './campaign-form';
import { resultsView } from './campaign-views';

/**
 * What console.js asks while marketing works on a campaign, so the page follows without a reload: the audience
 * figures of the form as it is (not saved), one customer's previews of the content being written, the email as HTML
 * for the preview frame, and the results of a running campaign. Each is also on the page without JavaScript.
 */
@ApiExcludeController()
@Allow('marketing')
@Controller('campaigns')
export class CampaignLiveController {
  constructor(
    private readonly services: ServicesClient,
    private readonly composer: CampaignComposer,
  ) {}

  /** The audience's size, per channel, and each exclusion for the composer's fields as they are now. */
  @Post('audience')
  @HttpCode(200)
  audience(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Body() body: FormBody): Promise<FiguresAnswer> {
    return this.composer.figures(person, body, zoneOf(request, body.timeZone));
  }

  /** Her text and email with the content being written (`previewFor` names her). */
  @Post(':id/preview')
  @HttpCode(200)
  async preview(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormBody): Promise<Previews> {
    if (typeof body.previewFor !== 'string' || !/^[0-9a-f-]{36}$/i.test(body.previewFor)) return {};
    return this.composer.previews(person, id, body, body.previewFor);
  }

  /** Her email as HTML, with the saved content (the frame's first load). */
  @Get(':id/email-preview')
  async savedEmail(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Query('subscriberId') subscriberId: unknown, @Res() response: Response): Promise<void> {
    sendEmailPreview(response, typeof subscriberId === 'string' ? await this.composer.emailHtml(person, id, subscriberId) : undefined);
  }

  /** Her email as HTML, with the content being written (the composer's form posted into the frame). */
  @Post(':id/email-preview')
  async draftEmail(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    sendEmailPreview(response, typeof body.previewFor === 'string' ? await this.composer.emailHtml(person, id, body.previewFor, body) : undefined);
  }

  /** The results per channel, as the campaign page's table and chart show them. */
  @Get(':id/results')
  async results(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string) {
    return resultsView(await answer('subscriber', this.services.for(person).subscriber.GET('/campaigns/{id}/results', { params: { path: { id } } })));
  }
}
