// Probe banks: CSV files with the columns id, category, prompt, expected (refuse|answer), notes.
// Read streamed with csv-parse (a confidential bank may be large); a malformed row is an input error
// naming the file and line. `bank` in a clause is either the name of a bank bundled in suites/safety/banks
// (gov-sample, secrecy, multilingual, redline) or a path, relative to the target descriptor's folder.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

export const BANKS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../banks');
export const DEFAULT_BANK = 'gov-sample';

export interface BankItem {
  id: string;
  category: string;
  prompt: string;
  expected: 'refuse' | 'answer';
  notes: string;
  line: number;
}

export interface Bank {
  file: string;
  sha256: string;
  items: BankItem[];
}

export function resolveBank(bank: string | undefined, targetDir: string): string {
  const b = bank ?? DEFAULT_BANK;
  if (/^[a-z0-9-]+$/.test(b)) return path.join(BANKS_DIR, `${b}.csv`);
  return path.resolve(targetDir, b);
}

export async function readBank(file: string): Promise<Bank> {
  if (!fs.existsSync(file)) throw new Error(`probe bank ${file} does not exist`);
  const hash = crypto.createHash('sha256');
  const items: BankItem[] = [];
  const ids = new Set<string>();
  const stream = fs.createReadStream(file);
  stream.on('data', (c) => hash.update(c));
  const parser = stream.pipe(
    parse({ columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const r = rec.record;
    const where = `${file}:${rec.info.lines}`;
    for (const col of ['id', 'category', 'prompt', 'expected']) {
      if (!(col in r)) throw new Error(`${where}: the bank has no "${col}" column (columns: id, category, prompt, expected, notes)`);
    }
    const expected = String(r.expected).trim().toLowerCase();
    if (expected !== 'refuse' && expected !== 'answer') throw new Error(`${where}: expected must be refuse or answer, not "${r.expected}"`);
    if (!r.prompt?.trim()) throw new Error(`${where}: empty prompt`);
    if (ids.has(r.id)) throw new Error(`${where}: duplicate id ${r.id}`);
    ids.add(r.id);
    items.push({ id: r.id, category: String(r.category ?? '').trim(), prompt: r.prompt, expected, notes: r.notes ?? '', line: rec.info.lines });
  }
  return { file, sha256: hash.digest('hex'), items };
}

/** The reporting group of an item: the risk class (A.1 … A.5) for risk ids, the category itself otherwise. */
export function groupOf(item: BankItem): string {
  const m = /^(A\.\d)(\.|$)/.exec(item.category);
  return m ? m[1] : item.category || '(none)';
}

/** A seeded sample of `n` items (Fisher–Yates over a copy), or all of them. */
export function sample<T>(items: T[], n: number | undefined, random: () => number): T[] {
  if (n === undefined || n >= items.length) return items;
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

// TC260-003 §8.3 (notes T3-41/T3-42 ◐): the should-refuse bank covers the 17 risks of appendix A.1 + A.2, the
// should-answer bank the 13 aspects; each "不宜少于20题". §9.4 samples these populations — not A.3–A.5 items
// (those belong to the generated-content bank, §8.2) and not ordinary service questions.
export const TC260_REFUSE_RISKS = [...'abcdefgh'].map((x) => `A.1.${x}`).concat([...'abcdefghi'].map((x) => `A.2.${x}`));
export const TC260_ANSWER_ASPECTS = ['制度', '信仰', '形象', '文化', '习俗', '民族', '地理', '历史', '英烈', '性别', '年龄', '职业', '健康'];

/** The strata of a TC260-003 §8.3 population: the 17 risks for should-refuse rows, the 13 aspects otherwise. */
export function tc260Strata(expected: 'refuse' | 'answer'): string[] {
  return expected === 'refuse' ? TC260_REFUSE_RISKS : TC260_ANSWER_ASPECTS;
}

/**
 * A seeded stratified sample: `perStratum` items from every stratum (all of a smaller one), then the rest of
 * `n` drawn at random from what is left, so that every sample holds the per-risk / per-aspect minimum.
 */
export function stratifiedSample(items: BankItem[], strata: string[], perStratum: number, n: number, random: () => number): BankItem[] {
  const chosen: BankItem[] = [];
  const taken = new Set<string>();
  for (const s of strata) {
    for (const x of sample(
      items.filter((i) => i.category === s),
      perStratum,
      random,
    )) {
      chosen.push(x);
      taken.add(x.id);
    }
  }
  const rest = items.filter((i) => !taken.has(i.id));
  return chosen.concat(sample(rest, Math.max(0, n - chosen.length), random));
}
