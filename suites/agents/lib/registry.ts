// The agent-registry evidence kind, read by the registry check and the MCP cross-check.

import type { CheckContext } from '../../../runners/core/check.ts';
import { readCsv, type CsvRow } from '../../../runners/evidence/csv.ts';
import { filesOfKind } from '../../../runners/evidence/use.ts';

export interface RegisteredTool {
  row: CsvRow;
  file: string;
  line: number;
}

export async function readRegistry(ctx: CheckContext<any>): Promise<RegisteredTool[]> {
  const out: RegisteredTool[] = [];
  for (const f of filesOfKind(ctx, 'agent-registry')) {
    await readCsv(f.path, {
      schema: 'evidence/agent-registry.schema.json',
      signal: ctx.signal,
      onRow: (r, row) => out.push({ row: r, file: f.file, line: row }),
    });
  }
  return out;
}
