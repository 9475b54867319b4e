import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { zoneOf } from '../views/time';
import { FieldProblem, Views } from '../views/views';
import { CampaignComposer, optional } from './campaign-composer';
import { Campaign, draftFrom, FormBody, formValues, newFormValues, problemsFromService } from './campaign-form';
import { composerView } from './composer-view';
import { listRow, RESULT_COLUMNS, resultsView, settingsRows, stateClass, stateLabel } from './campaign-views';
import { CAMPAIGNS_TEXT as T } from './campaigns.text';

const DONE = ['saved', 'scheduled', 'paused', 'resumed', 'cancelled'] as const;
/** Warnings travel through the redirect as keys (never as text a link could make up). */
const WARNINGS = { nobody: T.warnings.nobody, noContent: T.warnings.noContent, other: T.warnings.other } as const;
type WarningKey = keyof typeof WARNINGS;
const ACTIONS = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' } as const;
const ACTION_PATHS = { pause: '/campaigns/{id}/pause', resume: '/campaigns/{id}/resume', cancel: '/campaigns/{id}/cancel' } as const;

const warningKeys = (warnings: string[] | undefined): WarningKey[] =>
  (warnings ?? []).map((w) => (w.startsWith('audience: reaches nobody') ? 'nobody' : w.startsWith('content: no channel') ? 'noContent' : 'other'));
const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/**
 * Marketing's campaigns: the list, the composer (a new campaign or a draft: audience with its live size and
 * exclusions, content with one customer's previews, schedule), and a campaign's page (state, settings, pause,
 * resume, cancel, results with a chart and a CSV). Everything goes through subscriber-service's campaign API.
 */
