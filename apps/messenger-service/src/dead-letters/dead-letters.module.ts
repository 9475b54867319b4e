import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersRepository } from './dead-letters.repository';
import { DeadLettersService } from './dead-letters.service';

/** Dead letters for admins. Kafka's client comes from the global KafkaModule, the database from DatabaseModule. */
@Module({
  controllers: [DeadLettersController],
  providers: [DeadLettersService, DeadLettersRepository],
})
export class DeadLettersModule {}
