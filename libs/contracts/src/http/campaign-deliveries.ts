import { z } from 'zod';
import { CHANNELS } from '../events/notification-requested';

/** A campaign's messages on one channel, as the messenger's log counts them (`GET /reports/campaigns/:id`). */
export const CampaignChannelDeliveriesSchema = z.object({
  channel: z.enum(CHANNELS),
  /** Messages logged for the campaign on this channel (one per recipient). */
  messages: z.number().int().nonnegative(),
  /** Accepted by the provider (has a sent time), whatever became of them later. */
  sent: z.number().int().nonnegative(),
  /** Delivered (or read). */
  delivered: z.number().int().nonnegative(),
  /** Failed, undelivered, or suppressed (the address had opted out). */
  failed: z.number().int().nonnegative(),
  /** Waiting for the end of the recipient's quiet hours (they go then). Added to version 1: absent reads as 0. */
  deferred: z.number().int().nonnegative().default(0),
});
export type CampaignChannelDeliveries = z.infer<typeof CampaignChannelDeliveriesSchema>;

/** The delivery figures of one campaign, per channel (only channels with messages). Version 1 of the HTTP contract. */
export const CampaignDeliveriesSchema = z.object({
  campaignId: z.string().uuid(),
  channels: z.array(CampaignChannelDeliveriesSchema),
});
export type CampaignDeliveries = z.infer<typeof CampaignDeliveriesSchema>;
