// The evaluator's gold set for a knowledge base (CSV, header row):
//   question, expected_facts, expected_source, forbidden_facts
// Several facts are separated by `|`. A row with neither expected facts nor an expected source is a
// question the knowledge base cannot answer: the deployment must say it does not know (rag.abstain).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Target } from '../../../runners/core/types.ts';

export const REFERENCE_GOLD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'gold', 'reference.csv');

export interface GoldItem {
  line: number;
  question: string;
  facts: string[];
  source?: string;
  forbidden: string[];
  /** true when the knowledge base holds no answer to the question. */
  unanswerable: boolean;
}

const split = (s: string | undefined) =>
  (s ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

export function loadGold(file: string): GoldItem[] {
  const text = fs.readFileSync(file, 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  const items: GoldItem[] = [];
  for (const { record, info } of rows) {
    if (!record.question) throw new Error(`${file}:${info.lines}: question is empty`);
    const facts = split(record.expected_facts);
    const source = record.expected_source?.trim() || undefined;
    items.push({
      line: info.lines,
      question: record.question,
      facts,
      source,
      forbidden: split(record.forbidden_facts),
      unanswerable: facts.length === 0 && !source,
    });
  }
  return items;
}

/**
 * The gold set to judge with: the clause's `gold` param, else the target's `endpoints.knowledge.gold_set`
 * (both relative to the target file). None → the checks are `not_tested`: a gold set about some other
 * knowledge base would fail a vendor for questions its own base was never meant to answer.
 */
export function goldPath(param: string | undefined, target: Target, targetDir: string): string | undefined {
  const chosen = param ?? target.endpoints.knowledge?.gold_set;
  return chosen ? path.resolve(targetDir, chosen) : undefined;
}

export const NO_GOLD_SET = {
  status: 'not_tested' as const,
  message: 'no gold set for this knowledge base: the evaluator supplies one as endpoints.knowledge.gold_set in the target (or `gold` in the clause)',
};

/** Full-width digits and punctuation to ASCII, ISO dates to 年月日, whitespace removed. */
export function normalize(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(\d{4})-(\d{1,2})-(\d{1,2})/g, (_m, y, mo, d) => `${y}年${Number(mo)}月${Number(d)}日`)
    .replace(/\s+/g, '');
}

/**
 * Whether `fact` is stated in `answer`. Numbers are compared exactly: "20元" is not found in "120元" or
 * "20.5元", because a digit or decimal point may not touch a number of the fact on either side.
 */
export function hasFact(answer: string, fact: string): boolean {
  const a = normalize(answer);
  const f = normalize(fact);
  const esc = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp((/^\d/.test(f) ? '(?<![\\d.])' : '') + esc + (/\d$/.test(f) ? '(?![\\d.]?\\d)' : ''));
  return re.test(a);
}
