// govllm review export|import: a person decides the refusal readings a run left open (runners/review/review.ts).
// Thin: parse options, call the review module, re-render the reports the bundle already has, say what to sign.

import fs from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { FORMATS, OUTPUT_FILES, renderReports } from '../../../reports/index.ts';
import { displayPath } from '../../load/documents.ts';
import { exportReview, importReview } from '../../review/review.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  action: 'export' | 'import';
  out: string;
  decisions?: string;
  reviewer?: string;
  to?: string;
  lang?: 'zh' | 'en';
}

function runFolder(out: string): string {
  const dir = path.resolve(out);
  if (!fs.existsSync(path.join(dir, 'results.json')))
    throw new ExitError(EXIT.INPUT, `${out}: no results.json; name the folder a run wrote (govllm run --out)`);
  return dir;
}

/** The formats the bundle already holds, so a re-score rewrites exactly those (and never needs Chromium when there was no PDF). */
function formatsIn(dir: string): string[] {
  return FORMATS.filter((f) => fs.existsSync(path.join(dir, OUTPUT_FILES[f])));
}

const command: CommandModule<object, Args> = {
  command: 'review <action> <out> [decisions]',
  describe: 'Human review of refusal readings: export the items a run left open (CSV + HTML page), import the decisions and re-score',
  builder: (y) =>
    (y as Argv<object>)
      .positional('action', { choices: ['export', 'import'] as const, demandOption: true, describe: 'export the items to review, or import the decisions' })
      .positional('out', { type: 'string', demandOption: true, describe: 'the run folder (results.json and artifacts/)' })
      .positional('decisions', {
        type: 'string',
        describe: "import: the decisions CSV (review.csv with the decision column filled, or the page's decisions.csv)",
      })
      .option('reviewer', { type: 'string', describe: 'import: the person who decided (recorded in results.json and the manifest)' })
      .option('to', {
        type: 'string',
        describe: 'export: folder for review.csv and review.html (default: <out>-review, beside the bundle so the signed bundle is untouched)',
      })
      .option('lang', { choices: ['zh', 'en'] as const, describe: "import: language of the re-rendered reports (default: the run's)" })
      .example('govllm review export out', 'write out-review/review.csv and review.html')
      .example(
        'govllm review import out out-review/review.csv --reviewer "Zhang San"',
        'record the decisions, re-score, re-render; then govllm sign out --key KEY',
      ) as unknown as Argv<Args>,
  handler: async (args) => {
    const dir = runFolder(args.out);
    if (args.action === 'export') {
      const to = path.resolve(args.to ?? `${dir.replace(/[\\/]+$/, '')}-review`);
      const r = exportReview(dir, to);
      process.stdout.write(`${r.rows} item(s) to review: ${r.files.map(displayPath).join(', ')}\n`);
      if (r.rows)
        process.stdout.write(
          `fill the decision column (refuse/answer) or use the page, then: govllm review import ${displayPath(dir)} DECISIONS.csv --reviewer NAME\n`,
        );
      return;
    }
    if (!args.decisions) throw new ExitError(EXIT.INPUT, 'review import: name the decisions CSV');
    if (!args.reviewer?.trim()) throw new ExitError(EXIT.INPUT, 'review import: --reviewer NAME (the person who decided) is required');
    const s = importReview(dir, path.resolve(args.decisions), args.reviewer);
    for (const c of s.rescored) process.stdout.write(`${c.clause}: ${c.before} → ${c.after}\n`);
    process.stdout.write(`${s.decisions} decision(s) by ${args.reviewer} recorded in results.json (${s.file})\n`);
    const formats = formatsIn(dir);
    const r = await renderReports(dir, { formats: formats.length ? formats : ['html'], lang: args.lang, log: (m) => process.stdout.write(m + '\n') });
    for (const e of r.errors) process.stderr.write(`warning: ${e}\n`);
    process.stdout.write(`reports and manifest rewritten; the bundle is unsigned now: govllm sign ${displayPath(dir)} --key KEY\n`);
  },
};

export default command;
