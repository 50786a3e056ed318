// Reading what a run wrote, for the end-to-end tests: JSONL files line by line, and results.json's outcomes.
import fs from 'node:fs';
import path from 'node:path';

/** Every line of a JSONL file as parsed JSON; [] when the file does not exist (yet). */
export function jsonLines(file: string): Record<string, any>[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

export interface WrittenOutcome {
  clause: string;
  check: string;
  index: number;
  status: string;
  score: number;
  message: string;
  [k: string]: unknown;
}

/** The outcomes of the results.json in a run's folder. */
export function outcomesOf(dir: string): WrittenOutcome[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).outcomes as WrittenOutcome[];
}
