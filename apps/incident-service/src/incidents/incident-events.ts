import { randomUUID } from 'node:crypto';
import { IncidentChangedEvent, IncidentChangeType, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { IncidentEntity } from './incident.entity';
import { IncidentUpdateEntity } from './incident-update.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The `incident.changed` event for one timeline entry, keyed by incident id so one incident's events stay in order. */
export function incidentChanged(type: IncidentChangeType, incident: IncidentEntity, update: IncidentUpdateEntity): OutgoingEvent {
  const event: IncidentChangedEvent = {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: update.createdAt.toISOString(),
    data: {
      incident: {
        id: incident.id,
        title: incident.title,
        status: incident.status,
        severity: incident.severity,
        components: incident.components,
        regions: incident.regions,
        declaredAt: incident.declaredAt.toISOString(),
        resolvedAt: iso(incident.resolvedAt),
      },
      update: {
        id: update.id,
        sequence: update.sequence,
        status: update.status,
        message: update.message,
        eta: iso(update.eta),
        nextUpdateBy: iso(update.nextUpdateBy),
        createdAt: update.createdAt.toISOString(),
      },
    },
  } as IncidentChangedEvent;
  return { topic: Topics.IncidentChanged, key: incident.id, value: event };
}
