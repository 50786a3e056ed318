// 分类分级: every asset of the data catalog names its classification, grade, owner and source.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  required_fields: string[];
  max_listed?: number;
}

export default defineCheck<Params>({
  id: 'evidence.data-catalog',
  title: 'Data catalog: every asset has a classification, grade, owner and source',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      required_fields: { type: 'array', items: { type: 'string' }, minItems: 1, default: ['classification', 'grade', 'owner', 'source'] },
      max_listed: { type: 'integer', minimum: 1, default: 20, description: 'Incomplete assets named in the message' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const fields = ctx.params.required_fields ?? ['classification', 'grade', 'owner', 'source'];
      const maxListed = ctx.params.max_listed ?? 20;
      let assets = 0;
      let incomplete = 0;
      const listed: string[] = [];
      const missingByField: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
      for (const f of filesOfKind(ctx, 'data-catalog')) {
        await readCsv(f.path, {
          schema: 'evidence/data-catalog.schema.json',
          requiredColumns: fields,
          signal: ctx.signal,
          onRow: (r, row) => {
            assets++;
            const missing = fields.filter((k) => String(r[k] ?? '').trim() === '');
            if (missing.length === 0) return;
            incomplete++;
            for (const k of missing) missingByField[k]++;
            if (listed.length < maxListed) listed.push(`${f.file} row ${row} (${r.asset_id}): no ${missing.join(', ')}`);
          },
        });
      }
      const observed = { assets, incomplete, missing_by_field: missingByField, examples: listed };
      if (assets === 0) return { status: 'fail', message: 'the data catalog lists no asset', observed };
      if (incomplete > 0)
        return {
          status: 'fail',
          message: `${incomplete} of ${assets} assets lack a required field: ${listed.join('; ')}${incomplete > listed.length ? '; …' : ''}`,
          observed,
          expected: { required_fields: fields },
        };
      return { status: 'pass', message: `all ${assets} assets have ${fields.join(', ')}`, observed, expected: { required_fields: fields } };
    }),
});
