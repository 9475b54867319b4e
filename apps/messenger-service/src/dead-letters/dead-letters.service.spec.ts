import { ConflictException, Logger } from '@nestjs/common';
import { Topics } from '@prespond/contracts';
import { DeadLetter } from '@prespond/kafka';
import { DeadLettersRepository } from './dead-letters.repository';
import { DeadLettersService } from './dead-letters.service';

describe('dead letters for admins', () => {
  const letter = (offset: number, replayed: boolean): DeadLetter => ({
    partition: 0, offset: String(offset), key: 'sub-1', reason: 'contract', originalTopic: Topics.NotificationRequested, originalOffset: '41',
    service: 'messenger-service', at: '2030-01-31T14:00:00.000Z', replayed, value: '{"recipient":{"address":"+4915112345678"}}',
  });
  const byTopic: Record<string, DeadLetter[]> = { [Topics.NotificationRequested]: [letter(0, true), letter(1, false), letter(2, false)], [Topics.IncidentChanged]: [letter(0, true)] };
  const repository = { list: jest.fn(async (topic: string) => byTopic[topic] ?? []), replay: jest.fn() };
  const service = new DeadLettersService(repository as unknown as DeadLettersRepository);
  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('counts, for every topic of the contracts in their order, what was dead-lettered and what waits', async () => {
    const summary = await service.summary();
    expect(summary.map((s) => s.topic)).toEqual(Object.values(Topics));
    expect(summary.find((s) => s.topic === Topics.NotificationRequested)).toEqual({ topic: Topics.NotificationRequested, deadLettered: 3, waiting: 2 });
    expect(summary.find((s) => s.topic === Topics.IncidentChanged)).toEqual({ topic: Topics.IncidentChanged, deadLettered: 1, waiting: 0 });
    expect(summary.find((s) => s.topic === Topics.SubscriberChanged)).toEqual({ topic: Topics.SubscriberChanged, deadLettered: 0, waiting: 0 });
  });

  it('lists the letters without their payloads', async () => {
    const letters = await service.letters(Topics.NotificationRequested);
    expect(letters).toHaveLength(3);
    expect(letters[1]).toEqual({
      partition: 0, offset: '1', key: 'sub-1', reason: 'contract', originalTopic: Topics.NotificationRequested, originalOffset: '41',
      service: 'messenger-service', at: '2030-01-31T14:00:00.000Z', replayed: false,
    });
    expect(JSON.stringify(letters)).not.toContain('+4915112345678');
  });

  it('answers how many were replayed, and 409 while another replay of the topic runs', async () => {
    repository.replay.mockResolvedValueOnce(2);
    expect(await service.replay(Topics.NotificationRequested)).toEqual({ replayed: 2 });
    repository.replay.mockResolvedValueOnce(null);
    await expect(service.replay(Topics.NotificationRequested)).rejects.toBeInstanceOf(ConflictException);
  });
});
