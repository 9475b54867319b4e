import { CHANNELS, DELIVERY_OUTCOMES, DeliveryOutcome, UpdateDeliveries } from '@prespond/contracts';
import { IncidentUpdateEntity } from '../incidents/incident-update.entity';
import { ChannelTotals, ReportDeliveries } from './dto/incident-report.dto';

const noOutcomes = (): Record<DeliveryOutcome, number> =>
  Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0])) as Record<DeliveryOutcome, number>;

const withAllOutcomes = (d: UpdateDeliveries): ReportDeliveries => ({ ...d, outcomes: { ...noOutcomes(), ...d.outcomes } });

/**
 * One row per timeline entry and channel, from the messenger's figures; an update that reached nobody on a channel
 * gets a row of zeros, so "nobody was told" reads as such instead of as a gap. Figures the timeline does not know
 * (messages logged before they recorded their update) come first.
 */
export function deliveriesPerUpdate(timeline: IncidentUpdateEntity[], figures: UpdateDeliveries[]): ReportDeliveries[] {
  const known = new Set(timeline.map((u) => u.id));
  const unknown = figures.filter((f) => f.updateId === null || !known.has(f.updateId)).map(withAllOutcomes);
  const perUpdate = [...timeline]
    .sort((a, b) => a.sequence - b.sequence)
    .flatMap((update) =>
      CHANNELS.map((channel): ReportDeliveries => {
        const found = figures.find((f) => f.updateId === update.id && f.channel === channel);
        if (found) return withAllOutcomes(found);
        return {
          updateId: update.id,
          sequence: update.sequence,
          updateCreatedAt: update.createdAt.toISOString(),
          channel,
          messages: 0,
          notified: 0,
          firstLatencySeconds: null,
          lastLatencySeconds: null,
          outcomes: noOutcomes(),
        };
      }),
    );
  return [...unknown, ...perUpdate];
}

const extreme = (values: (number | null)[], pick: (...n: number[]) => number): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? pick(...present) : null;
};

/** Each channel over the whole incident: sums, the fastest first latency and the slowest last one. */
export function channelTotals(deliveries: ReportDeliveries[]): ChannelTotals[] {
  return CHANNELS.map((channel) => {
    const rows = deliveries.filter((d) => d.channel === channel);
    const outcomes = noOutcomes();
    for (const row of rows) for (const o of DELIVERY_OUTCOMES) outcomes[o] += row.outcomes[o];
    return {
      channel,
      messages: rows.reduce((n, r) => n + r.messages, 0),
      notified: rows.reduce((n, r) => n + r.notified, 0),
      firstLatencySeconds: extreme(rows.map((r) => r.firstLatencySeconds), Math.min),
      lastLatencySeconds: extreme(rows.map((r) => r.lastLatencySeconds), Math.max),
      outcomes,
    };
  });
}
