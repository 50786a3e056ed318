// JUnit XML for vendors' CI: one testsuite per domain, one testcase per expected clause.
// fail → <failure>, error/unknown → <error>, not_applicable/not_tested/manual → <skipped>, waived → <skipped>.

import type { Catalog, Outcome } from '../../runners/core/types.ts';
import type { ResultsDocument } from '../score/input.ts';
import type { ScoresDocument } from '../score/document.ts';

export function xmlEsc(s: unknown): string {
  return (
    String(s ?? '')
      // characters XML 1.0 cannot carry at all (control characters a target may send back)
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export function renderJunit(results: ResultsDocument, catalog: Catalog, scores: ScoresDocument, lang: 'zh' | 'en'): string {
  const clauseBy = new Map(catalog.clauses.map((c) => [c.id, c]));
  const outcomesBy = new Map<string, Outcome[]>();
  for (const o of results.outcomes) outcomesBy.set(o.clause, [...(outcomesBy.get(o.clause) ?? []), o]);
  const scoreBy = new Map(scores.result.clauses.map((c) => [c.id, c]));
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = scores.result.overall.counts;
  const total = scores.expected.length;
  const failures = all.fail;
  const errors = all.error + all.unknown;
  lines.push(
    `<testsuites name="govllm ${xmlEsc(results.profile.id)}" tests="${total}" failures="${failures}" errors="${errors}" skipped="${total - failures - errors - all.pass}">`,
  );
  for (const d of scores.result.domains) {
    const members = scores.expected.filter((c) => c.domain === d.id);
    const time = members.reduce((t, c) => t + (outcomesBy.get(c.id) ?? []).reduce((s, o) => s + (o.duration_ms ?? 0), 0), 0) / 1000;
    const title = catalog.edition.domains.find((x) => x.id === d.id)?.title[lang] ?? d.id;
    const f = members.filter((c) => scoreBy.get(c.id)!.verdict === 'fail' && !scoreBy.get(c.id)!.waived).length;
    const e = members.filter((c) => ['error', 'unknown'].includes(scoreBy.get(c.id)!.verdict) && !scoreBy.get(c.id)!.waived).length;
    const p = members.filter((c) => scoreBy.get(c.id)!.verdict === 'pass').length;
    lines.push(
      `  <testsuite name="${xmlEsc(d.id)}" tests="${members.length}" failures="${f}" errors="${e}" skipped="${members.length - f - e - p}" time="${time.toFixed(3)}" timestamp="${xmlEsc((results.started_at ?? '').replace(/Z$/, ''))}">`,
    );
    lines.push(
      `    <properties><property name="title" value="${xmlEsc(title)}"/><property name="level" value="${d.level ?? ''}"/><property name="score" value="${d.score ?? ''}"/></properties>`,
    );
    for (const ex of members) {
      const c = clauseBy.get(ex.id);
      const s = scoreBy.get(ex.id)!;
      const os = outcomesBy.get(ex.id) ?? [];
      const t = os.reduce((a, o) => a + (o.duration_ms ?? 0), 0) / 1000;
      const name = `${ex.id} ${c?.title[lang] ?? ''}`.trim();
      const detail = os
        .map(
          (o) =>
            `[${o.index + 1}] ${o.check}: ${o.status} — ${o.message ?? ''}${o.observed ? `\nobserved: ${JSON.stringify(o.observed)}` : ''}${o.expected ? `\nexpected: ${JSON.stringify(o.expected)}` : ''}`,
        )
        .join('\n');
      lines.push(`    <testcase classname="${xmlEsc(`${d.id}.${ex.item}`)}" name="${xmlEsc(name)}" time="${t.toFixed(3)}">`);
      if (s.waived) lines.push(`      <skipped message="${xmlEsc(`waived (${s.verdict})`)}"/>`);
      else if (s.verdict === 'fail')
        lines.push(
          `      <failure message="${xmlEsc(os.find((o) => o.status === 'fail')?.message ?? 'fail')}" type="${ex.critical ? 'critical' : ex.obligation}">${xmlEsc(detail)}</failure>`,
        );
      else if (s.verdict === 'error')
        lines.push(`      <error message="${xmlEsc(os.find((o) => o.status === 'error')?.message ?? 'error')}" type="error">${xmlEsc(detail)}</error>`);
      else if (s.verdict === 'unknown') lines.push(`      <error message="no result for an expected clause" type="unknown"/>`);
      else if (s.verdict !== 'pass') lines.push(`      <skipped message="${xmlEsc(s.verdict)}"/>`);
      if (detail && s.verdict === 'pass') lines.push(`      <system-out>${xmlEsc(detail)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
