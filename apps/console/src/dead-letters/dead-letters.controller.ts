import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { MessengerServiceComponents } from '@prespond/contracts';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { ConsoleRequest, Person } from '../sessions/access';
import { formatInstant, zoneOf } from '../views/time';
import { Views } from '../views/views';
import { DEAD_LETTERS_TEXT as T } from './dead-letters.text';
import { fill } from '../views/fill';

type Topic = MessengerServiceComponents['schemas']['Topic'];

/**
 * Dead letters for admins (no @Allow: admin only): counts per topic, the letters of one (never their payloads), and a
 * replay after a confirmation step. Everything through the messenger's /dead-letters API.
 */
@ApiExcludeController()
@Controller('dead-letters')
export class DeadLettersController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get()
  async summary(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const topics = await answer('messenger', this.services.for(person).messenger.GET('/dead-letters'));
    const waiting = topics.reduce((n, t) => n + t.waiting, 0);
    const html = this.views.page(request, 'dead-letters/summary', {
      title: T.title,
      t: T,
      topics: topics.map((t) => ({ ...t, seeLabel: fill(T.seeFor, { topic: t.topic }), href: `/dead-letters/${encodeURIComponent(t.topic)}` })),
      waiting,
      waitingText: waiting ? fill(T.waitingTotal, { count: waiting }) : T.allClear,
    });
    response.type('html').send(html);
  }

  @Get(':topic')
  async topic(@Person() person: StaffAccount, @Param('topic') name: string, @Req() request: ConsoleRequest, @Res() response: Response, @Query('replayed') replayed?: unknown, @Query('busy') busy?: unknown): Promise<void> {
    const zone = zoneOf(request);
    const topic = await this.known(person, name);
    const letters = await answer('messenger', this.services.for(person).messenger.GET('/dead-letters/{topic}', { params: { path: { topic: topic.topic } } }));
    const count = typeof replayed === 'string' && /^\d+$/.test(replayed) ? Number(replayed) : undefined;
    const notice = count === undefined ? undefined : count === 0 ? T.topic.doneNone : fill(count === 1 ? T.topic.doneOne : T.topic.done, { count, topic: topic.topic });
    const html = this.views.page(request, 'dead-letters/topic', {
      title: `${T.title}: ${topic.topic}`,
      t: T,
      topic,
      notice,
      busy: busy === '1' ? fill(T.topic.busy, { topic: topic.topic }) : undefined,
      caption: fill(T.topic.caption, { topic: topic.topic }),
      replayLabel: fill(topic.waiting === 1 ? T.topic.replayOne : T.topic.replay, { count: topic.waiting, topic: topic.topic }),
      letters: letters.map((l) => ({
        at: formatInstant(l.at || null, zone) || '—',
        service: l.service,
        reason: l.reason,
        key: l.key ?? '—',
        original: `${l.originalTopic} @ ${l.originalOffset}`,
        place: `${l.partition}/${l.offset}`,
        replayed: l.replayed,
      })),
    });
    response.type('html').send(html);
  }

  /** The confirmation step: how many letters go back to which topic. */
  @Get(':topic/replay')
  async confirm(@Person() person: StaffAccount, @Param('topic') name: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const topic = await this.known(person, name);
    if (topic.waiting === 0) return void response.redirect(303, `/dead-letters/${encodeURIComponent(topic.topic)}?replayed=0`);
    const values = { count: topic.waiting, topic: topic.topic };
    const question = fill(topic.waiting === 1 ? T.confirm.questionOne : T.confirm.question, values);
    const html = this.views.page(request, 'dead-letters/replay', { title: question, t: T, topic, question, body: fill(T.confirm.body, values) });
    response.type('html').send(html);
  }

  @Post(':topic/replay')
  async replay(@Person() person: StaffAccount, @Param('topic') name: string, @Res() response: Response): Promise<void> {
    const topic = await this.known(person, name);
    const back = `/dead-letters/${encodeURIComponent(topic.topic)}`;
    try {
      const result = await answer('messenger', this.services.for(person).messenger.POST('/dead-letters/{topic}/replay', { params: { path: { topic: topic.topic } } }));
      response.redirect(303, `${back}?replayed=${result.replayed}`);
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 409) return void response.redirect(303, `${back}?busy=1`);
      throw error;
    }
  }

  /** The topic's counts, if the messenger knows the topic; a page that does not exist otherwise. */
  private async known(person: StaffAccount, name: string): Promise<{ topic: Topic; deadLettered: number; waiting: number }> {
    const topics = await answer('messenger', this.services.for(person).messenger.GET('/dead-letters'));
    const found = topics.find((t) => t.topic === name);
    if (!found) throw new NotFoundException();
    return found;
  }
}
