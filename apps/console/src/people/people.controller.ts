import { Body, Controller, Get, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isEmail } from 'class-validator';
import { Clock, Role, ROLES } from '@prespond/platform';
import { INVITATION_DAYS } from '../accounts/accounts.service';
import { signInMethods, StaffAccount } from '../accounts/staff-account';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { ConsoleRequest, Person } from '../sessions/access';
import { SsoService } from '../sign-in/sso.service';
import { LAYOUT_TEXT } from '../views/layout.text';
import { FieldProblem, Views } from '../views/views';
import { PEOPLE_TEXT as T } from './people.text';
import { PeopleRefusal, PeopleResult, PeopleService } from './people.service';
import { fill } from '../views/fill';

const DONE = ['role', 'disabled', 'enabled', 'unlocked'] as const;
type Done = (typeof DONE)[number];

const REFUSALS: Record<PeopleRefusal, string> = { unknown: T.problems.unknown, 'last-admin': T.problems.lastAdmin, self: T.problems.self, 'email-taken': T.problems.emailTaken };

/** Admins manage the people who use the console (no @Allow: admin only). */
@ApiExcludeController()
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly sso: SsoService,
    private readonly views: Views,
    private readonly clock: Clock,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get()
  async list(@Req() request: ConsoleRequest, @Res() response: Response, @Query('done') done?: string, @Query('id') id?: string): Promise<void> {
    let notice: string | undefined;
    if (DONE.includes(done as Done) && id) {
      const account = (await this.people.list()).find((a) => a.id === id);
      if (account) notice = fill(T.done[done as Done], { email: account.email, role: LAYOUT_TEXT.roles[account.role] });
    }
    await this.render(request, response, HttpStatus.OK, { notice });
  }

  @Post()
  async invite(@Person() by: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const role = body.role as Role;
    const how = body.how as 'password' | 'sso';
    const errors: FieldProblem[] = [];
    if (!isEmail(email)) errors.push({ field: 'email', reason: T.problems.email });
    if (!name || name.length > 100) errors.push({ field: 'name', reason: T.problems.name });
    if (!(ROLES as readonly string[]).includes(role)) errors.push({ field: 'role', reason: T.problems.role });
    if (how !== 'password' && how !== 'sso') errors.push({ field: 'how', reason: T.problems.how });
    else if (how === 'sso' && !this.sso.enabled) errors.push({ field: 'how', reason: T.problems.noSso });
    if (!errors.length) {
      const result = await this.people.invite(by, { email, name, role, how });
      if ('account' in result) {
        const intro = result.invitationToken ? T.done.invitedPassword : T.done.invitedSso;
        return this.render(request, response, HttpStatus.CREATED, {
          linkIntro: fill(intro, { email, days: INVITATION_DAYS, provider: this.sso.provider }),
          link: result.invitationToken ? this.invitationLink(result.invitationToken) : undefined,
          notice: result.invitationToken ? undefined : fill(intro, { email, provider: this.sso.provider }),
        });
      }
      errors.push({ field: 'email', reason: fill(REFUSALS[result.refused], { email }) });
    }
    await this.render(request, response, HttpStatus.BAD_REQUEST, { errors, values: { email, name, role, how } });
  }

  @Post(':id/role')
  async setRole(@Person() by: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Body('role') role: Role, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.answer(request, response, await this.people.setRole(by, id, role), 'role', `role-${id}`);
  }

  @Post(':id/disable')
  async disable(@Person() by: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.answer(request, response, await this.people.setDisabled(by, id, true), 'disabled', `person-${id}`);
  }

  @Post(':id/enable')
  async enable(@Person() by: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.answer(request, response, await this.people.setDisabled(by, id, false), 'enabled', `person-${id}`);
  }

  @Post(':id/unlock')
  async unlock(@Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.answer(request, response, await this.people.unlock(id), 'unlocked', `person-${id}`);
  }

  @Post(':id/invitation')
  async newInvitation(@Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const result = await this.people.newInvitation(id);
    if (!('account' in result)) return this.render(request, response, HttpStatus.NOT_FOUND, { errors: [{ field: `person-${id}`, reason: REFUSALS[result.refused] }] });
    await this.render(request, response, HttpStatus.OK, {
      linkIntro: fill(T.done.newLink, { email: result.account.email, days: INVITATION_DAYS }),
      link: this.invitationLink(result.invitationToken!),
    });
  }

  /** After a change: back to the list saying what was done (so a reload does not repeat it), or the refusal. */
  private async answer(request: ConsoleRequest, response: Response, result: PeopleResult, done: Done, field: string): Promise<void> {
    if ('account' in result) return response.redirect(303, `/people?done=${done}&id=${result.account.id}`);
    await this.render(request, response, result.refused === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, { errors: [{ field, reason: REFUSALS[result.refused] }] });
  }

  private invitationLink(token: string): string {
    return `${this.config.publicUrl}/invitation/${token}`;
  }

  private async render(request: ConsoleRequest, response: Response, status: number, data: Record<string, unknown>): Promise<void> {
    const now = this.clock.now();
    const people = (await this.people.list()).map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      roleLabel: fill(T.actions.roleFor, { name: a.name }),
      roles: ROLES.map((r) => ({ value: r, label: LAYOUT_TEXT.roles[r], selected: r === a.role })),
      methods: signInMethods(a).map((m) => T.signInMethods[m as 'password' | 'sso']).join(', '),
      status: a.disabledAt
        ? T.status.disabled
        : a.lockedUntil && a.lockedUntil > now
          ? fill(T.status.locked, { until: a.lockedUntil.toISOString().slice(11, 16) })
          : !a.passwordHash && !a.oidcSubject
            ? T.status.invited
            : T.status.active,
      disabled: Boolean(a.disabledAt),
      locked: Boolean(a.lockedUntil && a.lockedUntil > now),
    }));
    const values = (data.values ?? {}) as Record<string, string>;
    const html = this.views.page(request, 'people/people', {
      title: T.title,
      t: T,
      people,
      inviteRoles: ROLES.map((r) => ({ value: r, label: T.roleHints[r], checked: values.role === r })),
      howPassword: values.how === 'password' || !this.sso.enabled,
      howSso: values.how === 'sso',
      ssoLabel: this.sso.enabled ? fill(T.invite.howSso, { provider: this.sso.provider }) : undefined,
      ...data,
    });
    response.status(status).type('html').send(html);
  }
}