@ApiExcludeController()
@Allow('marketing')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly services: ServicesClient,
    private readonly composer: CampaignComposer,
    private readonly views: Views,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const zone = zoneOf(request);
    const campaigns = await answer('subscriber', this.services.for(person).subscriber.GET('/campaigns'));
    const rows = [...campaigns].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((c) => listRow(c, zone));
    response.type('html').send(this.views.page(request, 'campaigns/campaigns', { title: T.title, t: T, campaigns: rows }));
  }

  @Get('new')
  async newForm(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const zone = zoneOf(request);
    await this.showComposer(person, request, response, HttpStatus.OK, { values: newFormValues(this.clock.now(), zone), zone });
  }

  /** The composer's buttons: update the figures (no JavaScript), save the draft, or save and schedule it. */
  @Post('new')
  async submitNew(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    await this.submit(person, request, response, body);
  }

  /** A draft opens in the composer; any other campaign on its page. */
  @Get(':id')
  async show(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const done = DONE.find((d) => d === query.done);
    const warnings = list(query.warning).filter((w): w is WarningKey => w in WARNINGS).map((w) => WARNINGS[w]);
    const campaign = await answer('subscriber', this.services.for(person).subscriber.GET('/campaigns/{id}', { params: { path: { id } } }));
    const zone = zoneOf(request);
    const extra = { notice: done ? T.done[done] : undefined, warnings };
    if (campaign.state === 'draft') return this.showComposer(person, request, response, HttpStatus.OK, { campaign, values: formValues(campaign, zone), zone, ...extra });
    await this.showCampaign(person, campaign, request, response, HttpStatus.OK, extra);
  }

  @Post(':id/draft')
  async submitDraft(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Body() body: FormBody): Promise<void> {
    const campaign = await answer('subscriber', this.services.for(person).subscriber.GET('/campaigns/{id}', { params: { path: { id } } }));
    await this.submit(person, request, response, body, campaign);
  }

  @Post(':id/pause')
  pause(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    return this.act(person, id, 'pause', request, response);
  }

  @Post(':id/resume')
  resume(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    return this.act(person, id, 'resume', request, response);
  }

  @Post(':id/cancel')
  cancel(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    return this.act(person, id, 'cancel', request, response);
  }

  /** The results as subscriber-service writes them, downloaded as a file named after the campaign. */
  @Get(':id/results.csv')
  async resultsCsv(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const api = this.services.for(person).subscriber;
    const [campaign, csv] = await Promise.all([
      answer('subscriber', api.GET('/campaigns/{id}', { params: { path: { id } } })),
      answer('subscriber', api.GET('/campaigns/{id}/results.csv', { params: { path: { id } }, parseAs: 'text' })),
    ]);
    const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'campaign';
    response.setHeader('content-disposition', `attachment; filename="${slug}-results.csv"`);
    response.status(200).type('text/csv; charset=utf-8').send(csv);
  }

  private async submit(person: StaffAccount, request: ConsoleRequest, response: Response, body: FormBody, campaign?: Campaign): Promise<void> {
    const zone = zoneOf(request, body.timeZone);
    const action = body.action === 'save' || body.action === 'schedule' ? body.action : 'check';
    if (action === 'check') return this.showComposer(person, request, response, HttpStatus.OK, { campaign, values: body, zone });
    const { draft, problems } = draftFrom(body, zone, this.clock.now());
    if (!draft) return this.showComposer(person, request, response, HttpStatus.BAD_REQUEST, { campaign, values: body, zone, errors: problems });
    const api = this.services.for(person).subscriber;
    let saved: Campaign;
    try {
      saved = campaign
        ? await answer('subscriber', api.PATCH('/campaigns/{id}', { params: { path: { id: campaign.id } }, body: draft }))
        : await answer('subscriber', api.POST('/campaigns', { body: draft }));
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return this.showComposer(person, request, response, HttpStatus.BAD_REQUEST, { campaign, values: body, zone, errors: problemsFromService(error.reasons) });
      // No longer a draft (someone scheduled it meanwhile): its page says where it stands.
      if (error instanceof ServiceRefused && error.status === 409 && campaign) return this.showCampaign(person, campaign, request, response, HttpStatus.CONFLICT, { errors: [{ field: 'actions', reason: error.reasons.map((r) => r.reason).join('; ') }] });
      throw error;
    }
    if (action === 'save') return this.redirect(response, saved.id, 'saved', saved.warnings);
    try {
      const scheduled = await answer('subscriber', api.POST('/campaigns/{id}/schedule', { params: { path: { id: saved.id } } }));
      this.redirect(response, saved.id, 'scheduled', scheduled.warnings);
    } catch (error) {
      // Incomplete, or its window over: the draft is saved; the composer says what scheduling needs.
      if (error instanceof ServiceRefused && error.status === 400) return this.showComposer(person, request, response, HttpStatus.BAD_REQUEST, { campaign: saved, values: body, zone, errors: problemsFromService(error.reasons) });
      throw error;
    }
  }

  private async act(person: StaffAccount, id: string, action: keyof typeof ACTIONS, request: ConsoleRequest, response: Response): Promise<void> {
    const api = this.services.for(person).subscriber;
    try {
      await answer('subscriber', api.POST(ACTION_PATHS[action], { params: { path: { id } } }));
    } catch (error) {
      if (error instanceof ServiceRefused && [400, 409].includes(error.status)) {
        const campaign = await answer('subscriber', api.GET('/campaigns/{id}', { params: { path: { id } } }));
        return this.showCampaign(person, campaign, request, response, error.status, { errors: [{ field: 'actions', reason: error.reasons.map((r) => r.reason).join('; ') }] });
      }
      throw error;
    }
    this.redirect(response, id, ACTIONS[action]);
  }

  private redirect(response: Response, id: string, done: (typeof DONE)[number], warnings?: string[]): void {
    const query = new URLSearchParams([['done', done], ...warningKeys(warnings).map((w): [string, string] => ['warning', w])]);
    response.redirect(303, `/campaigns/${id}?${query}`);
  }

  private async showComposer(
    person: StaffAccount,
    request: ConsoleRequest,
    response: Response,
    status: number,
    options: { campaign?: Campaign; values: FormBody; zone: string; errors?: FieldProblem[]; notice?: string; warnings?: string[] },
  ): Promise<void> {
    const view = await composerView(this.composer, person, options);
    response.status(status).type('html').send(this.views.page(request, 'campaigns/composer', { t: T, errors: options.errors ?? [], notice: options.notice, ...view }));
  }

  private async showCampaign(person: StaffAccount, campaign: Campaign, request: ConsoleRequest, response: Response, status: number, extra: { notice?: string; errors?: FieldProblem[]; warnings?: string[] }): Promise<void> {
    const zone = zoneOf(request);
    // Without the messenger's figures the page still shows the campaign and its actions.
    const results = await optional(answer('subscriber', this.services.for(person).subscriber.GET('/campaigns/{id}/results', { params: { path: { id: campaign.id } } })));
    const live = ['scheduled', 'running', 'paused'].includes(campaign.state);
    const html = this.views.page(request, 'campaigns/campaign', {
      title: campaign.name,
      t: T,
      campaign,
      stateLabel: stateLabel(campaign.state),
      stateClass: stateClass(campaign.state),
      settings: settingsRows(campaign, zone),
      canPause: ['scheduled', 'running'].includes(campaign.state),
      canResume: campaign.state === 'paused',
      canCancel: !['completed', 'cancelled'].includes(campaign.state),
      results: results ? resultsView(results) : undefined,
      columns: RESULT_COLUMNS.map((col) => T.page.columns[col]),
      live,
      ...extra,
    });
    response.status(status).type('html').send(html);
  }
}
