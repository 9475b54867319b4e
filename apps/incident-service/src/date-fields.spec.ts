import { controllersUnder, dateFieldKey, DateField, itChecksDateFields, requestDateFields } from '../../../test/support/date-fields';
import { DeclareIncidentDto, PostIncidentUpdateDto } from './incidents/dto/incident.dto';

const declaration = { title: 'Internet outage in Berlin', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'] };
const update = { message: 'The cable is being spliced.' };

/** Every request field of incident-service that takes a date-time or a date. */
const FIELDS: DateField[] = [
  { dto: DeclareIncidentDto, input: 'body', field: 'eta', rule: 'future-instant', valid: declaration },
  { dto: DeclareIncidentDto, input: 'body', field: 'nextUpdateBy', rule: 'future-instant', valid: declaration },
  { dto: PostIncidentUpdateDto, input: 'body', field: 'eta', rule: 'future-instant', valid: update },
  { dto: PostIncidentUpdateDto, input: 'body', field: 'nextUpdateBy', rule: 'future-instant', valid: update },
];

describe('incident-service date fields', () => {
  it('lists every request field that takes a date-time or a date (a new one must be added here)', () => {
    expect(FIELDS.map(dateFieldKey).sort()).toEqual(requestDateFields(controllersUnder(__dirname)));
  });

  itChecksDateFields(FIELDS);
});
