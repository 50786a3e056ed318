import type { CommandModule } from 'yargs';
import { FORMATS, renderReports } from '../../../reports/index.ts';
import { EXIT } from '../main.ts';
import { verdictExitCode } from '../../../reports/score/verdict.ts';

interface Args {
  results: string;
  format?: string;
  out?: string;
  lang?: 'zh' | 'en';
  baseline?: string;
  catalog?: string;
  evaluator?: string;
}

const command: CommandModule<object, Args> = {
  command: 'report <results>',
  describe: 'Render reports from results.json (HTML, PDF, JUnit, CSV, OSCAL) with scores.json and manifest.json, without touching the target',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'results.json, or the run folder holding it' })
      .option('format', { type: 'string', describe: `comma-separated: ${FORMATS.join(',')}`, default: FORMATS.join(',') })
      .option('out', { type: 'string', describe: 'output folder (default: beside results.json)' })
      .option('lang', { choices: ['zh', 'en'] as const, describe: 'report language (default zh)' })
      .option('baseline', { type: 'string', describe: 'a previous run (results.json or folder): adds the 整改复测 (re-assessment) section' })
      .option('catalog', { type: 'string', describe: 'edition folder (default: standards/<edition of the results>)' })
      .option('evaluator', { type: 'string', describe: 'evaluating organisation shown on the cover (评估机构)' })
      .example('govllm report out/results.json --format html,pdf --out out/report', '')
      .example('govllm report out2 --baseline out1', 're-assessment after remediation'),
  handler: async (args) => {
    const s = await renderReports(args.results, {
      formats: (args.format ?? '').split(','),
      outDir: args.out,
      lang: args.lang,
      baseline: args.baseline,
      catalogDir: args.catalog,
      evaluator: args.evaluator,
      log: (m) => process.stdout.write(m + '\n'),
    });
    const o = s.scores.result.overall;
    process.stdout.write(`${s.outDir}: ${s.files.join(', ')}\n`);
    // The verdict's exit code (as `govllm run`), unless a format could not be written.
    process.exitCode = verdictExitCode(s.scores.result);
    if (s.errors.length) {
      process.stderr.write(s.errors.map((e) => `error: ${e}`).join('\n') + '\n');
      process.exitCode = EXIT.BROKEN;
    }
    process.stdout.write(
      `overall: level ${o.level ?? 'not rated'} (required ${o.required_level}), score ${o.score ?? '-'}/1000, verdict ${o.verdict}${o.denied_by.length ? `, red lines failed: ${o.denied_by.join(', ')}` : ''}\n`,
    );
  },
};

export default command;
