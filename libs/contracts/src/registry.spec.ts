import { randomUUID } from 'node:crypto';
import { ContractViolation, parseEvent } from './registry';
import { deadLetterTopicOf, Topics } from './topics';

function declared(overrides: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    type: 'incident.declared',
    version: 1,
    occurredAt: now,
    data: {
      incident: {
        id: randomUUID(),
        title: 'Outage',
        status: 'investigating',
        severity: 'major',
        components: ['internet'],
        regions: ['berlin'],
        declaredAt: now,
        resolvedAt: null,
      },
      update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'Down', eta: null, nextUpdateBy: null, createdAt: now },
    },
    ...overrides,
  };
}

describe('event contracts', () => {
  it('accepts a well-formed incident event', () => {
    const event = declared();
    expect(parseEvent(Topics.IncidentChanged, event)).toEqual(event);
  });

  it('names every bad field of a malformed event', () => {
    const event = declared();
    (event.data.incident as Record<string, unknown>).severity = 'apocalyptic';
    (event.data.update as Record<string, unknown>).sequence = 0;
    expect(() => parseEvent(Topics.IncidentChanged, event)).toThrow(ContractViolation);
    try {
      parseEvent(Topics.IncidentChanged, event);
    } catch (error) {
      expect(error.issues.join('\n')).toMatch(/data\.incident\.severity/);
      expect(error.issues.join('\n')).toMatch(/data\.update\.sequence/);
    }
  });

  it('refuses an unknown version or type rather than guess', () => {
    expect(() => parseEvent(Topics.IncidentChanged, declared({ version: 2 }))).toThrow(ContractViolation);
    expect(() => parseEvent(Topics.IncidentChanged, declared({ type: 'incident.exploded' }))).toThrow(ContractViolation);
    expect(() => parseEvent(Topics.IncidentChanged, 'not json')).toThrow(ContractViolation);
  });

  it('has no contract for a topic it does not know', () => {
    expect(() => parseEvent('nobody.knows', {})).toThrow(/no contract/);
    expect(deadLetterTopicOf(Topics.NotificationRequested)).toBe('notification.requested.dlq');
  });
});
