// Reads a JSON (or YAML) evidence file and validates it against a schema. Problems become an
// EvidenceReadError whose message names the file, the line and the path inside the document.

import { isUtf8 } from 'node:buffer';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { displayPath, formatAjvErrors, parseFile, schemaValidator } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';
import { EvidenceReadError } from './errors.ts';
import { readPlainFileSync } from './files.ts';
import { excerpt, oneLineSafe } from '../output/inert.ts';

/** JSON evidence is read whole; past this size the pack should use a CSV kind. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Parses `file` and validates it against `schema` (a registered schema name or a compiled validator).
 * Throws EvidenceReadError listing the first problems.
 */
export function readJson<T>(file: string, schema?: string | ValidateFunction): T {
  const shown = displayPath(file);
  // A plain file only (no symbolic link, FIFO or device), its size counted while reading (./files.ts).
  const bytes = readPlainFileSync(file, MAX_JSON_BYTES, 'JSON evidence file');
  if (!isUtf8(bytes)) throw new EvidenceReadError(shown, 'is not valid UTF-8 (save the file as UTF-8)');
  const text = bytes.toString('utf8');
  if (file.endsWith('.json')) {
    // YAML would accept `"b": }` as null: a .json file must be strict JSON.
    try {
      JSON.parse(text);
    } catch (e) {
      // V8 quotes the document in its message: only a short, escaped excerpt of it is kept.
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      const what = msg
        .replace(/ in JSON at position \d+.*$/s, '')
        .replace(/,? ".*$/s, '')
        .replace(/\s+/g, ' ')
        .slice(0, 80);
      const near = pos ? `, near ${excerpt(text.slice(Number(pos[1]), Number(pos[1]) + 30), 30)}` : '';
      throw new EvidenceReadError(shown, `not well-formed JSON: ${oneLineSafe(what)}${near}`, { line });
    }
  }
  let doc;
  try {
    doc = parseFile<T>(file, text);
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
