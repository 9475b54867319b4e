import { Injectable } from '@nestjs/common';
import { parse, CsvError } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Outbox } from '@prespond/kafka';
import { badRequest, FieldError } from '@prespond/platform';
import { consentChanges } from '../consent/consent-changes';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { CreateSubscriberDto } from '../subscribers/dto/subscriber.dto';
import { ProfileFields, subscriberChanged } from '../subscribers/subscriber-rules';
import { applyRow, checkRow, headerErrors, profileColumns } from './import-row';
import { ImportReport, RejectedRowResponse } from './dto/import-report.dto';
import { SubscriberImportRepository } from './subscriber-import.repository';

/** Rows per transaction: big enough that 10,000 rows are a few statements each, small enough to hold few locks. */
const BATCH = 500;

/** A valid row waiting for its batch. */
interface PendingRow {
  line: number;
  externalId: string;
  dto: CreateSubscriberDto;
}

/** Thrown from the parser's header callback: the header row is not one we can import. */
class HeaderRefused extends Error {
  constructor(readonly errors: FieldError[]) {
    super('header refused');
  }
}

/**
 * Bulk import of subscribers from CSV. The request is parsed as it streams in (never buffered whole), each row
 * checked with the rules of `POST /subscribers`, and the valid rows written a batch at a time: per batch one
 * transaction with one multi-row upsert on the external id, their consent records (source `import`) and their
 * `subscriber.changed` events through the outbox. Unchanged rows write and publish nothing, so importing a file
 * again is harmless. The answer reports every rejected row with its line and reasons.
 */
@Injectable()
export class SubscriberImportService {
  constructor(
    private readonly imports: SubscriberImportRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly outbox: Outbox,
  ) {}

  async import(body: Readable, contentType: string | undefined): Promise<ImportReport> {
    if (!/^(text\/csv|application\/csv)\s*(;|$)/i.test(contentType ?? '')) {
      throw badRequest([{ field: 'content-type', reason: 'must be text/csv (a CSV file whose header row names the columns)' }]);
    }
    const report: ImportReport = { rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
    const reject = (row: RejectedRowResponse) => {
      report.rejected++;
      report.errors.push(row);
    };
    let columns: (keyof ProfileFields)[] | undefined;
    const parser = parse({
      bom: true,
      skip_empty_lines: true,
      // A row with too few or too many cells is one bad row, not a bad file: it is rejected with its reason.
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const errors = headerErrors(names);
        if (errors.length > 0) throw new HeaderRefused(errors);
        columns = profileColumns(names);
        return names;
      },
    });
    body.on('error', (error) => parser.destroy(error));
    body.pipe(parser);

    // First occurrence of each external id in the file (ids only: a few bytes a row, the rows themselves are not kept).
    const seen = new Map<string, number>();
    let batch: PendingRow[] = [];
    let lastLine = 1;
    let lastEmptyLines = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: CsvInfo }>) {
        // The line the row starts on: after the previous row's last line and the empty lines skipped since.
        const line = lastLine + 1 + (info.empty_lines - lastEmptyLines);
        lastLine = info.lines;
        lastEmptyLines = info.empty_lines;
        report.rows++;
        const checked = checkRow(record);
        const externalId = checked.externalId;
        const first = externalId === null ? undefined : seen.get(externalId);
        if (first !== undefined) {
          reject({ row: line, externalId, errors: [{ field: 'externalId', reason: `is named again in this file (first on line ${first})` }] });
          continue;
        }
        if (externalId !== null) seen.set(externalId, line);
        if (info.error) {
          const cells = (info.error as { record?: unknown[] }).record?.length ?? 0;
          reject({ row: line, externalId, errors: [{ field: '(row)', reason: `has ${cells} cells; the header row names ${info.columns.length}` }] });
          continue;
        }
        if (!checked.dto || externalId === null) {
          reject({ row: line, externalId, errors: checked.errors });
          continue;
        }
        batch.push({ line, externalId, dto: checked.dto });
        if (batch.length >= BATCH) {
          await this.write(batch, columns!, report, reject);
          batch = [];
        }
      }
    } catch (error) {
      if (error instanceof HeaderRefused) throw badRequest(error.errors);
      if (error instanceof CsvError) {
        const done = report.imported + report.updated + report.unchanged > 0 ? ' (the rows before it were imported; importing the fixed file again is harmless)' : '';
        throw badRequest([{ field: 'file', reason: `is not valid CSV at line ${(error as CsvError & { lines?: number }).lines ?? '?'}: ${error.message}${done}` }]);
      }
      throw error;
    }
    if (!columns) throw badRequest([{ field: 'file', reason: 'is empty: it needs a header row naming the columns' }]);
    await this.write(batch, columns, report, reject);
    report.errors.sort((a, b) => a.row - b.row);
    return report;
  }

  /** One batch in one transaction: the subscribers, their consent records and their events, or nothing. */
  private async write(batch: PendingRow[], columns: (keyof ProfileFields)[], report: ImportReport, reject: (row: RejectedRowResponse) => void): Promise<void> {
    if (batch.length === 0) return;
    const now = new Date();
    const outcomes = await this.imports.transaction(async (manager) => {
      const existing = new Map((await this.imports.lockByExternalIds(manager, batch.map((r) => r.externalId))).map((s) => [s.externalId!, s]));
      const results = batch.map((row) => ({ row, outcome: applyRow(existing.get(row.externalId) ?? null, row.dto, columns, now, randomUUID()) }));
      const writes = results.flatMap(({ row, outcome }) => (outcome.kind === 'imported' || outcome.kind === 'updated' ? [{ row, outcome }] : []));
      const ids = await this.imports.upsert(manager, writes.map((w) => w.outcome.subscriber));
      for (const { outcome } of writes) outcome.subscriber.id = ids.get(outcome.subscriber.externalId!) ?? outcome.subscriber.id;
      await this.consents.record(
        manager,
        writes.flatMap(({ row, outcome }) =>
          consentChanges(outcome.subscriber.id, outcome.kind === 'updated' ? outcome.before : null, outcome.subscriber, {
            source: 'import',
            wording: row.dto.consentWording ?? null,
            at: now,
          }),
        ),
      );
      if (writes.length > 0) await this.outbox.enqueue(manager, writes.map((w) => subscriberChanged(w.outcome.subscriber)));
      return results;
    });
    this.outbox.notify();
    for (const { row, outcome } of outcomes) {
      if (outcome.kind === 'rejected') reject({ row: row.line, externalId: row.externalId, errors: outcome.errors });
      else report[outcome.kind]++;
    }
  }
}

/** What csv-parse tells about each record (option `info`). */
interface CsvInfo {
  lines: number;
  empty_lines: number;
  columns: unknown[];
  error?: unknown;
}
