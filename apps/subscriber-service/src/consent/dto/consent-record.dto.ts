import { ApiProperty } from '@nestjs/swagger';
import { ConsentPurpose, ConsentRecordEntity } from '../consent-record.entity';

export class ConsentRecordResponse {
  @ApiProperty({ enum: ['marketing', 'sms', 'email'] }) purpose: ConsentPurpose;
  @ApiProperty({ description: 'True: opted in; false: opted out.' }) granted: boolean;
  @ApiProperty({ example: 'api' }) source: string;
  @ApiProperty({ nullable: true, type: String }) wording: string | null;
  @ApiProperty() recordedAt: string;
}

export function toConsentRecordResponse(r: ConsentRecordEntity): ConsentRecordResponse {
  return { purpose: r.purpose, granted: r.granted, source: r.source, wording: r.wording, recordedAt: r.recordedAt.toISOString() };
}
