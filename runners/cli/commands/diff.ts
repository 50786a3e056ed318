import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { catalogFor, readResults, scoresFor } from '../../../reports/index.ts';
import { diffScores, diffText } from '../../../reports/diff/diff.ts';
import type { ScoresDocument } from '../../../reports/score/document.ts';

interface Args {
  old: string;
  new: string;
  json?: boolean;
}

/** A run's scores: scores.json when the folder has one, else recomputed from its results.json. */
function scoresOf(p: string): ScoresDocument {
  const dir = fs.statSync(p).isDirectory() ? p : path.dirname(p);
  const s = path.join(dir, 'scores.json');
  if (fs.existsSync(s)) return JSON.parse(fs.readFileSync(s, 'utf8')) as ScoresDocument;
  const r = readResults(p);
  return scoresFor(r, catalogFor(r));
}

const command: CommandModule<object, Args> = {
  command: 'diff <old> <new>',
  describe: 'Re-assessment delta (整改复测): per clause fixed / regressed / new / unchanged, and the level change per domain',
  builder: (y) =>
    y
      .positional('old', { type: 'string', demandOption: true, describe: 'baseline run: results.json or its folder' })
      .positional('new', { type: 'string', demandOption: true, describe: 'new run: results.json or its folder' })
      .option('json', { type: 'boolean', default: false }),
  handler: (args) => {
    const d = diffScores(scoresOf(args.old), scoresOf(args.new));
    process.stdout.write(args.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
  },
};

export default command;
