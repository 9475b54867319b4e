import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { isTransientBrokerState, kafkaLogCreator } from './kafka-logging';

describe('kafkaLogCreator', () => {
  const entry = (error: string) => ({
    namespace: 'Connection',
    label: 'ERROR',
    level: logLevel.ERROR,
    log: { timestamp: '2026-12-02T03:26:29.400Z', logger: 'kafkajs', message: '[Connection] Response InitProducerId(key: 22, version: 1)', error },
  });

  afterEach(() => jest.restoreAllMocks());

  it('logs the broker states kafkajs retries (a fresh coordinator loading) as debug, not as errors', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const log = kafkaLogCreator('test')(logLevel.ERROR);
    log(entry("The coordinator is loading and hence can't process requests for this group"));
    log(entry('The group coordinator is not available'));
    expect(error).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledTimes(2);
    expect(debug.mock.calls[0][0]).toContain('InitProducerId');
  });

  it('takes the answer to a topic creation another service got in first as debug (ensureTopics throws on a real failure)', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const log = kafkaLogCreator('test')(logLevel.ERROR);
    log({ ...entry('Topic creation errors'), log: { ...entry('Topic creation errors').log, message: '[Connection] Response CreateTopics(key: 19, version: 3)' } });
    expect(error).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('keeps every other error an error', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    kafkaLogCreator('test')(logLevel.ERROR)(entry('Topic authorization failed'));
    expect(error).toHaveBeenCalledTimes(1);
    expect(isTransientBrokerState(entry('Topic authorization failed').log)).toBe(false);
  });
});
