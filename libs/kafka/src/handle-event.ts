import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { EventPattern, KafkaContext } from '@nestjs/microservices';
import { ContractViolation, parseEvent } from '@prespond/contracts';
import { from, Observable, of } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { ConsumedMessage, DeadLetters } from './dead-letters';

/**
 * Validates every consumed event against its topic's contract before the handler sees it. A malformed event, or one
 * of a type or version this build does not know, goes to `<topic>.dlq` and the partition moves on.
 */
@Injectable()
export class EventContractInterceptor implements NestInterceptor {
  constructor(private readonly deadLetters: DeadLetters) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kafka = context.switchToRpc().getContext<KafkaContext>();
    const topic = kafka.getTopic();
    const message = kafka.getMessage() as unknown as ConsumedMessage;
    try {
      parseEvent(topic, message.value);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return from(this.deadLetters.publish(topic, kafka.getPartition(), message, error.message)).pipe(mergeMap(() => of(undefined)));
    }
    return next.handle();
  }
}

/**
 * Marks a consumer method as the handler of `topic`. The method receives the event already checked against the
 * topic's contract (see EventContractInterceptor), and the KafkaContext as its second argument.
 */
export function HandleEvent(topic: string): MethodDecorator {
  return applyDecorators(EventPattern(topic), UseInterceptors(EventContractInterceptor));
}
