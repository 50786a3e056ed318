// findings.csv: one row per expected clause, for spreadsheets, written by the suite's one CSV writer
// (runners/output/csv.ts: RFC 4180 quoting, a UTF-8 BOM, formula guard, control characters escaped).

import type { Catalog, Outcome } from '../../runners/core/types.ts';
import type { ResultsDocument } from '../score/input.ts';
import type { ScoresDocument } from '../score/document.ts';
import { verdictLabel } from './i18n.ts';
import { csvDocument } from '../../runners/output/csv.ts';

export { csvCell } from '../../runners/output/csv.ts';

export const CSV_COLUMNS = [
  'clause',
  'domain',
  'item',
  'title',
  'obligation',
  'level',
  'weight',
  'critical',
  'verdict',
  'verdict_label',
  'score',
  'waived',
  'message',
  'observed',
  'evidence',
  'remediation',
  'sources',
] as const;

export function renderCsv(results: ResultsDocument, catalog: Catalog, scores: ScoresDocument, lang: 'zh' | 'en'): string {
  const clauseBy = new Map(catalog.clauses.map((c) => [c.id, c]));
  const outcomesBy = new Map<string, Outcome[]>();
  for (const o of results.outcomes) outcomesBy.set(o.clause, [...(outcomesBy.get(o.clause) ?? []), o]);
  const scoreBy = new Map(scores.result.clauses.map((c) => [c.id, c]));
  const rows: unknown[][] = [];
  for (const ex of scores.expected) {
    const c = clauseBy.get(ex.id);
    const s = scoreBy.get(ex.id)!;
    const os = (outcomesBy.get(ex.id) ?? []).sort((a, b) => a.index - b.index);
    rows.push([
      ex.id,
      ex.domain,
      ex.item,
      c?.title[lang] ?? '',
      ex.obligation,
      ex.level,
      ex.weight,
      ex.critical,
      s.verdict,
      verdictLabel(s.verdict, lang),
      s.score,
      s.waived,
      os
        .map((o) => o.message ?? '')
        .filter(Boolean)
        .join(' | '),
      os
        .map((o) => (o.observed ? JSON.stringify(o.observed) : ''))
        .filter(Boolean)
        .join(' | '),
      [...new Set(os.flatMap((o) => (o.evidence ?? []).map((e) => `${e.file}@sha256:${e.sha256}`)))].join(' | '),
      c?.remediation?.[lang] ?? '',
      (c?.sources ?? []).map((x) => `${x.doc} ${x.section}`).join(' | '),
    ]);
  }
  return csvDocument(CSV_COLUMNS, rows);
}
