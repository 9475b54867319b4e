import { randomUUID } from 'node:crypto';
import { IncidentChangedEvent, IncidentChangeType, IncidentStatus, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { toIncidentSnapshot, toUpdateResponse } from './dto/incident.dto';
import { IncidentEntity } from './incident.entity';
import { IncidentUpdateEntity } from './incident-update.entity';

/** The `incident.changed` event for one timeline entry, keyed by incident id so one incident's events stay in order. */
export function incidentChanged(
  type: IncidentChangeType,
  incident: IncidentEntity,
  update: IncidentUpdateEntity,
  previousStatus: IncidentStatus | null,
): OutgoingEvent {
  const event = {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: update.createdAt.toISOString(),
    data: { incident: toIncidentSnapshot(incident), update: toUpdateResponse(update), previousStatus },
  } as IncidentChangedEvent;
  return { topic: Topics.IncidentChanged, key: incident.id, value: event };
}
