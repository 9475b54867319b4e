import { Channel, CHANNELS } from '@prespond/contracts';
import { ConsentRecordEntity } from './consent-record.entity';

/** Her consent as it stands: marketing, and the channels she opted out of. */
export interface ConsentState {
  marketingConsent: boolean;
  optedOutChannels: Channel[];
}

/**
 * The consent records a change from `before` to `after` makes: one per purpose that changed (none for a change
 * that changes nothing, so repeating a request records nothing).
 */
export function consentChanges(
  subscriberId: string,
  before: ConsentState | null,
  after: ConsentState,
  context: { source: string; wording: string | null; at: Date },
): ConsentRecordEntity[] {
  const record = (purpose: ConsentRecordEntity['purpose'], granted: boolean) =>
    Object.assign(new ConsentRecordEntity(), { subscriberId, purpose, granted, source: context.source, wording: context.wording, recordedAt: context.at });
  const records: ConsentRecordEntity[] = [];
  // A new subscriber's marketing consent is recorded either way: "no" is an answer worth keeping too.
  if (!before || before.marketingConsent !== after.marketingConsent) records.push(record('marketing', after.marketingConsent));
  for (const channel of CHANNELS) {
    const was = before?.optedOutChannels.includes(channel) ?? false;
    const is = after.optedOutChannels.includes(channel);
    if (was !== is) records.push(record(channel, !is));
  }
  return records;
}
