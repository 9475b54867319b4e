import {
  applyDecorators,
  BeforeApplicationShutdown,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  Optional,
  UseInterceptors,
} from '@nestjs/common';
import { EventPattern, KafkaContext } from '@nestjs/microservices';
import { ContractViolation, parseEvent, retryTopicOf } from '@prespond/contracts';
import { from, lastValueFrom, Observable } from 'rxjs';
import { EventProducer } from '../event-producer';
import { ConsumedMessage, DeadLetters } from './dead-letters';
import { KafkaSettings } from '../kafka-settings';
import { KAFKA_SETTINGS } from '../kafka.tokens';
import { backoff, DEFAULT_RETRY_POLICY, PermanentFailure, RetryLater, RetryPolicy } from './failures';
import { HANDLED_TOPICS, headerString, RetryHeaders, stringHeaders } from './headers';

/** Injection token to override DEFAULT_RETRY_POLICY (tests use short delays). */
export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** Heartbeats while the handler runs or waits, so a slow handler never gets the consumer evicted from its group. */
const HEARTBEAT_EVERY_MS = 2_000;

/** Thrown when shutdown interrupts a wait: the event is not committed and comes back after the restart. */
class ShuttingDown extends Error {}

/**
 * The one way every Prespond consumer handles an event (Watermill's retry + poison middleware):
 *
 * 1. A retried event meant for another service (see RetryMover) is skipped.
 * 2. It is checked against the topic's contract; a malformed or unknown event goes to `<topic>.dlq` at once.
 * 3. The handler runs, heartbeating meanwhile. A failure is tried again in place a few times, quickly (not a
 *    RetryLater: the handler already knows it cannot succeed now).
 * 4. Still failing: a PermanentFailure goes to the dead-letter topic; anything else is parked on `<topic>.retry`
 *    with the next attempt's time (exponential backoff with jitter), so the partition moves on and other
 *    subscribers' messages are not held up; RetryMover puts it back on the topic when its time comes. After the
 *    last attempt it is dead-lettered.
 *
 * If parking or dead-lettering itself fails (the broker is away), the error is rethrown: the offset is not committed
 * and Kafka delivers the event again. Handlers must therefore be idempotent — every Prespond handler is.
 */
