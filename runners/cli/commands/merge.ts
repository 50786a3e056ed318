// govllm merge OUT1 OUT2 … --out DIR: join the shards of one run into one results.json (see
// runners/results/merge.ts). The exit code is the scored verdict's, by the same rule as `govllm run`
// (reports/score/verdict.ts).

import type { CommandModule } from 'yargs';
import { displayPath } from '../../load/documents.ts';
import { mergeShards } from '../../results/merge.ts';
import { catalogFor } from '../../../reports/index.ts';
import { assessmentVerdict } from '../../../reports/score/verdict.ts';

interface Args {
  shards: string[];
  out: string;
  catalog?: string;
}

const command: CommandModule<object, Args> = {
  command: 'merge <shards..>',
  describe: 'Join the output folders of `govllm run --shard K/N` into one results.json equal to an unsharded run',
  builder: (y) =>
    y
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'output folders of every shard' })
      .option('out', { alias: 'o', type: 'string', default: 'out', describe: 'folder for the merged results.json and transcripts.jsonl' })
      .option('catalog', { type: 'string', describe: 'edition folder the run used (default: standards/<edition of the results>)' })
      .example('govllm merge out-1 out-2 out-3 --out out', 'after `govllm run --shard K/3 --seed 7 --out out-K` for K = 1..3'),
  handler: async (args) => {
    const { resultsPath, results } = await mergeShards(args.shards, args.out);
    const s = results.summary;
    process.stdout.write(
      `${displayPath(resultsPath)}: merged ${results.merged_from!.length} shards, ${s.total} outcomes, ${s.transcripts} transcripts` +
        (s.required_failed.length ? `\nrequired clauses failed or errored: ${s.required_failed.join(', ')}\n` : '\n'),
    );
    const { scores, exitCode } = assessmentVerdict(results, catalogFor(results, args.catalog));
    const o = scores.result.overall;
    process.stdout.write(`verdict: ${o.verdict}, level ${o.level ?? 'not rated'} (required ${o.required_level}), score ${o.score ?? '-'}/1000\n`);
    process.exitCode = exitCode;
  },
};

export default command;
