// The dataset-versions evidence kind, read by the dataset and lineage checks.

import type { CheckContext } from '../../../runners/core/check.ts';
import { readCsv } from '../../../runners/evidence/csv.ts';
import { filesOfKind } from '../../../runners/evidence/use.ts';

export interface DatasetVersion {
  dataset_id: string;
  type: string;
  version: string;
  records: number;
  released_at: string;
  file: string;
  row: number;
}

export async function readDatasetVersions(ctx: CheckContext<any>): Promise<DatasetVersion[]> {
  const out: DatasetVersion[] = [];
  for (const f of filesOfKind(ctx, 'dataset-versions')) {
    await readCsv(f.path, {
      schema: 'evidence/dataset-versions.schema.json',
      signal: ctx.signal,
      onRow: (r, row) =>
        out.push({
          dataset_id: String(r.dataset_id),
          type: String(r.type),
          version: String(r.version),
          records: r.records as number,
          released_at: String(r.released_at),
          file: f.file,
          row,
        }),
    });
  }
  return out;
}
