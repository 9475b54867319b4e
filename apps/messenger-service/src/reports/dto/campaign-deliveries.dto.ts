import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CampaignChannelDeliveries, CampaignDeliveries, Channel, CHANNELS } from '@prespond/contracts';

export class CampaignParams {
  @ApiProperty({ description: 'Campaign id.' }) @IsUUID()
  id: string;
}

/** See CampaignChannelDeliveriesSchema in @prespond/contracts, which this mirrors for Swagger. */
export class CampaignChannelDeliveriesResponse implements CampaignChannelDeliveries {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Messages logged for the campaign on this channel.' }) messages: number;
  @ApiProperty({ description: 'Accepted by the provider.' }) sent: number;
  @ApiProperty({ description: 'Delivered (or read).' }) delivered: number;
  @ApiProperty({ description: 'Failed, undelivered or suppressed.' }) failed: number;
  @ApiProperty({ description: "Waiting for the end of the recipient's quiet hours." }) deferred: number;
}

/** See CampaignDeliveriesSchema in @prespond/contracts, which this mirrors for Swagger. */
export class CampaignDeliveriesResponse implements CampaignDeliveries {
  @ApiProperty() campaignId: string;
  @ApiProperty({ type: [CampaignChannelDeliveriesResponse] }) channels: CampaignChannelDeliveriesResponse[];
}
