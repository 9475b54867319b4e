import { Injectable } from '@nestjs/common';
import { IncidentChangedEvent } from '@prespond/contracts';
import { DataSource } from 'typeorm';

/** An incident as subscriber-service last saw it. */
export interface KnownIncident {
  id: string;
  title: string;
  severity: string;
  components: string[];
  regions: string[];
  declaredAt: Date;
  resolvedAt: Date | null;
}

/** What of a subscriber an incident can touch. */
export interface Footprint {
  components: string[];
  regions: string[];
}

const COLUMNS = `id, title, severity, components, regions, declared_at AS "declaredAt", resolved_at AS "resolvedAt"`;
/** Overlaps her components, and her regions unless the incident names none (then it is everywhere). */
const TOUCHES = `components && $1::text[] AND (cardinality(regions) = 0 OR regions && $2::text[])`;

/**
 * The incidents as the fan-out saw them (`known_incident`), so subscriber-service can tell who has an open incident
 * (campaigns leave her out, a welcome-back waits) and what was fixed while she was away.
 */
@Injectable()
export class KnownIncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the incident as of this event unless a newer one is stored: redelivery and reordering are harmless. */
  async record(event: IncidentChangedEvent): Promise<void> {
    const { incident, update } = event.data;
    await this.dataSource.query(
      `INSERT INTO known_incident (id, sequence, title, severity, components, regions, declared_at, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET sequence = EXCLUDED.sequence, title = EXCLUDED.title, severity = EXCLUDED.severity,
         components = EXCLUDED.components, regions = EXCLUDED.regions, resolved_at = EXCLUDED.resolved_at
       WHERE known_incident.sequence < EXCLUDED.sequence`,
      [incident.id, update.sequence, incident.title, incident.severity, incident.components, incident.regions, incident.declaredAt, incident.resolvedAt],
    );
  }

  /** Open incidents that touch her. */
  openTouching(footprint: Footprint): Promise<KnownIncident[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM known_incident WHERE resolved_at IS NULL AND ${TOUCHES} ORDER BY declared_at`, [
      footprint.components,
      footprint.regions,
    ]);
  }

  /** Incidents touching her that were resolved in [from, to). */
  resolvedTouchingBetween(footprint: Footprint, from: Date, to: Date): Promise<KnownIncident[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM known_incident WHERE resolved_at >= $3 AND resolved_at < $4 AND ${TOUCHES} ORDER BY resolved_at`,
      [footprint.components, footprint.regions, from, to],
    );
  }

  /**
   * SQL condition "subscriber `alias` has an open incident", for audience queries that must leave such customers out
   * without loading them (campaigns).
   */
  static hasOpenIncidentSql(alias: string): string {
    return `EXISTS (SELECT 1 FROM known_incident k WHERE k.resolved_at IS NULL AND k.components && ${alias}.components
      AND (cardinality(k.regions) = 0 OR k.regions && ${alias}.regions))`;
  }
}
