/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted with quotes doubled,
 * records end in CRLF. Text that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR first) gets a leading `'`: visitors write these cells, operators open them.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header row and the records, each a line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
