/**
 * CSV as RFC 4180 describes it, for reports that people open in a spreadsheet: a header row, CRLF line ends,
 * a field quoted (with its quotes doubled) when it holds a comma, a quote or a line break.
 */

/** One cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-cmd|…`) is made plain text by a leading
// apostrophe, as OWASP advises for CSV injection; a signed number or phone number (`-3`, `+4915…`) is left alone.
const FORMULA = /^(?:[=@\t\r]|[+-](?![\d.]))/;

/** One field, quoted if it needs to be. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  let text = String(cell);
  if (typeof cell === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: the header, then one line per row, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** Reads an RFC 4180 document back into rows of fields (strings; an empty field is ''). Accepts LF or CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Rows of a parsed CSV as objects keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
