import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountsService, INVITATION_DAYS, SignInResult } from '../accounts/accounts.service';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../accounts/passwords';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { Anonymous, ConsoleRequest, CurrentSession } from '../sessions/access';
import { SessionCookie } from '../sessions/session-cookie';
import { ConsoleSession, SessionService } from '../sessions/session.service';
import { LAYOUT_TEXT } from '../views/layout.text';
import { FieldProblem, Views } from '../views/views';
import { safeNext } from './safe-next';
import { SIGN_IN_TEXT as T } from './sign-in.text';
import { SsoService } from './sso.service';
import { fill } from '../views/fill';

/** Sign-in with a password or the OIDC provider, sign-out, and accepting an invitation (setting a password). */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionService,
    private readonly cookie: SessionCookie,
    private readonly sso: SsoService,
    private readonly views: Views,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('sign-in')
  @Anonymous()
  page(@Req() request: ConsoleRequest, @Res() response: Response, @Query('next') next?: string, @Query('signedOut') signedOut?: string, @Query('ended') endedParam?: string): void {
    if (request.consoleSession?.account) return response.redirect(303, safeNext(next));
    // Why the last session ended: said by the redirect that brought her here (only the reasons there are).
    const ended = request.sessionEnded ?? (Object.keys(T.ended).includes(endedParam ?? '') ? (endedParam as keyof typeof T.ended) : undefined);
    const endedText = ended
      ? fill(T.ended[ended], { minutes: this.config.sessions.idleMinutes, hours: this.config.sessions.maxHours })
      : signedOut
        ? T.signedOut
        : undefined;
    this.signInPage(request, response, HttpStatus.OK, { next: safeNext(next), endedText });
  }

  @Post('sign-in')
  @Anonymous()
  async signIn(@Req() request: ConsoleRequest, @Res() response: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const errors: FieldProblem[] = [];
    if (!email) errors.push({ field: 'email', reason: T.problems.emailMissing });
    if (!password) errors.push({ field: 'password', reason: T.problems.passwordMissing });
    if (errors.length) return this.signInPage(request, response, HttpStatus.BAD_REQUEST, { next, errors, values: { email } });
    const result = await this.accounts.signInWithPassword(email, password);
    await this.finishSignIn(request, response, result, next, { email });
  }

  @Get('sign-in/sso')
  @Anonymous()
  async startSso(@CurrentSession() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() response: Response, @Query('next') next?: string): Promise<void> {
    if (!this.sso.enabled) return response.redirect(303, '/sign-in');
    try {
      const { url, pending } = await this.sso.start(safeNext(next));
      await this.sessions.setPendingSignIn(session, pending);
      response.redirect(303, url);
    } catch {
      this.signInPage(request, response, HttpStatus.SERVICE_UNAVAILABLE, { next: safeNext(next), errors: [{ field: 'sso', reason: fill(T.problems.ssoUnavailable, { provider: this.sso.provider }) }] });
    }
  }

  @Get('sign-in/sso/callback')
  @Anonymous()
  async finishSso(@CurrentSession() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const pending = session.pendingSignIn;
    const next = safeNext(pending?.next);
    if (!pending) return this.ssoFailed(request, response, next, 'the sign-in was not started here, or took too long');
    await this.sessions.setPendingSignIn(session, null);
    let result: SignInResult;
    try {
      const identity = await this.sso.finish(new URL(request.originalUrl, this.config.publicUrl), pending);
      result = await this.accounts.signInWithOidc(identity);
    } catch (error) {
      return this.ssoFailed(request, response, next, (error as Error).message);
    }
    await this.finishSignIn(request, response, result, next, {});
  }

  @Post('sign-out')
  @Anonymous()
  async signOut(@CurrentSession() session: ConsoleSession, @Res() response: Response): Promise<void> {
    await this.sessions.end(session);
    this.cookie.clear(response);
    response.redirect(303, '/sign-in?signedOut=1');
  }

  @Get('invitation/:token')
  @Anonymous()
  async invitation(@Param('token') token: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const account = await this.accounts.byInvitation(token);
    this.invitationPage(request, response, token, account, account ? HttpStatus.OK : HttpStatus.NOT_FOUND, []);
  }

  @Post('invitation/:token')
  @Anonymous()
  async acceptInvitation(@Param('token') token: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const account = await this.accounts.byInvitation(token);
    if (!account) return this.invitationPage(request, response, token, undefined, HttpStatus.NOT_FOUND, []);
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = passwordProblem(password, account.email);
    const errors: FieldProblem[] = [];
    if (problem) errors.push({ field: 'password', reason: `The password ${problem}` });
    else if (body.confirm !== password) errors.push({ field: 'confirm', reason: T.invitation.mismatch });
    if (errors.length) return this.invitationPage(request, response, token, account, HttpStatus.BAD_REQUEST, errors);
    const updated = await this.accounts.acceptInvitation(account, password);
    await this.startSession(request, response, updated.id, '/');
  }

  private async finishSignIn(request: ConsoleRequest, response: Response, result: SignInResult, next: string, values: Record<string, string>): Promise<void> {
    if ('account' in result) return this.startSession(request, response, result.account.id, next);
    const reason =
      result.reason === 'locked'
        ? fill(T.problems.locked, { until: result.until.toISOString().slice(11, 16) })
        : result.reason === 'disabled'
          ? T.problems.disabled
          : result.reason === 'not-invited'
            ? fill(T.problems.notInvited, { email: result.email ?? '' })
            : result.reason === 'unverified-email'
              ? T.problems.unverifiedEmail
              : T.problems.wrong;
    const field = values.email !== undefined ? 'email' : 'sso';
    this.signInPage(request, response, HttpStatus.UNAUTHORIZED, { next, errors: [{ field, reason }], values });
  }

  private async startSession(request: ConsoleRequest, response: Response, accountId: string, next: string): Promise<void> {
    const account = await this.accounts.byId(accountId);
    const session = await this.sessions.signIn(request.consoleSession, account!);
    this.cookie.set(response, session.token);
    response.redirect(303, next);
  }

  private ssoFailed(request: ConsoleRequest, response: Response, next: string, why: string): void {
    this.signInPage(request, response, HttpStatus.UNAUTHORIZED, { next, errors: [{ field: 'sso', reason: fill(T.problems.ssoFailed, { provider: this.sso.provider, why }) }] });
  }

  private signInPage(request: ConsoleRequest, response: Response, status: number, data: { next: string; errors?: FieldProblem[]; values?: Record<string, string>; endedText?: string }): void {
    const html = this.views.page(request, 'sign-in/sign-in', {
      title: T.title,
      t: T,
      ...data,
      ssoLabel: this.sso.enabled ? fill(T.sso, { provider: this.sso.provider }) : undefined,
    });
    response.status(status).type('html').send(html);
  }

  private invitationPage(request: ConsoleRequest, response: Response, token: string, account: Awaited<ReturnType<AccountsService['byInvitation']>>, status: number, errors: FieldProblem[]): void {
    const html = this.views.page(request, 'sign-in/invitation', {
      title: account ? T.invitation.title : T.invitation.expiredTitle,
      t: T,
      token,
      email: account?.email,
      expired: !account,
      expiredText: fill(T.invitation.expired, { days: INVITATION_DAYS }),
      lede: account ? fill(T.invitation.lede, { email: account.email, role: LAYOUT_TEXT.roles[account.role], min: MIN_PASSWORD_LENGTH }) : '',
      errors,
    });
    response.status(status).type('html').send(html);
  }
}
