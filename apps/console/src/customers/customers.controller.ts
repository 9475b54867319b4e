import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { formatInstant, zoneOf } from '../views/time';
import { Views } from '../views/views';
import { customerDetails, logRow, resultRow, searchProblem } from './customer-views';
import { CUSTOMERS_TEXT as T } from './customers.text';
import { fill } from '../views/fill';

/** Results shown for one search: a person looks for one customer, not a list to page through. */
const RESULTS = 50;
/** Messages of her log per page. */
const LOG_PAGE = 50;

/**
 * Ops find a customer (by name, email or phone: subscriber-service's search) and see her details and everything we
 * told her (the messenger's communication log, paged; its CSV proxied). The search term is personal data: it stays in
 * the request, never in a log line (the services do not log reads; errors log the path alone).
 */
@ApiExcludeController()
@Allow('ops')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get()
  async search(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Query('q') q?: unknown): Promise<void> {
    const term = typeof q === 'string' ? q.trim() : '';
    const page = (status: number, extra: Record<string, unknown>): void =>
      void response.status(status).type('html').send(this.views.page(request, 'customers/search', { title: T.search.title, t: T, values: { q: term }, ...extra }));
    if (typeof q !== 'string') return page(HttpStatus.OK, {});
    const problem = searchProblem(term);
    if (problem) return page(HttpStatus.BAD_REQUEST, { errors: [{ field: 'q', reason: problem }] });
    let found;
    try {
      found = await answer('subscriber', this.services.for(person).subscriber.GET('/subscribers', { params: { query: { search: term, limit: RESULTS } } }));
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return page(HttpStatus.BAD_REQUEST, { errors: error.reasons.map((r) => ({ field: 'q', reason: r.reason })) });
      throw error;
    }
    const results = [...found.items].sort((a, b) => a.name.localeCompare(b.name)).map(resultRow);
    page(HttpStatus.OK, {
      searched: true,
      term,
      results,
      count: results.length === 1 ? T.search.result : fill(T.search.results, { count: results.length }),
      more: found.nextCursor ? fill(T.search.more, { count: RESULTS }) : undefined,
      none: fill(T.search.none, { term }),
      caption: fill(T.search.caption, { term }),
    });
  }

  @Get(':id')
  async customer(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest, @Res() response: Response, @Query('cursor') cursor?: unknown): Promise<void> {
    const zone = zoneOf(request);
    const api = this.services.for(person);
    const after = typeof cursor === 'string' && cursor ? cursor : undefined;
    const [subscriber, log] = await Promise.all([
      answer('subscriber', api.subscriber.GET('/subscribers/{id}', { params: { path: { id } } })),
      answer('messenger', api.messenger.GET('/subscribers/{id}/communications', { params: { path: { id }, query: { limit: LOG_PAGE, ...(after ? { cursor: after } : {}) } } })),
    ]);
    const html = this.views.page(request, 'customers/customer', {
      title: subscriber.name,
      t: T,
      subscriber,
      details: customerDetails(subscriber, zone),
      erased: subscriber.erasedAt ? fill(T.customer.erased, { at: formatInstant(subscriber.erasedAt, zone) }) : undefined,
      log: log.items.map((c) => logRow(c, zone)),
      logCaption: fill(T.customer.logCaption, { name: subscriber.name }),
      older: log.nextCursor ? `/customers/${id}?cursor=${encodeURIComponent(log.nextCursor)}` : undefined,
      paged: Boolean(after),
    });
    response.type('html').send(html);
  }

  /** The messenger's CSV of her whole log, downloaded through the console. */
  @Get(':id/communications.csv')
  async csv(@Person() person: StaffAccount, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const csv = await answer('messenger', this.services.for(person).messenger.GET('/subscribers/{id}/communications.csv', { params: { path: { id } }, parseAs: 'text' }));
    response.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="communications-${id}.csv"`).send(csv);
  }
}
