import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { Topic } from '@prespond/contracts';
import { DeadLettersRepository } from './dead-letters.repository';
import {
  DEAD_LETTER_TOPICS,
  DeadLetterReplayResponse,
  DeadLetterResponse,
  DeadLetterSummaryResponse,
  toDeadLetterResponse,
  toDeadLetterSummary,
} from './dto/dead-letter.dto';

/** What consumers could not handle, per topic, and sending it back once the fix is deployed (what `npm run dlq` does). */
@Injectable()
export class DeadLettersService {
  private readonly logger = new Logger(DeadLettersService.name);

  constructor(private readonly deadLetters: DeadLettersRepository) {}

  /** Every topic of the contracts, in their order, with its dead-lettered and waiting events counted. */
  summary(): Promise<DeadLetterSummaryResponse[]> {
    return Promise.all(DEAD_LETTER_TOPICS.map(async (topic) => toDeadLetterSummary(topic, await this.deadLetters.list(topic))));
  }

  /** The dead letters of one topic, oldest first per partition, without their payloads. */
  async letters(topic: Topic): Promise<DeadLetterResponse[]> {
    return (await this.deadLetters.list(topic)).map(toDeadLetterResponse);
  }

  /** Sends the waiting ones back to the topic; 409 while another replay of it runs. */
  async replay(topic: Topic): Promise<DeadLetterReplayResponse> {
    const replayed = await this.deadLetters.replay(topic);
    if (replayed === null) throw new ConflictException(`a replay of ${topic} is under way; try again when it is done`);
    this.logger.log(`replayed ${replayed} dead-lettered event(s) to ${topic}`);
    return { replayed };
  }
}
