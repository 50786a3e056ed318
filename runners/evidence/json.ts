// Reads a JSON (or YAML) evidence file and validates it against a schema. Problems become an
// EvidenceReadError whose message names the file, the line and the path inside the document.

import fs from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { displayPath, formatAjvErrors, parseFile, schemaValidator } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';
import { EvidenceReadError } from './errors.ts';

/** JSON evidence is read whole; past this size the pack should use a CSV kind. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Parses `file` and validates it against `schema` (a registered schema name or a compiled validator).
 * Throws EvidenceReadError listing the first problems.
 */
export function readJson<T>(file: string, schema?: string | ValidateFunction): T {
  const shown = displayPath(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new EvidenceReadError(shown, 'cannot read: the file does not exist');
  }
  if (size > MAX_JSON_BYTES) throw new EvidenceReadError(shown, `is ${size} bytes, more than the ${MAX_JSON_BYTES} a JSON evidence file may hold`);
  if (file.endsWith('.json')) {
    // YAML would accept `"b": }` as null: a .json file must be strict JSON.
    const text = fs.readFileSync(file, 'utf8');
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new EvidenceReadError(shown, `not well-formed JSON: ${msg.replace(/ in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ').slice(0, 160)}`, { line });
    }
  }
  let doc;
  try {
    doc = parseFile<T>(file);
  } catch (e) {
    if (e instanceof InputError) {
      const m = /^:(\d+):(\d+) (.*)$/s.exec(e.message.slice(shown.length));
      throw new EvidenceReadError(shown, `not well-formed: ${m ? m[3] : e.message}`, m ? { line: Number(m[1]), column: `col ${m[2]}` } : {});
    }
    throw e;
  }
  if (schema) {
    const validate = typeof schema === 'string' ? schemaValidator(schema) : schema;
    if (!validate(doc.data)) {
      const problems = formatAjvErrors(doc, validate.errors);
      const first = problems[0] ?? `${shown}: does not match its schema`;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
      const m = /^:(\d+) (.*)$/s.exec(first.slice(shown.length)) ?? /^ ?(.*)$/s.exec(first.slice(shown.length));
      const line = m && m.length === 3 ? Number(m[1]) : undefined;
      const detail = m ? m[m.length - 1] : first;
      throw new EvidenceReadError(shown, `${detail}${more}`, { line, column: detail.split(':')[0] });
    }
  }
  return doc.data;
}
