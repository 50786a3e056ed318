// 数据血缘: every training dataset (every dataset version whose type is a training type) has a lineage
// record naming where it came from.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';
import { readDatasetVersions } from './lib/dataset-versions.ts';

interface Params {
  training_types?: string[];
}

export default defineCheck<Params>({
  id: 'evidence.lineage',
  title: 'Lineage recorded for every training dataset',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      training_types: {
        type: 'array',
        items: { type: 'string' },
        default: ['pretrain', 'sft-single-turn', 'sft-role', 'sft-multi-turn', 'rlhf'],
        description: 'Dataset types that count as training data',
      },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const types = ctx.params.training_types ?? ['pretrain', 'sft-single-turn', 'sft-role', 'sft-multi-turn', 'rlhf'];
      const datasets = [...new Set((await readDatasetVersions(ctx)).filter((d) => types.includes(d.type)).map((d) => d.dataset_id))].sort();
      const upstream = new Map<string, string[]>();
      for (const f of filesOfKind(ctx, 'lineage')) {
        await readCsv(f.path, {
          schema: 'evidence/lineage.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const ups = String(r.upstream)
              .split(/[;；,，]/)
              .map((s) => s.trim())
              .filter(Boolean);
            upstream.set(String(r.dataset_id), [...(upstream.get(String(r.dataset_id)) ?? []), ...ups]);
          },
        });
      }
      const missing = datasets.filter((d) => !upstream.get(d)?.length);
      const observed = { training_datasets: datasets.length, with_lineage: datasets.length - missing.length, missing };
      if (datasets.length === 0)
        return { status: 'fail', message: 'no training dataset is declared in dataset-versions, so lineage cannot be shown', observed };
      if (missing.length)
        return { status: 'fail', message: `no lineage for ${missing.length} of ${datasets.length} training datasets: ${missing.join(', ')}`, observed };
      return { status: 'pass', message: `lineage recorded for all ${datasets.length} training datasets`, observed };
    }),
});
