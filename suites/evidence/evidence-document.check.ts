// A required document of a kind is submitted, non-empty and well-formed: validated against its kind's
// schema when standards/ has one (CSV rows or JSON), else checked for the columns asked (CSV) or for
// being a real PDF / non-empty text.

import fs from 'node:fs';
import { defineCheck } from '../../runners/core/check.ts';
import { ajv } from '../../runners/load/documents.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { readJson } from '../../runners/evidence/json.ts';
import { EvidenceReadError } from '../../runners/evidence/errors.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  kind: string;
  required_columns?: string[];
}

export default defineCheck<Params>({
  id: 'evidence.document',
  title: 'A required document is submitted, non-empty and well-formed',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: { kind: { type: 'string', pattern: '^[a-z0-9-]+$' }, required_columns: { type: 'array', items: { type: 'string' } } },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const schemaName = `evidence/${ctx.params.kind}.schema.json`;
      const schema = ajv().getSchema(schemaName)?.schema as { 'x-format'?: string } | undefined;
      const summary: string[] = [];
      for (const f of filesOfKind(ctx, ctx.params.kind)) {
        const size = fs.statSync(f.path).size;
        if (size === 0) throw new EvidenceReadError(f.file, 'is empty');
        const isCsv = schema?.['x-format'] === 'csv' || f.file.endsWith('.csv');
        if (isCsv) {
          const s = await readCsv(f.path, {
            schema: schema ? schemaName : undefined,
            requiredColumns: ctx.params.required_columns,
            signal: ctx.signal,
            onRow: () => {},
          });
          if (s.rows === 0) return { status: 'fail', message: `${f.file} has a header but no rows` };
          summary.push(`${f.file}: ${s.rows} rows`);
        } else if (schema?.['x-format'] === 'document' || /\.(md|markdown|txt|pdf)$/.test(f.file)) {
          summary.push(`${f.file}: ${describeDocument(f.file, f.path, size)}`);
        } else if (schema || /\.(json|ya?ml)$/.test(f.file)) {
          readJson(f.path, schema ? schemaName : undefined);
          summary.push(`${f.file}: valid`);
        } else summary.push(`${f.file}: ${size} bytes`);
      }
      return { status: 'pass', message: `${ctx.params.kind} submitted: ${summary.join('; ')}`, observed: { files: summary } };
    }),
});

/** A text or PDF document: a PDF must start with %PDF-, Markdown must be UTF-8 text with a heading. */
function describeDocument(file: string, abs: string, size: number): string {
  const fd = fs.openSync(abs, 'r');
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (file.endsWith('.pdf')) {
    if (head.subarray(0, 5).toString('latin1') !== '%PDF-') throw new EvidenceReadError(file, 'is not a PDF (no %PDF- header)');
    return `PDF, ${size} bytes`;
  }
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head);
  // A read cut inside a multi-byte character leaves a replacement character at the end only.
  const text = head.length < size ? decoded.replace(/\uFFFD+$/, '') : decoded;
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw new EvidenceReadError(file, 'is neither UTF-8 text nor a PDF');
  if (!text.trim()) throw new EvidenceReadError(file, 'holds only whitespace');
  if (/\.(md|markdown)$/.test(file) && !/^#{1,6}\s+\S/m.test(text)) throw new EvidenceReadError(file, 'is Markdown without a single heading');
  return `text, ${size} bytes`;
}
