// Streams the rows of a CSV evidence file with csv-parse, validating each against the row schema of its
// kind, in constant memory whatever the file's size (a 1,000,000-row catalog or audit log).
//
// Rows come from csv-parse's async iterator (its fastest consumer) and are handed to the caller one by
// one; nothing is kept. The first row that does not match its schema stops the read with an
// EvidenceReadError naming the file, the row (data row number, header excluded), the line (found by a
// second short read, only then) and the column — so the outcome is `error`, never a verdict on a file
// the suite could not read.
//
// Cell values are strings. Columns whose schema type is integer, number or boolean are converted first
// (an empty cell becomes absent, so `required` reports it); everything else stays a string and its
// meaning (empty owner, future date…) is the check's business, not the format's.

import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { ajv, displayPath } from '../load/documents.ts';
import { EvidenceReadError } from './errors.ts';
import { openPlainFile } from './files.ts';
import { excerpt, oneLineSafe } from '../output/inert.ts';

export type CsvRow = Record<string, string | number | boolean | undefined>;

interface RowSchemaInfo {
  validate?: ValidateFunction;
  columns: string[];
  numeric: string[];
  booleans: string[];
}

const infoCache = new Map<string, RowSchemaInfo>();

/** The row schema of an evidence kind: its `x-csv-columns` (required header) and typed columns. */
export function rowSchemaInfo(schemaName: string): RowSchemaInfo {
  const cached = infoCache.get(schemaName);
  if (cached) return cached;
  const validate = ajv().getSchema(schemaName);
  if (!validate) throw new Error(`no schema named ${schemaName}`);
  const schema = validate.schema as { 'x-csv-columns'?: string[]; properties?: Record<string, { type?: string | string[] }> };
  const props = schema.properties ?? {};
  const typeOf = (k: string) => [props[k]?.type ?? []].flat();
  const info: RowSchemaInfo = {
    validate,
    columns: schema['x-csv-columns'] ?? Object.keys(props),
    numeric: Object.keys(props).filter((k) => typeOf(k).some((t) => t === 'integer' || t === 'number')),
    booleans: Object.keys(props).filter((k) => typeOf(k).includes('boolean')),
  };
  infoCache.set(schemaName, info);
  return info;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'no', 'n', '0', '否']);

export interface CsvReadOptions {
  /** Schema name, e.g. `evidence/data-catalog.schema.json`; omit to read without validation. */
  schema?: string;
  /** Columns the header must have (besides the schema's `x-csv-columns`). */
  requiredColumns?: string[];
  signal?: AbortSignal;
  /** Called once the header is read, before any row. */
  onHeader?: (columns: string[]) => void;
  /**
   * Called for each valid row with its 1-based data row number (header excluded). Throwing stops the read
   * with an EvidenceReadError at that row.
   */
  onRow: (record: CsvRow, row: number) => void;
}

export interface CsvReadSummary {
  rows: number;
  columns: string[];
}

function describeAjvError(e: ErrorObject): { column?: string; message: string } {
  if (e.keyword === 'required') {
    const col = (e.params as { missingProperty: string }).missingProperty;
    return { column: col, message: 'is empty or missing' };
  }
  const col = e.instancePath.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'enum')
    message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return { column: col || (e.params as { additionalProperty?: string }).additionalProperty, message };
}

/**
 * Reads `file` row by row. Throws EvidenceReadError (file, row, column) on a malformed CSV, a missing
 * header column or a row that does not match the schema.
 */