@Injectable()
export class EventHandling implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventHandling');
  private readonly policy: RetryPolicy;
  private stopping = false;
  private readonly wakeOnStop = new Set<() => void>();

  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly producer: EventProducer,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Optional() @Inject(RETRY_POLICY) policy?: RetryPolicy,
  ) {
    this.policy = policy ?? DEFAULT_RETRY_POLICY;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const wake of this.wakeOnStop) wake();
  }

  /** True once shutdown began: work not started yet should be left uncommitted (it comes back after the restart). */
  get shuttingDown(): boolean {
    return this.stopping;
  }

  /** Step 1: a retried event parked by another service's handler is not ours to handle. */
  isForAnotherService(message: ConsumedMessage): boolean {
    const retryFor = headerString(message.headers, RetryHeaders.for);
    return retryFor !== undefined && retryFor !== this.settings.clientId;
  }

  /**
   * Step 2: the event checked against the topic's contract, or undefined once a malformed one is dead-lettered.
   * `message.value` is the JSON-decoded value (a string when it was not JSON).
   */
  async accept<T>(baseTopic: string, partition: number, message: ConsumedMessage): Promise<T | undefined> {
    try {
      return parseEvent<T>(baseTopic, message.value);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      await this.deadLetters.publish(baseTopic, partition, message, error.message);
      return undefined;
    }
  }

  /** Steps 1 to 4 for one consumed message; `work` is the handler. Resolves when the event is done with (committable). */
  async handle(baseTopic: string, partition: number, message: ConsumedMessage, heartbeat: () => Promise<unknown>, work: () => Promise<unknown>): Promise<void> {
    if (this.isForAnotherService(message)) return;
    if ((await this.accept(baseTopic, partition, message)) === undefined) return;
    await this.handleAccepted(baseTopic, partition, message, heartbeat, work);
  }

  /** Steps 3 and 4, for an event already accepted (see `handle`). */
  async handleAccepted(baseTopic: string, partition: number, message: ConsumedMessage, heartbeat: () => Promise<unknown>, work: () => Promise<unknown>): Promise<void> {
    const retried = headerString(message.headers, RetryHeaders.for) !== undefined;
    const attempt = retried ? Number(headerString(message.headers, RetryHeaders.attempt) ?? 0) : 0;
    const beat = () => heartbeat().catch(() => undefined);
    let lastError: unknown;
    for (let inline = 1; inline <= this.policy.inlineAttempts; inline++) {
      try {
        await this.withHeartbeat(beat, work);
        return;
      } catch (error) {
        lastError = error;
        if (error instanceof PermanentFailure || error instanceof RetryLater || this.stopping) break;
        if (inline < this.policy.inlineAttempts) await this.wait(backoff(this.policy.inlineDelayMs, inline, this.policy.maxDelayMs), beat);
      }
    }
    if (this.stopping && !(lastError instanceof PermanentFailure)) throw lastError; // not committed: retried after restart

    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    if (lastError instanceof PermanentFailure) {
      await this.deadLetters.publish(baseTopic, partition, message, `permanent failure: ${reason}`);
    } else if (attempt >= this.policy.retryAttempts) {
      await this.deadLetters.publish(baseTopic, partition, message, `gave up after ${attempt} retries: ${reason}`);
    } else {
      await this.park(baseTopic, message, attempt + 1, reason);
    }
  }

  /** Puts the event on the retry topic, unchanged but for the retry headers. */
  private async park(baseTopic: string, message: ConsumedMessage, attempt: number, reason: string): Promise<void> {
    const delay = backoff(this.policy.retryDelayMs, attempt, this.policy.maxDelayMs);
    const headers = stringHeaders(message.headers);
    headers[RetryHeaders.attempt] = String(attempt);
    headers[RetryHeaders.notBefore] = String(Date.now() + delay);
    headers[RetryHeaders.for] = this.settings.clientId;
    headers[RetryHeaders.error] = reason.slice(0, 500);
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value);
    await this.producer.send([{ topic: retryTopicOf(baseTopic), key: message.key?.toString() ?? '', value, headers }]);
    this.logger.warn(`${baseTopic}@${message.offset}: retry ${attempt}/${this.policy.retryAttempts} in ${delay} ms (${reason})`);
  }

  private async withHeartbeat<T>(heartbeat: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Sleeps, heartbeating; shutdown cuts the sleep short and throws, leaving the event uncommitted. */
  private async wait(ms: number, heartbeat: () => Promise<unknown>): Promise<void> {
    if (this.stopping) throw new ShuttingDown('shutting down');
    await this.withHeartbeat(heartbeat, () => new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeOnStop.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeOnStop.add(done);
    }));
    if (this.stopping) throw new ShuttingDown('shutting down');
  }
}

/** EventHandling for the handlers @nestjs/microservices calls (`@HandleEvent`), one message at a time. */
@Injectable()
export class EventHandlingInterceptor implements NestInterceptor {
  constructor(private readonly handling: EventHandling) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kafka = context.switchToRpc().getContext<KafkaContext>();
    const message = kafka.getMessage() as unknown as ConsumedMessage;
    const heartbeat = () => kafka.getHeartbeat()();
    return from(this.handling.handle(kafka.getTopic(), kafka.getPartition(), message, heartbeat, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}

/**
 * Marks a consumer method as the handler of `topic`. The method receives the event already checked against the
 * topic's contract; failures are retried and dead-lettered by EventHandlingInterceptor (with RetryMover).
 */
export function HandleEvent(topic: string): MethodDecorator {
  HANDLED_TOPICS.add(topic);
  return applyDecorators(EventPattern(topic), UseInterceptors(EventHandlingInterceptor));
}
