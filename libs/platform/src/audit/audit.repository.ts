import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../auth/api-keys';

/** One change made through the API: when, by whom (key name and role), what (method, path, target) and how it ended. */
export interface AuditEntry {
  id: string;
  occurredAt: Date;
  actor: string;
  role: Role;
  method: string;
  path: string;
  statusCode: number;
  /** The id the route acted on (its `:id` parameter, or the id of what it created); null when there is none. */
  targetId: string | null;
  /** The console key the person acted through; null when the key was their own. */
  via: string | null;
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor: string;
  role: Role;
  method: string;
  path: string;
  status_code: number;
  target_id: string | null;
  via: string | null;
}

const fromRow = (r: AuditRow): AuditEntry => ({
  id: String(r.id),
  occurredAt: r.occurred_at,
  actor: r.actor,
  role: r.role,
  method: r.method,
  path: r.path,
  statusCode: r.status_code,
  targetId: r.target_id,
  via: r.via,
});

/** The service's audit trail (`audit_entry` in its own schema; see createAuditTrail). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO audit_entry (occurred_at, actor, role, method, path, status_code, target_id, via) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [entry.occurredAt, entry.actor, entry.role, entry.method, entry.path, entry.statusCode, entry.targetId, entry.via],
    );
  }

  /** Newest first, `limit` entries older than `before` (an id), optionally of one actor. */
  async page(options: { before?: string; limit: number; actor?: string }): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT * FROM audit_entry
       WHERE ($1::bigint IS NULL OR id < $1::bigint) AND ($2::text IS NULL OR actor = $2)
       ORDER BY id DESC LIMIT $3`,
      [options.before ?? null, options.actor ?? null, options.limit],
    );
    return rows.map(fromRow);
  }
}
