import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { formatInstant, zoneOf } from '../views/time';
import { streamChanges } from '../views/event-stream';
import { fill } from '../views/fill';
import { Views } from '../views/views';
import { PROMISES_TEXT as T } from './promises.text';

/** How often the console asks incident-service for promises at risk while a page listens. */
const POLL_MS = 3_000;

/** Open promises with their countdowns, how promises ended and who kept them; live at-risk alerts for every ops page. */
@ApiExcludeController()
@Allow('ops')
@Controller('promises')
export class PromisesController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get()
  async page(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const zone = zoneOf(request);
    const api = this.services.for(person).incident;
    const [promises, atRisk, stats, incidents] = await Promise.all([
      answer('incident', api.GET('/promises')),
      answer('incident', api.GET('/promises/at-risk')),
      answer('incident', api.GET('/promises/stats')),
      answer('incident', api.GET('/incidents', { params: { query: { state: 'all' } } })),
    ]);
    const titles = new Map(incidents.map((i) => [i.id, i.title]));
    const authors = new Map(incidents.flatMap((i) => i.timeline.map((u) => [u.id, u.postedBy === 'watchdog' ? T.watchdog : (u.author ?? '')] as const)));
    const risk = new Map(atRisk.map((p) => [p.promiseId, p.state]));
    const open = promises
      .filter((p) => p.state === 'open')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .map((p) => {
        const state = risk.get(p.id) ?? 'open';
        return { incidentId: p.incidentId, title: titles.get(p.incidentId) ?? p.incidentId, dueAt: p.dueAt, due: formatInstant(p.dueAt, zone), state, stateLabel: T.states[state] };
      });
    const settled = promises
      .filter((p) => p.state !== 'open')
      .slice(0, 50)
      .map((p) => ({
        incidentId: p.incidentId,
        title: titles.get(p.incidentId) ?? p.incidentId,
        due: formatInstant(p.dueAt, zone),
        stateLabel: T.states[p.state],
        stateClass: p.state === 'broken' ? 'overdue' : p.state === 'kept' ? 'ok' : 'at-risk',
        by: p.state === 'kept_by_watchdog' ? T.watchdog : p.settledByUpdateId ? (authors.get(p.settledByUpdateId) ?? '') : '',
        settledAt: formatInstant(p.settledAt, zone),
      }));
    const html = this.views.page(request, 'promises/promises', {
      title: T.title,
      t: T,
      open,
      settled,
      stats,
      keptRate: stats.keptRate === null ? undefined : `${Math.round(stats.keptRate * 100)}%`,
    });
    response.type('html').send(html);
  }

  /**
   * Server-sent events for the alert every ops page shows: `at-risk` with the promises due within the alert lead
   * time or overdue (title and due time in the person's zone), sent when the list changes.
   */
  @Get('live')
  live(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): void {
    const zone = zoneOf(request);
    const api = this.services.for(person).incident;
    streamChanges(request, response, 'at-risk', POLL_MS, async () => {
      const atRisk = await answer('incident', api.GET('/promises/at-risk'));
      const incidents = atRisk.length ? await answer('incident', api.GET('/incidents', { params: { query: { state: 'active' } } })) : [];
      const titles = new Map(incidents.map((i) => [i.id, i.title]));
      return atRisk.map((p) => ({
        promiseId: p.promiseId,
        incidentId: p.incidentId,
        state: p.state,
        text: fill(p.state === 'overdue' ? T.overdueAlert : T.alert, { title: titles.get(p.incidentId) ?? 'an incident', due: formatInstant(p.dueAt, zone) }),
      }));
    });
  }
}
