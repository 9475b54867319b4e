import { Injectable } from '@nestjs/common';
import { Channel, CHANNELS, IncidentAudience } from '@prespond/contracts';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { onChannelSql } from '../campaigns/audience';
import { likeEscaped, SubscriberSearch } from './subscriber-search';
import { SubscriberEntity } from './subscriber.entity';

/** One subscriber of an audience, and the channels it reaches her on. */
export interface AudienceMember {
  id: string;
  name: string;
  timeZone: string;
  channels: Channel[];
}

/** A component or region, and how many subscribers name it as theirs. */
export interface TagCount {
  name: string;
  subscribers: number;
}

export interface SubscriberFilter {
  /** Any of these components (overlap). */
  components?: string[];
  /** Any of these regions; an empty list matches every region. */
  regions?: string[];
  /** A person looking for one customer (see readSearch). */
  search?: SubscriberSearch;
}

/** Subscribers in subscriber-service's schema. */
@Injectable()
export class SubscribersRepository {
  private readonly repo: Repository<SubscriberEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(SubscriberEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(manager: EntityManager, subscriber: SubscriberEntity): Promise<void> {
    await manager.insert(SubscriberEntity, subscriber);
  }

  async save(manager: EntityManager, subscriber: SubscriberEntity): Promise<void> {
    await manager.save(SubscriberEntity, subscriber);
  }

  findById(id: string): Promise<SubscriberEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Every subscriber with this phone (E.164), locked until the transaction ends, in id order (no deadlocks). */
  lockByPhone(manager: EntityManager, phone: string): Promise<SubscriberEntity[]> {
    return manager
      .getRepository(SubscriberEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.phone = :phone', { phone })
      .orderBy('s.id', 'ASC')
      .getMany();
  }

  /** The subscribers with this email address or phone number (a few profiles may share one), at most `limit`. */
  findByContact(contact: { email: string } | { phone: string }, limit = 10): Promise<SubscriberEntity[]> {
    return this.repo.find({ where: contact, order: { createdAt: 'ASC' }, take: limit });
  }

  /**
   * One page in id order after `afterId`: keyset pagination, so paging a million rows stays cheap. Erased subscribers
   * are never in it (nor, so, in the fan-out that streams these pages).
   */
  page(filter: SubscriberFilter, afterId: string | undefined, limit: number): Promise<SubscriberEntity[]> {
    const query = this.matching(filter).orderBy('s.id', 'ASC').limit(limit);
    if (afterId) query.andWhere('s.id > :afterId', { afterId });
    return query.getMany();
  }

  /**
   * How many subscribers the fan-out would reach for `filter` (the same match as `page`), and how many of them can be
   * reached by SMS and by email: one scan, counted in the database.
   */
  async countAudience(filter: SubscriberFilter): Promise<IncidentAudience> {
    return this.matching(filter)
      .select('count(*)::int', 'subscribers')
      .addSelect(`count(*) FILTER (WHERE ${onChannelSql('sms', true)})::int`, 'sms')
      .addSelect(`count(*) FILTER (WHERE ${onChannelSql('email', true)})::int`, 'email')
      .getRawOne() as Promise<IncidentAudience>;
  }

  /**
   * The first `limit` subscribers (by id) the fan-out would reach for `filter` (the same match as `page` and
   * `countAudience`), each with the channels `countAudience` counts her on.
   */
  async sampleAudience(filter: SubscriberFilter, limit: number): Promise<AudienceMember[]> {
    const query = this.matching(filter).select('s.id', 'id').addSelect('s.name', 'name').addSelect('s.time_zone', 'timeZone');
    for (const channel of CHANNELS) query.addSelect(onChannelSql(channel, true), channel);
    const rows: (Omit<AudienceMember, 'channels'> & Record<Channel, boolean>)[] = await query.orderBy('s.id', 'ASC').limit(limit).getRawMany();
    return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.timeZone, channels: CHANNELS.filter((c) => row[c]) }));
  }

  /**
   * Every component (or region) that subscribers name as theirs, with how many (erased ones never) do: most first,
   * then by name. One scan with unnest and a hash aggregate: no index would help, every row is read anyway. count(*)
   * counts subscribers because a subscriber's tags are stored without duplicates (IsTagList normalises every way in).
   */
  countTags(column: 'components' | 'regions'): Promise<TagCount[]> {
    return this.dataSource.query(
      `SELECT t.name, count(*)::int AS subscribers
         FROM subscriber s CROSS JOIN LATERAL unnest(s.${column}) AS t(name)
        WHERE s.erased_at IS NULL
        GROUP BY t.name
        ORDER BY subscribers DESC, t.name COLLATE "C"`,
    );
  }

  /** The subscribers `filter` matches, erased ones never. */
  private matching(filter: SubscriberFilter): SelectQueryBuilder<SubscriberEntity> {
    const query = this.repo.createQueryBuilder('s').where('s.erased_at IS NULL');
    if (filter.components) query.andWhere('s.components && :components', { components: filter.components });
    if (filter.regions && filter.regions.length > 0) query.andWhere('s.regions && :regions', { regions: filter.regions });
    const search = filter.search;
    if (search && 'email' in search) query.andWhere('s.email = :email', { email: search.email });
    if (search && 'phone' in search) query.andWhere('s.phone = :phone', { phone: search.phone });
    if (search && 'phoneEndsWith' in search) query.andWhere(`s.phone LIKE :phoneEnd ESCAPE '\\'`, { phoneEnd: `%${likeEscaped(search.phoneEndsWith)}` });
    if (search && 'nameContains' in search) query.andWhere(`s.name ILIKE :name ESCAPE '\\'`, { name: `%${likeEscaped(search.nameContains)}%` });
    return query;
  }

  /**
   * Streams every matching subscriber page by page, so no page set is ever held in memory whole. The next page is
   * read while the caller works on this one (the fan-out publishes it), so the database and Kafka work side by side.
   * The first page is small (`firstPageSize`), so the first customers' requests are on Kafka while the next page
   * is read: her first message does not wait for a thousand others to be planned.
   */
  async *stream(filter: SubscriberFilter, pageSize = 1000, firstPageSize = 50): AsyncGenerator<SubscriberEntity[]> {
    let size = Math.min(firstPageSize, pageSize);
    let next = this.page(filter, undefined, size);
    for (;;) {
      const page = await next;
      if (page.length === 0) return;
      const more = page.length === size;
      if (more) {
        size = pageSize;
        next = this.page(filter, page[page.length - 1].id, size);
        next.catch(() => undefined); // seen by the await above, unless the caller stops early
      }
      yield page;
      if (!more) return;
    }
  }

}
