// The one CSV writer for every CSV the suite writes (findings.csv, every artifacts/*-items.csv, review
// exports). A CSV is opened in a spreadsheet by someone who trusts it, and its cells quote a target's answers:
//   - a cell a spreadsheet would run as a formula (=, +, -, @, or one starting with a tab/CR) gets a leading ';
//   - control characters (ESC, BEL, NUL, CR, tab …), bidi overrides and zero-width characters are written as
//     \u{XX} so they can neither drive a terminal that `cat`s the file nor reorder or hide text; line feeds
//     stay (RFC 4180 quoting keeps them inside the cell);
//   - RFC 4180 quoting for `"`, `,` and line breaks.
// Numbers and booleans are written as they are (a negative number is not a formula).

const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const raw = String(v ?? '');
  // The formula test looks at the raw text (a leading tab is a trigger), the cell keeps the escaped text.
  let s = raw.replace(CONTROL, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  if (FORMULA.test(raw.trimStart()) || FORMULA.test(raw)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * RFC 4180 quoting only, for data files this suite writes and reads back itself (the labelled corpora, the prompt
 * banks): their cells must hold the text exactly, so no formula guard or escaping.
 */
export function dataCsvLine(cells: readonly unknown[]): string {
  return cells
    .map((v) => {
      const s = String(v ?? '');
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document: header and rows, CRLF line ends, and a UTF-8 BOM (Excel then reads Chinese text right). */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[], opts: { bom?: boolean } = {}): string {
  return (opts.bom === false ? '' : '\uFEFF') + [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
}
