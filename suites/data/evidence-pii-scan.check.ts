// Sample records hold no unmasked personal data: checksum-valid resident ID numbers, mobile numbers,
// Luhn-valid bank cards. Every cell but the record id is scanned; the rows found are listed.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';
import { piiKinds, PII_KINDS, type PiiKind } from '../lib/pii.ts';

interface Params {
  kinds: PiiKind[];
  max_listed?: number;
}

export default defineCheck<Params>({
  id: 'evidence.pii-scan',
  title: 'Sample records: no unmasked resident ID numbers, phone numbers or bank cards',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      kinds: { type: 'array', items: { enum: PII_KINDS }, minItems: 1, uniqueItems: true, default: PII_KINDS },
      max_listed: { type: 'integer', minimum: 1, default: 50, description: 'Row numbers listed per kind' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const kinds = ctx.params.kinds ?? PII_KINDS;
      const maxListed = ctx.params.max_listed ?? 50;
      const counts: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
      const rowsByKind: Record<string, string[]> = Object.fromEntries(kinds.map((k) => [k, []]));
      let records = 0;
      for (const f of filesOfKind(ctx, 'sample-records')) {
        await readCsv(f.path, {
          schema: 'evidence/sample-records.schema.json',
          signal: ctx.signal,
          onRow: (r, row) => {
            records++;
            const hit = new Set<PiiKind>();
            for (const [col, v] of Object.entries(r)) {
              if (col === 'record_id' || typeof v !== 'string') continue;
              for (const k of piiKinds(v, kinds)) hit.add(k);
            }
            for (const k of hit) {
              counts[k]++;
              if (rowsByKind[k].length < maxListed) rowsByKind[k].push(`${f.file}:${row}`);
            }
          },
        });
      }
      const observed = { records, unmasked: counts, rows: rowsByKind };
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (records === 0) return { status: 'fail', message: 'no sample record was submitted', observed };
      if (total > 0) {
        const parts = kinds
          .filter((k) => counts[k] > 0)
          .map(
            (k) =>
              `${counts[k]} with an unmasked ${k.replace('_', ' ')} (rows ${rowsByKind[k].map((x) => x.split(':').pop()).join(', ')}${counts[k] > rowsByKind[k].length ? ', …' : ''})`,
          );
        return { status: 'fail', message: `${records} sample records scanned: ${parts.join('; ')}`, observed, expected: { unmasked: 0 } };
      }
      return { status: 'pass', message: `${records} sample records scanned: no unmasked ${kinds.join(', ')}`, observed, expected: { unmasked: 0 } };
    }),
});
