import { Logger } from '@nestjs/common';
import { logCreator, LogEntry, logLevel } from 'kafkajs';

/**
 * Broker states kafkajs logs as errors although they are part of normal operation: it answers them by waiting and
 * retrying, and a real failure surfaces afterwards as an exception. A fresh broker (or a restarted one) is loading
 * its group coordinator for a few seconds, a rebalance moves it, an election moves a leader: at the start of every
 * `npm start` these are seen, and they must not look like failures. So is the answer to a topic creation that another
 * service got in first.
 */
const TRANSIENT_BROKER_STATES = [
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests",
  'This is not the correct coordinator',
  'There is no leader for this topic-partition',
  'This server is not the leader for that topic-partition',
  'The group is rebalancing',
  // Services starting together on a fresh broker each create the topics that are missing: all but the first are told
  // a topic already exists. ensureTopics takes that answer as success and throws on any other, so the connection's
  // own error line for the response is noise.
  'Response CreateTopics',
];

/** Whether a kafkajs log entry reports one of TRANSIENT_BROKER_STATES. */
export function isTransientBrokerState(entry: LogEntry['log']): boolean {
  const text = `${entry.message ?? ''} ${String((entry as Record<string, unknown>).error ?? '')}`;
  return TRANSIENT_BROKER_STATES.some((state) => text.includes(state));
}

/**
 * kafkajs' logs through Nest's logger, under `context`: errors as errors, except the transient broker states above,
 * which are debug lines (kafkajs retries them; what still fails after the retries is thrown and logged where it is
 * handled).
 */
export function kafkaLogCreator(context: string): logCreator {
  return () => {
    const logger = new Logger(context);
    return ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...details } = log as LogEntry['log'] & Record<string, unknown>;
      const line = `[${namespace}] ${message} ${JSON.stringify(details)}`;
      if (level === logLevel.ERROR && !isTransientBrokerState(log)) logger.error(line);
      else if (level === logLevel.ERROR || level === logLevel.WARN) {
        if (isTransientBrokerState(log)) logger.debug(line);
        else logger.warn(line);
      } else if (level === logLevel.INFO) logger.log(line);
      else logger.debug(line);
    };
  };
}
