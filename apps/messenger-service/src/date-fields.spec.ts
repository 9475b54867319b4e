import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { controllersUnder, dateFieldKey, DateField, itChecksDateFields, requestDateFields } from '../../../test/support/date-fields';
import { InboundSmsService } from './keywords/inbound-sms.service';
import { PreviewIncidentDto } from './previews/dto/preview.dto';
import { decodeCursor } from './reports/reports.service';

const cursor = (text: string) => Buffer.from(text).toString('base64url');

const preview = {
  subscriberId: randomUUID(),
  channel: 'sms',
  incident: { title: 'Internet outage in Berlin', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'] },
};

/** Every request field of messenger-service that takes a date-time or a date. */
const FIELDS: DateField[] = [
  { dto: PreviewIncidentDto, input: 'body', field: 'incident.eta', rule: 'future-instant', valid: preview },
  { dto: PreviewIncidentDto, input: 'body', field: 'incident.nextUpdateBy', rule: 'future-instant', valid: preview },
];

describe('messenger-service date fields', () => {
  it('lists every request field that takes a date-time or a date (a new one must be added here)', () => {
    expect(FIELDS.map(dateFieldKey).sort()).toEqual(requestDateFields(controllersUnder(__dirname)));
  });

  itChecksDateFields(FIELDS);

  // The page cursors carry the time a page ended: read by the same rule, so a doctored one is refused, not moved.
  describe('page cursors', () => {
    const id = randomUUID();
    const refused = ['2030-02-30T10:00:00.000Z', '2030-01-31T24:00:00.000Z', '2030-01-31T10:00:00.000', 'yesterday'];

    it.each(refused)('GET /subscribers/:id/communications refuses a cursor at %s', (at) => {
      expect(() => decodeCursor(cursor(`${at}|${id}`))).toThrow(BadRequestException);
    });

    it('GET /subscribers/:id/communications reads a cursor it returned', () => {
      expect(decodeCursor(cursor(`2030-01-31T10:00:00.123Z|${id}`))).toEqual({ createdAt: new Date('2030-01-31T10:00:00.123Z'), id });
    });

    const page = jest.fn(async () => []);
    const inbound = new InboundSmsService({ page } as never, null as never, null as never, null as never);

    it.each(refused)('GET /inbound-sms refuses a cursor at %s', async (at) => {
      const answer = await inbound.list({ cursor: cursor(`${at}|SM123`) }).catch((error: unknown) => error);
      expect((answer as BadRequestException).getResponse()).toMatchObject({ errors: [{ field: 'cursor', reason: 'must be a nextCursor this endpoint returned' }] });
      expect(page).not.toHaveBeenCalled();
    });

    it('GET /inbound-sms reads a cursor it returned', async () => {
      await inbound.list({ cursor: cursor('2030-01-31T10:00:00.123Z|SM123') });
      expect(page).toHaveBeenCalledWith(expect.anything(), { receivedAt: new Date('2030-01-31T10:00:00.123Z'), sid: 'SM123' }, 50);
    });
  });
});
