import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { PreferenceForm } from './preference-form';
import { PreferencePages } from './preference-pages';
import { PublicPage } from './public-page';
import { FreshLinksService, parseContact } from './fresh-links.service';
import { Opened, PAGE_ORIGIN, PreferencesService } from './preferences.service';

/**
 * Her preference page, behind the signed link in every message (`/preferences/<token>`): public, no API key, no
 * login, no cookie; the token in the path (and in the form's action) is the only credential. A tampered link is 403,
 * an expired one 410, both with a form asking for a fresh link (`POST /preferences/link`).
 */
@ApiExcludeController()
@Controller('preferences')
export class PreferencesController {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly links: FreshLinksService,
    private readonly pages: PreferencePages,
  ) {}

  /** A fresh link to the address or number she gives: the same answer whether or not we know it. */
  @Post('link')
  @HttpCode(200)
  @PublicPage()
  async requestLink(@Body() body: { contact?: unknown }, @Res({ passthrough: true }) res: Response): Promise<string> {
    const typed = typeof body?.contact === 'string' ? body.contact : '';
    const contact = parseContact(typed);
    if (!contact) {
      res.status(400);
      return this.pages.refused('request', this.requestLinkAction(), 'Enter an email address like name@example.com, or a mobile number with its country code like +49 151 12345678.', typed);
    }
    await this.links.request(contact);
    return this.pages.linkRequested();
  }

  @Get(':token')
  @PublicPage()
  async show(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const opened = await this.preferences.open(token, ['prefs']);
    if (opened.status !== 'ok') return this.refuse(opened, res);
    return this.pages.preferences(await this.preferences.view(token, opened.subscriber), this.requestLinkAction());
  }

  /** The form: saved through the API's own path, or shown again with a message per field (400). */
  @Post(':token')
  @HttpCode(200)
  @PublicPage()
  async save(@Param('token') token: string, @Body() form: PreferenceForm, @Res({ passthrough: true }) res: Response): Promise<string> {
    const opened = await this.preferences.open(token, ['prefs']);
    if (opened.status !== 'ok') return this.refuse(opened, res);
    const { errors, subscriber } = await this.preferences.save(opened.subscriber, form ?? {});
    if (errors.length > 0) {
      res.status(400);
      return this.pages.preferences(await this.preferences.view(token, opened.subscriber, form, errors), this.requestLinkAction());
    }
    const view = await this.preferences.view(token, subscriber!, undefined, [], 'Your choices apply from the very next message.');
    return this.pages.preferences(view, this.requestLinkAction());
  }

  @Post(':token/unsubscribe-all')
  @HttpCode(200)
  @PublicPage()
  async unsubscribeAll(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const opened = await this.preferences.open(token, ['prefs']);
    if (opened.status !== 'ok') return this.refuse(opened, res);
    await this.preferences.unsubscribeAll(opened.subscriber, PAGE_ORIGIN.unsubscribeAll);
    return this.pages.unsubscribed('all', `${this.preferences.link(opened.subscriber.id, 'prefs')}`);
  }

  private refuse(opened: Exclude<Opened, { status: 'ok' }>, res: Response): string {
    res.status(opened.status === 'expired' ? 410 : 403);
    return this.pages.refused(opened.status, this.requestLinkAction());
  }

  private requestLinkAction(): string {
    return this.preferences.requestLinkAction();
  }
}
