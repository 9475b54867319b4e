import { controllersUnder, dateFieldKey, DateField, itChecksDateFields, requestDateFields } from '../../../test/support/date-fields';
import { DeclareIncidentDto, PostIncidentUpdateDto } from './incidents/dto/incident.dto';
import { RescheduleMaintenanceDto, ScheduleMaintenanceDto } from './maintenance/dto/maintenance.dto';

const declaration = { title: 'Internet outage in Berlin', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'] };
const update = { message: 'The cable is being spliced.' };
const window = { title: 'Network upgrade', message: 'Internet may drop for a minute.', components: ['internet'], startsAt: '2099-01-31T01:00:00Z', endsAt: '2099-01-31T03:00:00Z' };

/** Every request field of incident-service that takes a date-time or a date. */
const FIELDS: DateField[] = [
  { dto: DeclareIncidentDto, input: 'body', field: 'eta', rule: 'future-instant', valid: declaration },
  { dto: DeclareIncidentDto, input: 'body', field: 'nextUpdateBy', rule: 'future-instant', valid: declaration },
  { dto: PostIncidentUpdateDto, input: 'body', field: 'eta', rule: 'future-instant', valid: update },
  { dto: PostIncidentUpdateDto, input: 'body', field: 'nextUpdateBy', rule: 'future-instant', valid: update },
  // A window's times are checked against the service's clock (future, end after start) beyond their form.
  { dto: ScheduleMaintenanceDto, input: 'body', field: 'startsAt', rule: 'instant', valid: window },
  { dto: ScheduleMaintenanceDto, input: 'body', field: 'endsAt', rule: 'instant', valid: window },
  { dto: RescheduleMaintenanceDto, input: 'body', field: 'startsAt', rule: 'instant', valid: {} },
  { dto: RescheduleMaintenanceDto, input: 'body', field: 'endsAt', rule: 'instant', valid: {} },
];

describe('incident-service date fields', () => {
  it('lists every request field that takes a date-time or a date (a new one must be added here)', () => {
    expect(FIELDS.map(dateFieldKey).sort()).toEqual(requestDateFields(controllersUnder(__dirname)));
  });

  itChecksDateFields(FIELDS);
});
