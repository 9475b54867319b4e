import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { Channel, MessageRequestedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { MarketingContact } from '../marketing/marketing-ledger.repository';
import { AudienceMember } from './audience.repository';
import { CampaignEntity, campaignChannels } from './campaign.entity';
import { PlannedRecipient } from './campaigns.repository';

/** Fixed namespace for campaign ids. Changing it would make a campaign planned again look new. */
const CAMPAIGN_NAMESPACE = '3a8e5f0c-9b1d-4c62-8f7e-5d2a1b6c4e93';

/** Her marketing contact for this campaign: one per (campaign, subscriber), whatever the number of channels. */
export function campaignContactId(campaignId: string, subscriberId: string): string {
  return uuidv5(`campaign:${campaignId}:${subscriberId}`, CAMPAIGN_NAMESPACE);
}

/** Her message of this campaign on one channel: planned twice, it is still sent once (the messenger's claim). */
export function campaignMessageId(campaignId: string, subscriberId: string, channel: Channel): string {
  return uuidv5(`campaign:${campaignId}:${subscriberId}:${channel}`, CAMPAIGN_NAMESPACE);
}

/** Her address on `channel`, if she has one. */
export function addressOf(member: Pick<AudienceMember, 'phone' | 'email'>, channel: Channel): string | null {
  return channel === 'sms' ? member.phone : member.email;
}

/** Where she gets the campaign: the campaign's channels she chose and has an address on; opted-out ones apart. */
export function planRecipient(campaign: CampaignEntity, member: AudienceMember): PlannedRecipient {
  const reachable = campaignChannels(campaign.content).filter((c) => member.channels.includes(c) && !!addressOf(member, c));
  return {
    subscriberId: member.id,
    channels: reachable.filter((c) => !member.optedOutChannels.includes(c)),
    optedOut: reachable.filter((c) => member.optedOutChannels.includes(c)),
  };
}

/** The `message.requested` data of her campaign message on `channel` (also what a preview renders). */
export function campaignMessage(campaign: CampaignEntity, member: Pick<AudienceMember, 'id' | 'name' | 'timeZone' | 'locale'>, channel: Channel, address: string): MessageRequestedEvent['data'] {
  const content = channel === 'sms' ? campaign.content.sms : campaign.content.email;
  if (!content) throw new Error(`campaign ${campaign.id} has no ${channel} content`);
  return {
    messageId: campaignMessageId(campaign.id, member.id, channel),
    channel,
    kind: 'marketing',
    template: 'campaign',
    recipient: { subscriberId: member.id, name: member.name, address, timeZone: member.timeZone, locale: member.locale },
    props: { campaign: campaign.name },
    campaignId: campaign.id,
    content,
  };
}

/** Her messages (one per planned channel), keyed by her id so her messages stay in order. */
export function campaignRequests(campaign: CampaignEntity, member: AudienceMember, planned: PlannedRecipient, now: Date): OutgoingEvent[] {
  return planned.channels.map((channel) => {
    const value: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: now.toISOString(),
      data: campaignMessage(campaign, member, channel, addressOf(member, channel)!),
    };
    return { topic: Topics.NotificationRequested, key: member.id, value };
  });
}

/** Her marketing contact for the frequency cap. */
export function campaignContact(campaign: CampaignEntity, subscriberId: string, now: Date): MarketingContact {
  return { contactId: campaignContactId(campaign.id, subscriberId), subscriberId, source: 'campaign', campaignId: campaign.id, plannedAt: now };
}
