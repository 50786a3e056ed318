// 场景化数据服务: the training datasets the guide names (SFT single-turn, SFT with roles, multi-turn, RLHF)
// exist, versioned, with their sizes.

import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { readDatasetVersions } from './lib/dataset-versions.ts';

interface Params {
  required_types: string[];
  min_records?: number;
}

export default defineCheck<Params>({
  id: 'evidence.dataset-versions',
  title: 'Dataset versions of each required type (SFT single-turn, role, multi-turn, RLHF) with sizes',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['required_types'],
    properties: {
      required_types: { type: 'array', minItems: 1, items: { enum: ['pretrain', 'sft-single-turn', 'sft-role', 'sft-multi-turn', 'rlhf', 'eval'] } },
      min_records: { type: 'integer', minimum: 1, default: 1, description: 'Records the latest version of each required type must hold' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const min = ctx.params.min_records ?? 1;
      const versions = await readDatasetVersions(ctx);
      const latest = new Map<string, (typeof versions)[number]>();
      for (const v of versions) {
        const cur = latest.get(v.type);
        if (!cur || v.released_at > cur.released_at) latest.set(v.type, v);
      }
      const sizes = Object.fromEntries(
        [...latest].map(([t, v]) => [t, { dataset: v.dataset_id, version: v.version, records: v.records, released_at: v.released_at }]),
      );
      const missing = ctx.params.required_types.filter((t) => !latest.has(t));
      const small = ctx.params.required_types.filter((t) => latest.has(t) && latest.get(t)!.records < min);
      const observed = { versions: versions.length, latest_by_type: sizes };
      const problems = [
        ...(missing.length ? [`no dataset of type ${missing.join(', ')}`] : []),
        ...small.map((t) => `${t}: latest version ${latest.get(t)!.version} has ${latest.get(t)!.records} records, fewer than ${min}`),
      ];
      if (problems.length)
        return { status: 'fail', message: problems.join('; '), observed, expected: { required_types: ctx.params.required_types, min_records: min } };
      return {
        status: 'pass',
        message: ctx.params.required_types.map((t) => `${t} ${latest.get(t)!.version}: ${latest.get(t)!.records} records`).join('; '),
        observed,
        expected: { required_types: ctx.params.required_types, min_records: min },
      };
    }),
});
