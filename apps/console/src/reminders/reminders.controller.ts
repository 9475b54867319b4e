import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { FieldProblem, Views } from '../views/views';
import { REMINDERS_TEXT as T } from './reminders.text';
import { fill } from '../views/fill';

const TYPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** "30, 7, 1" → [30, 7, 1], or undefined when it is not a list of 1–10 distinct days from 1 to 366. */
export function offsetsFrom(value: unknown): number[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 1 || parts.length > 10 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
  const days = parts.map(Number);
  if (days.some((d) => d < 1 || d > 366) || new Set(days).size !== days.length) return undefined;
  return days.sort((a, b) => b - a);
}

/** Marketing set renewal reminder offsets per plan type, and see how welcome-backs work. */
@ApiExcludeController()
@Allow('marketing')
@Controller('reminders')
export class RemindersController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get()
  async page(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Query('saved') saved?: string): Promise<void> {
    await this.render(person, request, response, HttpStatus.OK, { saved });
  }

  @Post(':type')
  async save(@Person() person: StaffAccount, @Param('type') type: string, @Body('offsets') offsets: unknown, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const days = TYPE.test(type) ? offsetsFrom(offsets) : undefined;
    if (!days) return this.render(person, request, response, HttpStatus.BAD_REQUEST, { failed: { type, value: typeof offsets === 'string' ? offsets : '', reason: T.problem } });
    try {
      await answer('subscriber', this.services.for(person).subscriber.PUT('/plan-types/{type}/reminders', { params: { path: { type } }, body: { offsetsDays: days } }));
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return this.render(person, request, response, HttpStatus.BAD_REQUEST, { failed: { type, value: String(offsets), reason: error.reasons.map((r) => r.reason).join('; ') } });
      throw error;
    }
    response.redirect(303, `/reminders?saved=${encodeURIComponent(type)}`);
  }

  private async render(person: StaffAccount, request: ConsoleRequest, response: Response, status: number, state: { saved?: string; failed?: { type: string; value: string; reason: string } }): Promise<void> {
    const api = this.services.for(person).subscriber;
    const [types, welcomeBack] = await Promise.all([answer('subscriber', api.GET('/plan-types')), answer('subscriber', api.GET('/welcome-back/settings'))]);
    const saved = types.find((t) => t.type === state.saved);
    const errors: FieldProblem[] = state.failed ? [{ field: `offsets-${state.failed.type}`, reason: `${state.failed.type}: ${state.failed.reason}` }] : [];
    const html = this.views.page(request, 'reminders/reminders', {
      title: T.title,
      t: T,
      errors,
      notice: saved ? fill(T.saved, { type: saved.type, days: saved.offsetsDays.join(', ') }) : undefined,
      types: types.map((t) => ({
        type: t.type,
        offsetsText: fill(T.daysBefore, { days: t.offsetsDays.join(', ') }),
        source: t.configured ? T.configured : T.defaults,
        label: fill(T.offsets, { type: t.type }),
        value: state.failed?.type === t.type ? state.failed.value : t.offsetsDays.join(', '),
        error: state.failed?.type === t.type ? state.failed.reason : undefined,
      })),
      welcomeBackText: fill(T.welcomeBackText, { days: welcomeBack.afterDays }),
      welcomeBackSetting: fill(T.welcomeBackSetting, { names: welcomeBack.setBy.join(', ') }),
    });
    response.status(status).type('html').send(html);
  }
}
