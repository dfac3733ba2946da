// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a quote, comma, CR or LF, quotes doubled.
// String cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading ' —
// numbers stay numbers, so a -0.5 written as a number is not touched.

export type Cell = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvRow(header);
  for (const row of rows) out += csvRow(row);
  return out;
}
