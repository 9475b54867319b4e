import { ApiProperty } from '@nestjs/swagger';
import { REQUIRED_COLUMNS, OPTIONAL_COLUMNS } from '../import-row';

export class FieldErrorResponse {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'must be a valid phone number in E.164 form, e.g. +4915112345678' }) reason: string;
}

export class RejectedRowResponse {
  @ApiProperty({ description: 'Line of the file the row starts on (the header is line 1).', example: 7 }) row: number;
  @ApiProperty({ nullable: true, type: String, description: "The row's externalId, if it has one." }) externalId: string | null;
  @ApiProperty({ type: [FieldErrorResponse] }) errors: FieldErrorResponse[];
}

export class ImportReport {
  @ApiProperty({ description: 'Data rows read (the header not counted).' }) rows: number;
  @ApiProperty({ description: 'New subscribers created.' }) imported: number;
  @ApiProperty({ description: 'Subscribers the file changed.' }) updated: number;
  @ApiProperty({ description: 'Rows that match their subscriber already: nothing written, nothing published.' }) unchanged: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ type: [RejectedRowResponse], description: 'Each rejected row, in file order, with every reason.' }) errors: RejectedRowResponse[];
}

/** The import file's format, for the API docs. */
export const IMPORT_FORMAT_DESCRIPTION = [
  'A CSV file (RFC 4180, UTF-8, `content-type: text/csv`) whose header row names the columns, in any order.',
  `Required: ${REQUIRED_COLUMNS.map((c) => `\`${c}\``).join(', ')}. Optional: ${OPTIONAL_COLUMNS.map((c) => `\`${c}\``).join(', ')}.`,
  'Each column is the field of `POST /subscribers` of that name, checked by the same rules. Lists (`components`, `regions`,',
  '`channels`, `optedOutChannels`) are separated by `;` (e.g. `sms;email`); booleans are `true` or `false`; an empty cell',
  'is an omitted field. A column the file leaves out keeps the subscriber\'s current value (new subscribers: the default).',
  'Rows are matched to subscribers by `externalId`: a new one is created, a changed one updated, an unchanged one left',
  'alone (importing the same file twice changes nothing the second time). A consent change is recorded with source',
  '`import` and the row\'s `consentWording`. An externalId named twice in one file is rejected the second time; one that',
  'belongs to an erased subscriber is rejected. Rows are committed in batches of 500: a file cut off half way leaves the',
  'batches before it imported, and importing it again is harmless. A body that is not CSV, or a header without the',
  'required columns (or with unknown ones), is refused with 400 before any row is written.',
].join(' ');
