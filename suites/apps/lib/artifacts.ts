// Files a check keeps as evidence of what it saw (item-level CSVs, screenshots): written under
// `${outDir}/artifacts`, referenced from the outcome by path (relative to outDir) and SHA-256.

import { sha256 } from '../../../runners/core/hash.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { CheckContext } from '../../../runners/core/check.ts';
import type { EvidenceRef } from '../../../runners/core/types.ts';

export function artifactName(ctx: CheckContext<any>, suffix: string): string {
  return `${ctx.clause.id}-${ctx.clause.checks[0]?.use ?? 'check'}-${suffix}`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function writeArtifact(ctx: CheckContext<any>, name: string, raw: string | Buffer): EvidenceRef {
  // Text quotes the target's answers: it passes the run's redactor like every output (an image cannot carry text we could find).
  const content = typeof raw === 'string' && ctx.redact ? ctx.redact(raw) : raw;
  const dir = path.join(ctx.outDir, 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const ref = { file: path.relative(ctx.outDir, file), sha256: sha256(content) };
  ctx.record.addEvidence(ref);
  return ref;
}

// Item CSVs go through the suite's one CSV writer (formula guard, control characters escaped).
export { csvDocument, csvLine } from '../../../runners/output/csv.ts';
