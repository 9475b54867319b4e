import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditEntry, AuditRepository } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { answer, ServiceKey, ServicesClient } from '../services/services.client';
import { ConsoleRequest, Person } from '../sessions/access';
import { formatInstant, zoneOf } from '../views/time';
import { Views } from '../views/views';
import { AUDIT_TEXT as T } from './audit.text';

const PER_SOURCE = 100;
const SERVICES: Record<ServiceKey, keyof typeof T.where> = { incident: 'incident-service', subscriber: 'subscriber-service', messenger: 'messenger-service' };

type Entry = Omit<AuditEntry, 'occurredAt' | 'role'> & { occurredAt: string; role: string; where: string };

/**
 * The audit trails of the three services and of the console itself, merged newest first (admin only): every change
 * a person made through the console is there under their email, with "through the console".
 */
@ApiExcludeController()
@Controller('audit')
export class AuditPageController {
  constructor(
    private readonly services: ServicesClient,
    private readonly own: AuditRepository,
    private readonly views: Views,
  ) {}

  @Get()
  async page(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Query('actor') actorParam?: string): Promise<void> {
    const zone = zoneOf(request);
    const actor = typeof actorParam === 'string' && actorParam.trim() ? actorParam.trim().slice(0, 254) : undefined;
    const api = this.services.for(person);
    const unavailable: string[] = [];
    const query = { params: { query: { limit: PER_SOURCE, ...(actor ? { actor } : {}) } } };
    const trails: Record<ServiceKey, () => Promise<{ items: Omit<Entry, 'where'>[] }>> = {
      incident: () => answer('incident', api.incident.GET('/audit', query)),
      subscriber: () => answer('subscriber', api.subscriber.GET('/audit', query)),
      messenger: () => answer('messenger', api.messenger.GET('/audit', query)),
    };
    const fromServices = await Promise.all(
      (Object.keys(SERVICES) as ServiceKey[]).map(async (key) => {
        try {
          return (await trails[key]()).items.map((e): Entry => ({ ...e, where: T.where[SERVICES[key]] }));
        } catch {
          unavailable.push(T.unavailable.replace('{{service}}', SERVICES[key]));
          return [];
        }
      }),
    );
    const mine = (await this.own.page({ limit: PER_SOURCE, actor })).map((e): Entry => ({ ...e, occurredAt: e.occurredAt.toISOString(), where: T.where.console }));
    const entries = [...fromServices.flat(), ...mine]
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .slice(0, PER_SOURCE)
      .map((e) => ({ ...e, at: formatInstant(e.occurredAt, zone) }));
    response.type('html').send(this.views.page(request, 'audit/audit', { title: T.title, t: T, entries, unavailable, values: { actor: actor ?? '' } }));
  }
}
