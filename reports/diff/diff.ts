// Re-assessment delta (整改复测): compares two scored runs clause by clause and domain by domain.
// A clause is `fixed` when it did not pass before and passes now, `regressed` when it passed and no longer
// does, `new`/`removed` when only one run expected it; anything else is `unchanged` (its verdicts are still
// shown when they differ, e.g. fail → error).

import type { ScoresDocument } from '../score/document.ts';
import type { Verdict } from '../score/score.ts';
import type { Domain } from '../../runners/core/types.ts';

export type Change = 'fixed' | 'regressed' | 'new' | 'removed' | 'unchanged';

export interface DiffResult {
  old_run_id: string;
  new_run_id: string;
  clauses: { id: string; before?: Verdict; after?: Verdict; change: Change; score_before?: number; score_after?: number }[];
  counts: Record<Change, number>;
  domains: { id: Domain; before: number | null; after: number | null; score_before: number | null; score_after: number | null }[];
  overall: {
    before: number | null;
    after: number | null;
    score_before: number | null;
    score_after: number | null;
    verdict_before: string;
    verdict_after: string;
  };
}

export function diffScores(oldDoc: ScoresDocument, newDoc: ScoresDocument): DiffResult {
  const before = new Map(oldDoc.result.clauses.map((c) => [c.id, c]));
  const after = new Map(newDoc.result.clauses.map((c) => [c.id, c]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const counts: Record<Change, number> = { fixed: 0, regressed: 0, new: 0, removed: 0, unchanged: 0 };
  const clauses = ids.map((id) => {
    const b = before.get(id);
    const a = after.get(id);
    let change: Change;
    if (!b) change = 'new';
    else if (!a) change = 'removed';
    else if (b.verdict !== 'pass' && a.verdict === 'pass') change = 'fixed';
    else if (b.verdict === 'pass' && a.verdict !== 'pass') change = 'regressed';
    else change = 'unchanged';
    counts[change]++;
    return { id, before: b?.verdict, after: a?.verdict, change, score_before: b?.score, score_after: a?.score };
  });
  const dIds = [...new Set([...oldDoc.result.domains.map((d) => d.id), ...newDoc.result.domains.map((d) => d.id)])];
  const order: Domain[] = ['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety'];
  dIds.sort((x, y) => order.indexOf(x as Domain) - order.indexOf(y as Domain));
  const domains = dIds.map((id) => {
    const b = oldDoc.result.domains.find((d) => d.id === id);
    const a = newDoc.result.domains.find((d) => d.id === id);
    return { id: id as Domain, before: b?.level ?? null, after: a?.level ?? null, score_before: b?.score ?? null, score_after: a?.score ?? null };
  });
  return {
    old_run_id: oldDoc.run_id,
    new_run_id: newDoc.run_id,
    clauses,
    counts,
    domains,
    overall: {
      before: oldDoc.result.overall.level,
      after: newDoc.result.overall.level,
      score_before: oldDoc.result.overall.score,
      score_after: newDoc.result.overall.score,
      verdict_before: oldDoc.result.overall.verdict,
      verdict_after: newDoc.result.overall.verdict,
    },
  };
}

/** Plain-text rendering for the terminal (`govllm diff`). */
export function diffText(d: DiffResult): string {
  const lv = (x: number | null) => (x === null ? '-' : `L${x}`);
  const lines: string[] = [];
  lines.push(`baseline ${d.old_run_id} → ${d.new_run_id}`);
  lines.push(
    `overall: level ${lv(d.overall.before)} → ${lv(d.overall.after)}, score ${d.overall.score_before ?? '-'} → ${d.overall.score_after ?? '-'}, verdict ${d.overall.verdict_before} → ${d.overall.verdict_after}`,
  );
  lines.push('domains:');
  for (const x of d.domains) {
    const arrow = x.before !== null && x.after !== null ? (x.after > x.before ? ' ▲' : x.after < x.before ? ' ▼' : '') : '';
    lines.push(`  ${x.id.padEnd(15)} level ${lv(x.before)} → ${lv(x.after)}${arrow}   score ${x.score_before ?? '-'} → ${x.score_after ?? '-'}`);
  }
  lines.push(
    `clauses: ${d.counts.fixed} fixed, ${d.counts.regressed} regressed, ${d.counts.new} new, ${d.counts.removed} removed, ${d.counts.unchanged} unchanged`,
  );
  for (const c of d.clauses) {
    if (c.change === 'unchanged' && c.before === c.after) continue;
    lines.push(`  ${c.change.padEnd(9)} ${c.id.padEnd(14)} ${c.before ?? '-'} → ${c.after ?? '-'}`);
  }
  return lines.join('\n') + '\n';
}
