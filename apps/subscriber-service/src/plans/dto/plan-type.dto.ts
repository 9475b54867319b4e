import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, Max, Min } from 'class-validator';
import { MAX_OFFSET_DAYS } from '../renewal-reminders.repository';

/** When a plan type's holders are reminded: days before the renewal date. */
export class PlanTypeRemindersDto {
  @ApiProperty({ type: [Number], example: [30, 7, 1], description: `1 to 10 distinct days, each 1–${MAX_OFFSET_DAYS}.` })
  @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(MAX_OFFSET_DAYS, { each: true })
  offsetsDays: number[];
}

export class PlanTypeResponse {
  @ApiProperty({ example: 'broadband' })
  type: string;

  @ApiProperty({ type: [Number], example: [30, 7, 1], description: 'Largest first.' })
  offsetsDays: number[];

  @ApiProperty({ description: 'false: nobody configured this type, it has the default offsets.' })
  configured: boolean;
}
