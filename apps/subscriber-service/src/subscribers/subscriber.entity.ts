import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Channel } from '@prespond/contracts';

/** A customer who receives Prespond messages, and what she uses and wants. */
@Entity({ name: 'subscriber' })
export class SubscriberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164, e.g. +4915112345678. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** IANA zone, e.g. Europe/Berlin. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text', array: true })
  components: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'text', array: true })
  channels: Channel[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
