import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Topic, Topics } from '@prespond/contracts';
import { DeadLetter } from '@prespond/kafka';

/** Every topic whose dead letters can be looked at and replayed: the ones of the contracts (Topics). */
export const DEAD_LETTER_TOPICS = Object.values(Topics) as Topic[];

export class DeadLetterTopicParams {
  @ApiProperty({ enum: DEAD_LETTER_TOPICS, enumName: 'Topic', description: 'The topic the events came from (its dead letters are on `<topic>.dlq`).' })
  @IsIn(DEAD_LETTER_TOPICS)
  topic: Topic;
}

/** How many events of one topic were dead-lettered, and how many of them wait for a replay. */
export class DeadLetterSummaryResponse {
  @ApiProperty({ enum: DEAD_LETTER_TOPICS, enumName: 'Topic' }) topic: Topic;
  @ApiProperty({ description: 'Events on `<topic>.dlq`, replayed or not.' }) deadLettered: number;
  @ApiProperty({ description: 'Of them, not replayed yet.' }) waiting: number;
}

/** One dead-lettered event: where it came from, who could not handle it and why. Never its payload (it may hold personal data). */
export class DeadLetterResponse {
  @ApiProperty({ description: 'Its partition of `<topic>.dlq`.' }) partition: number;
  @ApiProperty({ description: 'Its offset there.' }) offset: string;
  @ApiProperty({ description: 'When it was dead-lettered (empty if the header is missing).' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Its key (an aggregate id).' }) key: string | null;
  @ApiProperty({ description: 'Why it could not be handled.' }) reason: string;
  @ApiProperty() originalTopic: string;
  @ApiProperty() originalOffset: string;
  @ApiProperty({ description: 'The service (Kafka client id) that dead-lettered it.' }) service: string;
  @ApiProperty({ description: 'Already sent back to its topic.' }) replayed: boolean;
}

export class DeadLetterReplayResponse {
  @ApiProperty({ description: 'How many waiting events were sent back to the topic (0: none were waiting).' }) replayed: number;
}

/** The letter without its payload: the fields are picked, so nothing added to DeadLetter later leaks out. */
export function toDeadLetterResponse(letter: DeadLetter): DeadLetterResponse {
  const { partition, offset, at, key, reason, originalTopic, originalOffset, service, replayed } = letter;
  return { partition, offset, at, key, reason, originalTopic, originalOffset, service, replayed };
}

export function toDeadLetterSummary(topic: Topic, letters: DeadLetter[]): DeadLetterSummaryResponse {
  return { topic, deadLettered: letters.length, waiting: letters.filter((l) => !l.replayed).length };
}
