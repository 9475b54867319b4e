import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { PreferencePages } from './preference-pages';
import { PAGE_ORIGIN, PreferencesService } from './preferences.service';
import { PublicPage } from './public-page';

/**
 * The unsubscribe links of emails (`List-Unsubscribe`, RFC 2369 and RFC 8058): public, no API key, no cookie, no CSRF
 * token. `POST /unsubscribe/<token>` (body `List-Unsubscribe=One-Click`, urlencoded or multipart: the token alone
 * decides) withdraws at once and answers 200 however often it comes; `GET` only shows a page with that button, because
 * mail scanners fetch every link and must not unsubscribe anyone.
 */
@ApiExcludeController()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly pages: PreferencePages,
  ) {}

  @Get(':token')
  @PublicPage()
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const opened = await this.preferences.open(token, ['unsub-marketing', 'unsub-all'], true);
    if (opened.status !== 'ok') return this.refuse(res);
    return this.pages.unsubscribeConfirm(this.preferences.unsubscribeAction(token), scopeOf(opened.purpose));
  }

  @Post(':token')
  @HttpCode(200)
  @PublicPage()
  async unsubscribe(@Param('token') token: string, @Body() body: { via?: unknown } | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    const opened = await this.preferences.open(token, ['unsub-marketing', 'unsub-all'], true);
    if (opened.status !== 'ok') return this.refuse(res);
    const scope = scopeOf(opened.purpose);
    const byPage = body?.via === 'page';
    const origin = byPage ? (scope === 'all' ? PAGE_ORIGIN.confirmAll : PAGE_ORIGIN.confirmMarketing) : PAGE_ORIGIN.oneClick;
    if (scope === 'all') await this.preferences.unsubscribeAll(opened.subscriber, origin);
    else await this.preferences.unsubscribeMarketing(opened.subscriber, origin);
    // The page offers her whole preference page: a fresh link, since this one can only unsubscribe (not from an
    // expired one, though: an old leaked email must not open her settings).
    return this.pages.unsubscribed(scope, opened.expired ? null : this.preferences.link(opened.subscriber.id, 'prefs'));
  }

  private refuse(res: Response): string {
    res.status(403);
    return this.pages.refused('tampered', this.preferences.requestLinkAction());
  }
}

function scopeOf(purpose: string): 'marketing' | 'all' {
  return purpose === 'unsub-all' ? 'all' : 'marketing';
}
