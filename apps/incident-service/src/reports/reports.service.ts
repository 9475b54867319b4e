import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '@prespond/platform';
import { toIncidentSnapshot } from '../incidents/dto/incident.dto';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { PromisesRepository } from '../promises/promises.repository';
import { toTimelineEntry } from '../incidents/dto/incident.dto';
import { IncidentReport, toReportPromise } from './dto/incident-report.dto';
import { MessengerRepository } from '../messenger/messenger.repository';
import { ReopeningsRepository } from '../reopenings/reopenings.repository';
import { channelTotals, deliveriesPerUpdate } from './report-figures';

/**
 * The incident report: the timeline, the promises and the reopenings from this service, the delivery and follow-up
 * figures from messenger-service (which owns the message log and the follow-ups and adds them up in its database).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly promises: PromisesRepository,
    private readonly messenger: MessengerRepository,
    private readonly reopenings: ReopeningsRepository,
    private readonly clock: Clock,
  ) {}

  async incidentReport(id: string): Promise<IncidentReport> {
    const incident = await this.incidents.findWithTimeline(id);
    if (!incident) throw new NotFoundException(`no incident ${id}`);
    const [promises, promiseStats, figures, reopenedBy] = await Promise.all([
      this.promises.forIncident(id),
      this.promises.stats(id),
      this.messenger.deliveriesOf(id),
      this.reopenings.count(id),
    ]);
    const timeline = [...(incident.updates ?? [])].sort((a, b) => a.sequence - b.sequence);
    const sequences = new Map(timeline.map((u) => [u.id, u.sequence]));
    const deliveries = deliveriesPerUpdate(timeline, figures.deliveries);
    const channels = channelTotals(deliveries);
    return {
      incident: toIncidentSnapshot(incident),
      generatedAt: this.clock.now().toISOString(),
      timeline: timeline.map(toTimelineEntry),
      promises: promises.map((p) => toReportPromise(p, (updateId) => (updateId ? sequences.get(updateId) ?? null : null))),
      deliveries,
      totals: {
        messages: channels.reduce((n, c) => n + c.messages, 0),
        notified: channels.reduce((n, c) => n + c.notified, 0),
        channels,
        promises: promiseStats,
      },
      followUps: figures.followUps,
      reopenedBy,
    };
  }
}
