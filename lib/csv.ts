// RFC 4180 CSV: CRLF line ends, quotes doubled. Every text cell is quoted, so a spreadsheet that
// splits on ";", a tab or "|" (as many do, by locale) still reads it as one cell. Text a spreadsheet
// would run as a formula (=, +, -, @, tab, CR) gets a ' before it — at the start of the cell and
// after any of those separators, since a program that splits on one would start a cell there.
// Numbers stay numbers, so a -0.5 written as a number is not touched.

export type Cell = string | number | boolean | null | undefined | Date;

/** A formula start at the beginning of the text or right after a common separator (, ; tab | line end). */
const FORMULA_START = /(?<=^|[,;\t|\r\n])(?=[=+\-@\t\r])/g;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return `"${value.replace(FORMULA_START, "'").replace(/"/g, '""')}"`;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

/** The header row: column names are our own identifiers, written bare as tools expect them. */
export function csvHeader(names: readonly string[]): string {
  for (const name of names) if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`CSV column name ${JSON.stringify(name)} is not an identifier`);
  return names.join(",") + "\r\n";
}

export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvHeader(header);
  for (const row of rows) out += csvRow(row);
  return out;
}
