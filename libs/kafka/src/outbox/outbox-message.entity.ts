import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change it describes, waiting to be published.
 * Each service that publishes keeps this table in its own schema (create it with OUTBOX_TABLE_SQL in a migration).
 */
@Entity({ name: 'outbox_message' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** DDL for a service migration (runs with the service's schema on the search path). */
export const OUTBOX_TABLE_SQL = `
  CREATE TABLE outbox_message (
    id bigserial PRIMARY KEY,
    topic text NOT NULL,
    key text NOT NULL,
    value jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;
