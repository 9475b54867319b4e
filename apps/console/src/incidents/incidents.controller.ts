import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { FieldProblem, Views } from '../views/views';
import { sendEmailPreview } from '../views/event-stream';
import { formatInstant, localInputValue, zoneOf } from '../views/time';
import { declarationFrom, FormBody, messageOf, problemsFromService, SEVERITIES, STATUSES, updateFrom } from './incident-form';
import { affects, boardRow, progressRows, severityLabel, statusLabel } from './incident-views';
import { IncidentReview, PREVIEW_TEMPLATES, PreviewTemplate, ReviewedIncident } from './incident-review';
import { INCIDENTS_TEXT as T } from './incidents.text';
import { fill } from '../views/fill';

const WEEK_MS = 7 * 86_400_000;
const DONE = ['declared', 'updated', 'resolved', 'reopened'] as const;

/** Ops declare, update and resolve incidents, and watch them reach customers. */
@ApiExcludeController()
@Allow('ops')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly services: ServicesClient,
    private readonly review: IncidentReview,
    private readonly views: Views,
    private readonly clock: Clock,
  ) {}

  @Get()
  async board(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const zone = zoneOf(request);
    const incidents = await answer('incident', this.services.for(person).incident.GET('/incidents', { params: { query: { state: 'all' } } }));
    const since = this.clock.now().getTime() - WEEK_MS;
    const active = incidents.filter((i) => i.status !== 'resolved').sort((a, b) => b.declaredAt.localeCompare(a.declaredAt));
    const recent = incidents.filter((i) => i.status === 'resolved' && i.resolvedAt && Date.parse(i.resolvedAt) > since).sort((a, b) => b.resolvedAt!.localeCompare(a.resolvedAt!));
    this.send(response, HttpStatus.OK, this.views.page(request, 'incidents/board', { title: T.board.title, t: T, active: active.map((i) => boardRow(i, zone)), recent: recent.map((i) => boardRow(i, zone)) }));
  }

  @Get('new')
  async newForm(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.form(person, request, response, HttpStatus.OK, {}, []);
  }

  /** The form's values again (from the review's "Change something"). */
  @Post('new/edit')
  async edit(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.form(person, request, response, HttpStatus.OK, body, []);
  }

  /** Checks the form, then shows the reach estimate and the previews: nothing is sent yet. */
  @Post('new')
  async check(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { incident, problems } = declarationFrom(body, zone, this.clock.now());
    if (!incident) return this.form(person, request, response, HttpStatus.BAD_REQUEST, body, problems);
    const view = await this.review.build(person, incident, zone);
    this.send(
      response,
      HttpStatus.OK,
      this.views.page(request, 'incidents/review', { title: T.review.title, heading: T.review.heading, t: T, zone, ...view, action: '/incidents/new/declare', editAction: '/incidents/new/edit', confirmLabel: T.review.confirm }),
    );
  }

  /** The email of the review, on its own (the review shows it in a sandboxed frame). */
  @Get('new/email-preview')
  async emailPreview(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Query() query: FormBody): Promise<void> {
    const zone = zoneOf(request, query.timeZone);
    const { incident } = declarationFrom(query, zone, new Date(0));
    const template = PREVIEW_TEMPLATES.find((t) => t === query.template) ?? 'incident.declared';
    const draft = incident && (template === 'incident.resolved' ? { ...incident, status: 'resolved' as const } : incident);
    const html = draft && typeof query.subscriberId === 'string' ? await this.review.emailHtml(person, draft, query.subscriberId, template) : undefined;
    sendEmailPreview(response, html);
  }

  @Post('new/declare')
  async declare(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { incident, problems } = declarationFrom(body, zone, this.clock.now());
    if (!incident) return this.form(person, request, response, HttpStatus.BAD_REQUEST, body, problems);
    try {
      const declared = await answer('incident', this.services.for(person).incident.POST('/incidents', { body: incident }));
      response.redirect(303, `/incidents/${declared.id}?done=declared`);
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return this.form(person, request, response, HttpStatus.BAD_REQUEST, body, problemsFromService(error.reasons));
      throw error;
    }
  }

  @Get(':id')
  async incident(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    const notice = DONE.includes(done as (typeof DONE)[number]) ? T.done[done as (typeof DONE)[number]] : undefined;
    await this.detail(person, id, request, response, HttpStatus.OK, { notice });
  }

  /** An update's review: who it can reach and what one affected customer will get; nothing is sent yet. */
  @Post(':id/updates/review')
  async reviewUpdate(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { update, problems } = updateFrom(body, zone, this.clock.now());
    if (!update) return this.detail(person, id, request, response, HttpStatus.BAD_REQUEST, { errors: problems, values: body });
    const incident = await answer('incident', this.services.for(person).incident.GET('/incidents/{id}', { params: { path: { id } } }));
    const draft = {
      title: incident.title,
      message: update.message,
      severity: update.severity ?? incident.severity,
      status: update.status ?? (incident.status === 'resolved' ? 'monitoring' : incident.status),
      components: incident.components,
      regions: incident.regions,
      ...(update.eta ? { eta: update.eta } : {}),
      ...(update.nextUpdateBy ? { nextUpdateBy: update.nextUpdateBy } : {}),
    };
    await this.showReview(person, request, response, zone, draft, 'incident.updated', { id, heading: T.review.updateTitle, confirmLabel: T.review.updateConfirm, action: `/incidents/${id}/updates`, editAction: `/incidents/${id}/updates/edit` });
  }

  /** The update form again, with what was typed (the review's "Change something"). */
  @Post(':id/updates/edit')
  async editUpdate(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.detail(person, id, request, response, HttpStatus.OK, { values: body });
  }

  /** The resolution's review, as for an update. */
  @Post(':id/resolve/review')
  async reviewResolve(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { message, valid } = messageOf(body);
    if (!valid) return this.detail(person, id, request, response, HttpStatus.BAD_REQUEST, { errors: [{ field: 'resolveMessage', reason: T.problems.message }], values: { resolveMessage: message } });
    const incident = await answer('incident', this.services.for(person).incident.GET('/incidents/{id}', { params: { path: { id } } }));
    const draft = { title: incident.title, message, severity: incident.severity, status: 'resolved' as const, components: incident.components, regions: incident.regions };
    await this.showReview(person, request, response, zone, draft, 'incident.resolved', { id, heading: T.review.resolveTitle, confirmLabel: T.review.resolveConfirm, action: `/incidents/${id}/resolve`, editAction: `/incidents/${id}/resolve/edit` });
  }

  @Post(':id/resolve/edit')
  async editResolve(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.detail(person, id, request, response, HttpStatus.OK, { values: { resolveMessage: body.message } });
  }

  private async showReview(
    person: StaffAccount,
    request: ConsoleRequest,
    response: Response,
    zone: string,
    draft: ReviewedIncident,
    template: PreviewTemplate,
    page: { id: string; heading: string; confirmLabel: string; action: string; editAction: string },
  ): Promise<void> {
    const view = await this.review.build(person, draft, zone, template);
    // The update's own fields go back with the confirmation; the incident's (title, components) stay as they are.
    const own = new Set(template === 'incident.resolved' ? ['message'] : ['message', 'status', 'severity', 'eta', 'nextUpdateBy']);
    const html = this.views.page(request, 'incidents/review', {
      title: page.heading,
      t: T,
      zone,
      ...view,
      hidden: view.hidden.filter((h) => own.has(h.name)),
      reachNote: T.review.updateReach,
      heading: page.heading,
      confirmLabel: page.confirmLabel,
      action: page.action,
      editAction: page.editAction,
    });
    this.send(response, HttpStatus.OK, html);
  }

  @Post(':id/updates')
  async postUpdate(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const { update, problems } = updateFrom(body, zone, this.clock.now());
    if (!update) return this.detail(person, id, request, response, HttpStatus.BAD_REQUEST, { errors: problems, values: body });
    try {
      await answer('incident', this.services.for(person).incident.POST('/incidents/{id}/updates', { params: { path: { id } }, body: update }));
    } catch (error) {
      if (error instanceof ServiceRefused && [400, 409].includes(error.status)) return this.detail(person, id, request, response, error.status, { errors: problemsFromService(error.reasons).map((p) => ({ ...p, field: p.field === 'title' ? 'message' : p.field })), values: body });
      throw error;
    }
    response.redirect(303, `/incidents/${id}?done=updated`);
  }

  @Post(':id/resolve')
  async resolve(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const { message, valid } = messageOf(body);
    if (!valid) return this.detail(person, id, request, response, HttpStatus.BAD_REQUEST, { errors: [{ field: 'resolveMessage', reason: T.problems.message }], values: { resolveMessage: message } });
    try {
      await answer('incident', this.services.for(person).incident.POST('/incidents/{id}/resolve', { params: { path: { id } }, body: { message } }));
    } catch (error) {
      if (error instanceof ServiceRefused && [400, 409].includes(error.status)) return this.detail(person, id, request, response, error.status, { errors: error.reasons.map((r) => ({ field: 'resolveMessage', reason: r.reason })), values: { resolveMessage: message } });
      throw error;
    }
    response.redirect(303, `/incidents/${id}?done=resolved`);
  }

  /** Tells the customers who reopened the incident (answered "still having trouble") that it is fixed for them. */
  @Post(':id/reopened')
  async resolveReopened(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const { message, valid } = messageOf(body);
    if (!valid) return this.detail(person, id, request, response, HttpStatus.BAD_REQUEST, { errors: [{ field: 'reopenedMessage', reason: T.problems.message }], values: { reopenedMessage: message } });
    try {
      await answer('incident', this.services.for(person).incident.POST('/incidents/{id}/reopened/resolve', { params: { path: { id } }, body: { message } }));
    } catch (error) {
      if (error instanceof ServiceRefused && [400, 409].includes(error.status)) return this.detail(person, id, request, response, error.status, { errors: error.reasons.map((r) => ({ field: 'reopenedMessage', reason: r.reason })), values: { reopenedMessage: message } });
      throw error;
    }
    response.redirect(303, `/incidents/${id}?done=reopened`);
  }

  private async detail(person: StaffAccount, id: string, request: ConsoleRequest, response: Response, status: number, extra: { notice?: string; errors?: FieldProblem[]; values?: FormBody }): Promise<void> {
    const zone = zoneOf(request);
    const api = this.services.for(person);
    const [incident, deliveries, reopenings] = await Promise.all([
      answer('incident', api.incident.GET('/incidents/{id}', { params: { path: { id } } })),
      answer('messenger', api.messenger.GET('/reports/incidents/{id}/deliveries', { params: { path: { id } } })),
      answer('incident', api.incident.GET('/incidents/{id}/reopened', { params: { path: { id } } })),
    ]);
    const latest = incident.timeline[incident.timeline.length - 1];
    const html = this.views.page(request, 'incidents/incident', {
      title: incident.title,
      t: T,
      zone,
      incident,
      severityLabel: severityLabel(incident.severity),
      statusLabel: statusLabel(incident.status),
      components: incident.components.join(', '),
      regions: incident.regions.length ? incident.regions.join(', ') : T.board.everywhere,
      declared: formatInstant(incident.declaredAt, zone),
      resolvedAt: incident.resolvedAt ? fill(T.detail.resolved, { at: formatInstant(incident.resolvedAt, zone) }) : undefined,
      nextUpdateBy: incident.resolvedAt ? null : latest?.nextUpdateBy,
      nextUpdate: incident.resolvedAt ? undefined : formatInstant(latest?.nextUpdateBy, zone),
      eta: formatInstant(latest?.eta, zone),
      progress: progressRows(deliveries),
      emailNote: 'Email has no delivery receipt: “sent” means the mail server took it.',
      timeline: [...incident.timeline].reverse().map((u) => ({ statusLabel: statusLabel(u.status), at: formatInstant(u.createdAt, zone), message: u.message, nextUpdate: formatInstant(u.nextUpdateBy, zone) })),
      statuses: STATUSES.map((s) => ({ value: s, label: T.form.statuses[s], selected: s === incident.status })),
      zoneHint: fill(T.form.zoneHint, { zone }),
      nextUpdateHint: `${T.form.nextUpdateHint} ${fill(T.form.zoneHint, { zone })}`,
      reopenings: reopenings.map((r) => ({ text: `${formatInstant(r.reportedAt, zone)} · ${r.channel}${r.closedAt ? ` · closed ${formatInstant(r.closedAt, zone)}` : ' · open'}` })),
      openReopenings: reopenings.some((r) => !r.closedAt),
      reopeningsSummary: fill(T.detail.reopeningsSummary, { open: reopenings.filter((r) => !r.closedAt).length, closed: reopenings.filter((r) => r.closedAt).length }),
      reopenedButton: fill(T.detail.reopenedButton, { count: reopenings.filter((r) => !r.closedAt).length }),
      ...extra,
    });
    this.send(response, status, html);
  }

  private async form(person: StaffAccount, request: ConsoleRequest, response: Response, status: number, body: FormBody, errors: FieldProblem[]): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const tags = await this.review.knownTags(person);
    const picked = (name: string) => new Set((Array.isArray(body[name]) ? body[name] : body[name] ? [body[name]] : []) as string[]);
    const components = picked('components');
    const regions = picked('regions');
    const html = this.views.page(request, 'incidents/new', {
      title: T.form.declareTitle,
      heading: T.form.declareTitle,
      t: T,
      zone,
      errors,
      values: { ...body, eta: body.eta ?? '', nextUpdateBy: body.nextUpdateBy ?? '' },
      severities: SEVERITIES.map((s) => ({ value: s, label: T.form.severities[s], checked: body.severity === s })),
      statuses: STATUSES.map((s) => ({ value: s, label: T.form.statuses[s], selected: (body.status ?? 'investigating') === s })),
      componentOptions: tags.components.map((c) => ({ value: c.name, label: fill(T.form.subscribers, { count: c.subscribers }), checked: components.has(c.name) })),
      regionOptions: tags.regions.map((r) => ({ value: r.name, label: fill(T.form.subscribers, { count: r.subscribers }), checked: regions.has(r.name) })),
      zoneHint: fill(T.form.zoneHint, { zone }),
      nextUpdateHint: `${T.form.nextUpdateHint} ${fill(T.form.zoneHint, { zone })}`,
      now: localInputValue(this.clock.now().toISOString(), zone),
    });
    this.send(response, status, html);
  }

  private send(response: Response, status: number, html: string): void {
    response.status(status).type('html').send(html);
  }
}