export async function readCsv(file: string, opts: CsvReadOptions): Promise<CsvReadSummary> {
  const shown = displayPath(file);
  const info = opts.schema ? rowSchemaInfo(opts.schema) : undefined;
  const required = [...(info?.columns ?? []), ...(opts.requiredColumns ?? [])];
  let header: string[] = [];
  let rows = 0;
  let failure: EvidenceReadError | undefined;
  const numeric = info?.numeric ?? [];
  const booleans = info?.booleans ?? [];
  const validate = info?.validate;

  const parser = parse({
    bom: true,
    columns: (h: string[]) => {
      header = h.map((c) => c.trim());
      const missing = required.filter((c) => !header.includes(c));
      if (missing.length > 0) {
        // The header is the vendor's text: quoted only as a short, escaped excerpt.
        throw new EvidenceReadError(shown, `header lacks column(s) ${missing.map((c) => `"${c}"`).join(', ')} (has ${excerpt(header.join(', '), 80)})`, {
          row: 0,
          line: 1,
          column: missing[0],
        });
      }
      const dup = header.find((c, i) => header.indexOf(c) !== i);
      if (dup) throw new EvidenceReadError(shown, `header names column ${excerpt(dup, 40)} twice`, { row: 0, line: 1, column: excerpt(dup, 40) });
      opts.onHeader?.(header);
      return header;
    },
    skip_empty_lines: true,
  });
  // A plain file only (no symbolic link, FIFO or device: ./files.ts), read from the checked descriptor.
  const fd = openPlainFile(file);
  const source = fs.createReadStream('', { fd, highWaterMark: 256 * 1024 });
  // The pipeline carries read errors into the parser; rows are taken from the parser's async iterator,
  // which is csv-parse's fastest consumer. Leaving the loop early (a bad row) destroys both streams.
  const piped = pipeline(source, parser).catch((e: unknown) => e);
  let parseError: unknown;
  try {
    for await (const record of parser as AsyncIterable<CsvRow>) {
      rows++;
      if ((rows & 1023) === 0 && opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      for (const k of numeric) {
        const v = record[k];
        if (typeof v !== 'string') continue;
        const t = v.trim();
        if (t === '') delete record[k];
        else if (NUMBER.test(t)) record[k] = Number(t);
      }
      for (const k of booleans) {
        const v = record[k];
        if (typeof v !== 'string') continue;
        const t = v.trim().toLowerCase();
        if (t === '') delete record[k];
        else if (TRUE.has(t)) record[k] = true;
        else if (FALSE.has(t)) record[k] = false;
      }
      if (validate && !validate(record)) {
        const d = describeAjvError(validate.errors![0]);
        const value = d.column !== undefined && record[d.column] !== undefined ? ` (value ${excerpt(String(record[d.column]), 60)})` : '';
        failure = new EvidenceReadError(shown, `${d.column ? `column "${d.column}" ` : ''}${d.message}${value}`, { row: rows, column: d.column });
        break;
      }
      try {
        opts.onRow(record, rows);
      } catch (e) {
        failure = e instanceof EvidenceReadError ? e : new EvidenceReadError(shown, (e as Error).message, { row: rows });
        break;
      }
    }
  } catch (e) {
    parseError = e;
  }
  const pipelineError = await piped;
  if (failure) {
    // Lines are worked out only when needed: a second, short read up to the bad row.
    if (failure.position.row && failure.position.line === undefined) {
      const line = await lineOfRow(file, failure.position.row);
      failure = new EvidenceReadError(failure.file, failure.detail, { ...failure.position, line });
    }
    throw failure;
  }
  const e = parseError ?? pipelineError;
  if (e) {
    if (e instanceof EvidenceReadError) throw e;
    const ce = e as CsvError & { lines?: number; records?: number; column?: string | number | null; code?: string };
    if (ce.code && String(ce.code).startsWith('CSV_')) {
      const column = typeof ce.column === 'number' ? (header[ce.column] ?? `#${ce.column + 1}`) : (ce.column ?? undefined);
      throw new EvidenceReadError(shown, `malformed CSV: ${oneLineSafe(ce.message).slice(0, 200)}`, { row: (ce.records ?? rows) + 1, line: ce.lines, column });
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new EvidenceReadError(shown, 'cannot read: the file does not exist');
    throw e;
  }
  if (failure) throw failure;
  // An empty file (no header row at all) is not an empty table: the vendor submitted nothing readable.
  if (header.length === 0) throw new EvidenceReadError(shown, 'the file is empty: no header row', { row: 0, line: 1 });
  return { rows, columns: header };
}

/** The file line on which data row `row` ends (quoted cells may span lines). */
async function lineOfRow(file: string, row: number): Promise<number | undefined> {
  let fd: number;
  try {
    fd = openPlainFile(file);
  } catch {
    return undefined;
  }
  const parser = fs.createReadStream('', { fd }).pipe(parse({ bom: true, skip_empty_lines: true, info: true, relax_column_count: true }));
  let n = -1; // the header is record 0
  try {
    for await (const r of parser as AsyncIterable<{ info: { lines: number } }>) {
      if (++n === row) {
        parser.destroy();
        return r.info.lines;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}
