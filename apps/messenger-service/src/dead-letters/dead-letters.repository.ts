import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { DeadLetter, KAFKA, listDeadLetters, replayDeadLetters } from '@prespond/kafka';
import { tryRoundLock } from '@prespond/platform';

/** The advisory lock (with the topic as subkey) that lets one replay of a topic run at a time, across replicas. */
export const REPLAY_LOCK = 0xd1e7;

/** The dead-letter topics (`<topic>.dlq`) on the broker, through the messenger's own Kafka client. */
@Injectable()
export class DeadLettersRepository {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
  ) {}

  /** Every event in `<topic>.dlq`, oldest first per partition. */
  list(topic: string): Promise<DeadLetter[]> {
    return listDeadLetters(this.kafka, topic);
  }

  /**
   * Sends the waiting events back to `topic`; how many. Null when another replay of it is under way (here or on
   * another replica): two readers in the one replay group would share out its partitions, and each could wait for
   * the end of a partition it was never given.
   */
  replay(topic: string): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await tryRoundLock(manager, REPLAY_LOCK, topic))) return null;
      return replayDeadLetters(this.kafka, topic);
    });
  }
}
