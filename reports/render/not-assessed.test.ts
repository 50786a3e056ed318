// A domain where nothing was assessed (every clause not tested or manual) reads 未评估 in the console summary
// and the report — never a level or 0/1000 — and both state per domain how many clauses were not tested or
// manual, so "not assessed" is never mistaken for a level.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../runners/core/types.ts';
import { formatVerdict } from '../../runners/cli/commands/run.ts';
import { readResults, renderReports, scoresFor } from '../index.ts';
import { testCatalog, writeSyntheticRun, type SyntheticRun } from '../testing/synthetic.ts';

let run: SyntheticRun;
let html: string;
beforeAll(async () => {
  const { catalog } = testCatalog();
  // Every data clause is left undecided: half not tested (no evidence submitted), half manual.
  const override: Record<string, Status> = {};
  catalog.clauses.filter((c) => c.domain === 'data').forEach((c, i) => (override[c.id] = i % 2 ? 'manual' : 'not_tested'));
  run = writeSyntheticRun(catalog, { override });
  await renderReports(run.resultsPath, { formats: ['html'], outDir: path.join(run.dir, 'zh'), catalog });
  html = fs.readFileSync(path.join(run.dir, 'zh', 'report.html'), 'utf8');
});

describe('a domain with nothing assessed', () => {
  it('the console summary says 未评估 with the not-tested and manual counts, and the overall level is not a number', () => {
    const scores = scoresFor(readResults(run.resultsPath), run.catalog).result;
    const data = scores.domains.find((d) => d.id === 'data')!;
    const out = formatVerdict(scores, 'zh');
    const line = out.split('\n').find((l) => l.trim().startsWith('data '))!;
    expect(line).toMatch(/^ {2}data +未评估 +- ?\/1000/);
    expect(line).toContain(`未测 ${data.counts.not_tested}, 待人工 ${data.counts.manual}`);
    expect(line).not.toMatch(/\d级/);
    expect(out).toMatch(/\n总体: 未评估 \(data\)/);
    expect(formatVerdict(scores, 'en')).toMatch(/ {2}data +not assessed /);
  });

  it('the report prints 未评估 for the domain and overall, and a not-tested / manual column per domain', () => {
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="domains"'));
    expect(summary).toContain('<th>未测/待人工</th>');
    const dataRow = summary.split('<tr>').find((r) => r.includes('href="#dom-data"'))!;
    // level, top assessable level, score, not tested / manual
    expect(dataRow).toMatch(/<td>未评估<\/td><td>[^<]*<\/td><td>—<\/td><td>\d+ \/ \d+<\/td>/);
    expect(html).toMatch(/总体成熟度等级<\/th><td><strong>未评估<\/strong>/);
  });
});
