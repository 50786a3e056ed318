// npm run bench:pdf — prints how long the full PDF report takes (goal ≤ 5 s, CJK intact) and how many pages it
// has. The report is the renderers' full-size test material (every clause of the shipped catalog, with findings,
// evidence and transcripts), rendered twice: the first time includes Chromium's launch, as `govllm report` pays it.
import fs from 'node:fs';
import path from 'node:path';
import { renderReports } from '../reports/index.ts';
import { testCatalog, writeSyntheticRun } from '../reports/testing/synthetic.ts';

const { catalog, real } = testCatalog();
const run = writeSyntheticRun(catalog);
try {
  await measure();
} finally {
  fs.rmSync(run.dir, { recursive: true, force: true });
}

async function measure(): Promise<void> {
  for (const round of [1, 2]) {
    const t0 = Date.now();
    const summary = await renderReports(run.resultsPath, { formats: ['pdf'], outDir: path.join(run.dir, `out-${round}`), catalog, log: () => {} });
    const s = (Date.now() - t0) / 1000;
    const goal = s <= 5 ? 'met' : 'NOT met';
    console.log(
      `bench:pdf round ${round}: ${summary.pdf?.pages ?? 0} pages (${catalog.clauses.length} clauses, ${real ? 'shipped' : 'synthetic'} catalog) in ${s.toFixed(2)} s, PDF step ${((summary.pdf?.ms ?? 0) / 1000).toFixed(2)} s — goal ≤ 5 s ${goal}`,
    );
    if (summary.errors.length) console.log(`  errors: ${summary.errors.join('; ')}`);
  }
}
