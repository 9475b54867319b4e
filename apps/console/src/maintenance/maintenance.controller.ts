import { Body, Controller, Get, HttpStatus, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { FormBody } from '../incidents/incident-form';
import { IncidentReview } from '../incidents/incident-review';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { fill } from '../views/fill';
import { formatInstant, localInputValue, zoneOf } from '../views/time';
import { FieldProblem, Views } from '../views/views';
import { optionalMessage, problemsFromService, rescheduleFrom, scheduleFrom } from './maintenance-form';
import {
  affects,
  customersKnow,
  durationText,
  endedAt,
  listRow,
  MaintenanceWindow,
  noticePlan,
  noticesAhead,
  offsetText,
  sentence,
  stateLabel,
  timelineRows,
  windowText,
} from './maintenance-views';
import { MAINTENANCE_TEXT as T } from './maintenance.text';

const DAY_MS = 86_400_000;
const following = (count: number) => (count === 1 ? T.form.subscribersOne : fill(T.form.subscribers, { count }));
/** The past section: windows that ended within this many days, at most PAST_LIMIT of them. */
const PAST_DAYS = 90;
const PAST_LIMIT = 20;
const DONE = ['scheduled', 'moved', 'cancelled', 'completed'] as const;
type Done = (typeof DONE)[number];

/** The three changes of a window, each confirmed on a page of its own before it is made. */
type Action = 'reschedule' | 'cancel' | 'complete';
const MESSAGE_FIELD: Record<Action, string> = { reschedule: 'moveMessage', cancel: 'cancelMessage', complete: 'completeMessage' };

/** How long the notice offsets asked of incident-service are kept. */
const OFFSETS_KEPT_MS = 5 * 60_000;

/**
 * Scheduled maintenance, for ops: the windows (under way, planned, ended), scheduling one, and moving, cancelling or
 * completing it after a confirmation. Everything through incident-service's /maintenance API, which tells customers
 * (its scheduler sends the notices ahead, the start and the end).
 */
@ApiExcludeController()
@Allow('ops')
@Controller('maintenance')
export class MaintenanceController {
  constructor(
    private readonly services: ServicesClient,
    private readonly review: IncidentReview,
    private readonly views: Views,
    private readonly clock: Clock,
  ) {}

  /** incident-service's notice offsets (GET /maintenance/settings, a deployment setting): asked again every 5 minutes. */
  private offsets: number[] = [];
  private offsetsAskedAt = 0;

  private async loadOffsets(person: StaffAccount): Promise<void> {
    if (Date.now() - this.offsetsAskedAt < OFFSETS_KEPT_MS) return;
    this.offsets = (await answer('incident', this.services.for(person).incident.GET('/maintenance/settings'))).noticeOffsetsMinutes;
    this.offsetsAskedAt = Date.now();
  }

  @Get()
  async list(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.loadOffsets(person);
    const zone = zoneOf(request);
    const now = this.clock.now();
    const windows = await answer('incident', this.services.for(person).incident.GET('/maintenance', { params: { query: { state: 'all' } } }));
    const byStart = (a: MaintenanceWindow, b: MaintenanceWindow) => a.startsAt.localeCompare(b.startsAt);
    const since = now.getTime() - PAST_DAYS * DAY_MS;
    const ended = windows
      .filter((w) => (w.state === 'completed' || w.state === 'cancelled') && Date.parse(endedAt(w) ?? w.endsAt) > since)
      .sort((a, b) => (endedAt(b) ?? b.endsAt).localeCompare(endedAt(a) ?? a.endsAt));
    const row = (w: MaintenanceWindow) => listRow(w, zone, this.offsets, now);
    this.send(
      response,
      HttpStatus.OK,
      this.views.page(request, 'maintenance/list', {
        title: T.list.title,
        t: T,
        active: windows.filter((w) => w.state === 'in_progress').sort(byStart).map(row),
        planned: windows.filter((w) => w.state === 'scheduled').sort(byStart).map(row),
        past: ended.slice(0, PAST_LIMIT).map(row),
        pastCapped: ended.length > PAST_LIMIT ? fill(T.list.pastCapped, { count: PAST_LIMIT }) : undefined,
      }),
    );
  }

  @Get('new')
  async newForm(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.form(person, request, response, HttpStatus.OK, {}, []);
  }

  @Post('new')
  async schedule(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { maintenance, problems } = scheduleFrom(body, zone, this.clock.now());
    if (!maintenance) return this.form(person, request, response, HttpStatus.BAD_REQUEST, body, problems);
    try {
      const scheduled = await answer('incident', this.services.for(person).incident.POST('/maintenance', { body: maintenance }));
      response.redirect(303, `/maintenance/${scheduled.id}?done=scheduled`);
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return this.form(person, request, response, HttpStatus.BAD_REQUEST, body, problemsFromService(error.reasons));
      throw error;
    }
  }

  @Get(':id')
  async window(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    const window = await this.get(person, id);
    const notice = DONE.includes(done as Done) ? this.doneNotice(done as Done, window, zoneOf(request)) : undefined;
    this.detail(request, response, HttpStatus.OK, window, { notice });
  }

  // Move or extend: the form, its confirmation, the change.

  @Post(':id/reschedule/review')
  async reviewReschedule(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const window = await this.get(person, id);
    if (!this.allowed(window, 'reschedule')) return this.conflict(request, response, window, 'reschedule', body);
    const zone = zoneOf(request, body.timeZone);
    const { change, problems } = rescheduleFrom(body, window, zone, this.clock.now());
    if (!change) return this.detail(request, response, HttpStatus.BAD_REQUEST, window, { errors: problems, values: body });
    const told = customersKnow(window);
    this.confirm(request, response, window, 'reschedule', {
      question: fill(T.confirm.move.question, { title: window.title }),
      change: { from: windowText(window.startsAt, window.endsAt, zone), to: windowText(change.startsAt ?? window.startsAt, change.endsAt ?? window.endsAt, zone) },
      told,
      toldMessage: change.message ?? window.message,
      notTold: fill(T.confirm.notTold, { later: T.confirm.notToldMove }),
      confirmLabel: T.confirm.move.confirm,
      confirmClass: '',
      hidden: [
        { name: 'timeZone', value: zone },
        { name: 'startsAt', value: typeof body.startsAt === 'string' ? body.startsAt : '' },
        { name: 'endsAt', value: typeof body.endsAt === 'string' ? body.endsAt : '' },
        { name: 'moveMessage', value: change.message ?? '' },
      ],
    });
  }

  @Post(':id/reschedule/edit')
  async editReschedule(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    this.detail(request, response, HttpStatus.OK, await this.get(person, id), { values: body });
  }

  @Post(':id/reschedule')
  async reschedule(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const window = await this.get(person, id);
    if (!this.allowed(window, 'reschedule')) return this.conflict(request, response, window, 'reschedule', body);
    const { change, problems } = rescheduleFrom(body, window, zoneOf(request, body.timeZone), this.clock.now());
    if (!change) return this.detail(request, response, HttpStatus.BAD_REQUEST, window, { errors: problems, values: body });
    await this.act(person, request, response, window, 'reschedule', body, () =>
      answer('incident', this.services.for(person).incident.POST('/maintenance/{id}/reschedule', { params: { path: { id } }, body: change })),
    );
  }

  // Cancel (planned) and complete early (under way): an optional message, a confirmation, the change.

  @Post(':id/cancel/review')
  async reviewCancel(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.reviewEnd(person, id, 'cancel', request, response, body);
  }

  @Post(':id/cancel/edit')
  async editCancel(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    this.detail(request, response, HttpStatus.OK, await this.get(person, id), { values: body });
  }

  @Post(':id/cancel')
  async cancel(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.end(person, id, 'cancel', request, response, body);
  }

  @Post(':id/complete/review')
  async reviewComplete(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.reviewEnd(person, id, 'complete', request, response, body);
  }

  @Post(':id/complete/edit')
  async editComplete(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    this.detail(request, response, HttpStatus.OK, await this.get(person, id), { values: body });
  }

  @Post(':id/complete')
  async complete(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.end(person, id, 'complete', request, response, body);
  }

  private async reviewEnd(person: StaffAccount, id: string, action: 'cancel' | 'complete', request: ConsoleRequest, response: Response, body: FormBody): Promise<void> {
    const window = await this.get(person, id);
    if (!this.allowed(window, action)) return this.conflict(request, response, window, action, body);
    const field = MESSAGE_FIELD[action];
    const { message, valid } = optionalMessage(body[field]);
    if (!valid) return this.detail(request, response, HttpStatus.BAD_REQUEST, window, { errors: [{ field, reason: T.problems.optionalMessage }], values: body });
    const zone = zoneOf(request);
    const words = action === 'cancel' ? T.confirm.cancel : T.confirm.complete;
    this.confirm(request, response, window, action, {
      question: fill(words.question, { title: window.title }),
      body: fill(words.body, { window: windowText(window.startsAt, window.endsAt, zone), end: formatInstant(window.endsAt, zone) }),
      // A cancellation is news only to customers who heard of the window; the end of one under way always is.
      told: action === 'complete' || customersKnow(window),
      toldMessage: message ?? T.confirm.standardWords[action],
      notTold: fill(T.confirm.notTold, { later: T.confirm.notToldCancel }),
      confirmLabel: words.confirm,
      confirmClass: 'warning',
      hidden: [{ name: field, value: message ?? '' }],
    });
  }

  private async end(person: StaffAccount, id: string, action: 'cancel' | 'complete', request: ConsoleRequest, response: Response, body: FormBody): Promise<void> {
    const window = await this.get(person, id);
    if (!this.allowed(window, action)) return this.conflict(request, response, window, action, body);
    const field = MESSAGE_FIELD[action];
    const { message, valid } = optionalMessage(body[field]);
    if (!valid) return this.detail(request, response, HttpStatus.BAD_REQUEST, window, { errors: [{ field, reason: T.problems.optionalMessage }], values: body });
    const api = this.services.for(person).incident;
    const params = { path: { id } };
    await this.act(person, request, response, window, action, body, () =>
      answer('incident', action === 'cancel' ? api.POST('/maintenance/{id}/cancel', { params, body: message ? { message } : {} }) : api.POST('/maintenance/{id}/complete', { params, body: message ? { message } : {} })),
    );
  }

  /** Makes the change; then to the window's page with a notice, or back to it with the service's reasons. */
  private async act(person: StaffAccount, request: ConsoleRequest, response: Response, window: MaintenanceWindow, action: Action, body: FormBody, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!(error instanceof ServiceRefused) || ![400, 409].includes(error.status)) throw error;
      const current = await this.get(person, window.id);
      if (error.status === 409 || !this.allowed(current, action)) return this.conflict(request, response, current, action, body);
      const problems = action === 'reschedule' ? problemsFromService(error.reasons, { message: 'moveMessage' }, 'startsAt') : problemsFromService(error.reasons, { message: MESSAGE_FIELD[action] }, MESSAGE_FIELD[action]);
      return this.detail(request, response, HttpStatus.BAD_REQUEST, current, { errors: problems, values: body });
    }
    const done: Record<Action, Done> = { reschedule: 'moved', cancel: 'cancelled', complete: 'completed' };
    response.redirect(303, `/maintenance/${window.id}?done=${done[action]}`);
  }

  /** Whether the window's state allows the change (the service decides; this only shows the right forms and words). */
  private allowed(window: MaintenanceWindow, action: Action): boolean {
    if (action === 'cancel') return window.state === 'scheduled';
    if (action === 'complete') return window.state === 'in_progress';
    return window.state === 'scheduled' || window.state === 'in_progress';
  }

  /** The window changed meanwhile (it began, ended, or someone else cancelled it): its page as it is now, saying so. */
  private conflict(request: ConsoleRequest, response: Response, window: MaintenanceWindow, action: Action, body: FormBody): void {
    const reason = fill(T.problems.conflict[action === 'reschedule' ? 'move' : action], { state: stateLabel(window.state).toLowerCase() });
    this.detail(request, response, HttpStatus.CONFLICT, window, { errors: [{ field: 'state', reason }], values: body });
  }

  /** The window with its timeline; a page that is not there when the service knows no such window. */
  private async get(person: StaffAccount, id: string): Promise<MaintenanceWindow> {
    await this.loadOffsets(person);
    try {
      return await answer('incident', this.services.for(person).incident.GET('/maintenance/{id}', { params: { path: { id } } }));
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 404) throw new NotFoundException(`no maintenance ${id}`);
      throw error;
    }
  }

  private doneNotice(done: Done, window: MaintenanceWindow, zone: string): string {
    const last = (kind: string) => [...window.timeline].reverse().find((e) => e.kind === kind);
    if (done === 'scheduled') return fill(T.done.scheduled, { plan: noticePlan(this.offsets, window.startsAt, this.clock.now(), zone) });
    if (done === 'moved') return last('rescheduled')?.announce ? T.done.movedTold : T.done.moved;
    if (done === 'cancelled') return last('cancelled')?.announce ? T.done.cancelledTold : T.done.cancelled;
    return T.done.completed;
  }

  private detail(request: ConsoleRequest, response: Response, status: number, window: MaintenanceWindow, extra: { notice?: string; errors?: FieldProblem[]; values?: FormBody }): void {
    const zone = zoneOf(request);
    const scheduled = window.state === 'scheduled';
    const inProgress = window.state === 'in_progress';
    const zoneHint = fill(T.form.zoneHint, { zone });
    const html = this.views.page(request, 'maintenance/window', {
      title: window.title,
      t: T,
      zone,
      window,
      stateLabel: stateLabel(window.state),
      when: windowText(window.startsAt, window.endsAt, zone),
      duration: durationText(Date.parse(window.endsAt) - Date.parse(window.startsAt)),
      startedAt: formatInstant(window.startedAt, zone),
      completedAt: formatInstant(window.completedAt, zone),
      cancelledAt: formatInstant(window.cancelledAt, zone),
      components: window.components.join(', '),
      regions: window.regions.length ? window.regions.join(', ') : T.everywhere,
      scheduled,
      inProgress,
      open: scheduled || inProgress,
      notices: scheduled ? noticesAhead(this.offsets, window.startsAt, this.clock.now(), zone).map((n) => fill(T.detail.noticeAt, n)) : [],
      timeline: timelineRows(window, zone),
      moveHeading: inProgress ? T.move.headingInProgress : T.move.heading,
      moveLede: inProgress ? T.move.ledeInProgress : T.move.lede,
      startFixed: fill(T.move.startFixed, { at: formatInstant(window.startsAt, zone) }),
      zoneHint,
      ...extra,
      values: { startsAt: localInputValue(window.startsAt, zone), endsAt: localInputValue(window.endsAt, zone), ...extra.values },
    });
    this.send(response, status, html);
  }

  private confirm(
    request: ConsoleRequest,
    response: Response,
    window: MaintenanceWindow,
    action: Action,
    page: { question: string; body?: string; change?: { from: string; to: string }; told: boolean; toldMessage: string; notTold: string; confirmLabel: string; confirmClass: string; hidden: { name: string; value: string }[] },
  ): void {
    const html = this.views.page(request, 'maintenance/confirm', {
      title: page.question,
      t: T,
      window,
      affects: affects(window),
      ...page,
      action: `/maintenance/${window.id}/${action}`,
      editAction: `/maintenance/${window.id}/${action}/edit`,
    });
    this.send(response, HttpStatus.OK, html);
  }

  private async form(person: StaffAccount, request: ConsoleRequest, response: Response, status: number, body: FormBody, errors: FieldProblem[]): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    await this.loadOffsets(person);
    const tags = await this.review.knownTags(person);
    const picked = (name: string) => new Set((Array.isArray(body[name]) ? body[name] : body[name] ? [body[name]] : []) as string[]);
    const components = picked('components');
    const regions = picked('regions');
    const when = this.offsets.length ? fill(T.plan.lede, { offsets: sentence(this.offsets.map(offsetText)) }) : T.plan.ledeNone;
    const html = this.views.page(request, 'maintenance/new', {
      title: T.form.title,
      t: T,
      zone,
      errors,
      values: { ...body, startsAt: body.startsAt ?? '', endsAt: body.endsAt ?? '' },
      lede: fill(T.form.lede, { when }),
      componentOptions: tags.components.map((c) => ({ value: c.name, label: following(c.subscribers), checked: components.has(c.name) })),
      regionOptions: tags.regions.map((r) => ({ value: r.name, label: following(r.subscribers), checked: regions.has(r.name) })),
      zoneHint: fill(T.form.zoneHint, { zone }),
    });
    this.send(response, status, html);
  }

  private send(response: Response, status: number, html: string): void {
    response.status(status).type('html').send(html);
  }
}
