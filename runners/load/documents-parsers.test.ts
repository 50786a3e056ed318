// parseFile reads data with js-yaml and falls back on `yaml` (which alone read every file before, and still gives
// the positions and the syntax errors). The two must agree on what a file says: for every YAML file of the
// project, every hostile input of the loader fuzzing, and the YAML 1.2 core scalars where parsers are known to
// differ, parseFile returns what `yaml` returns, or refuses what `yaml` refuses.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT, parseFile } from './documents.ts';
import { InputError } from './errors.ts';
import { SEEDS, brokenCases } from '../../fixtures/hostile/inputs.ts';

/** What `yaml` alone makes of a text: its data, or `refused` when it reports an error. */
function byYaml(src: string): { data: unknown } | 'refused' {
  const doc = parseDocument(src, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return 'refused';
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return 'refused';
  }
}

function byParseFile(src: string): { data: unknown } | 'refused' {
  try {
    return { data: parseFile('case.yaml', src).data };
  } catch (e) {
    if (e instanceof InputError) return 'refused';
    throw e;
  }
}

// Where YAML parsers (and YAML 1.1 against 1.2) are known to part ways.
const EDGES: Record<string, string> = {
  'core ints': 'a: 0o17\nb: 0x1F\nc: +12\nd: 012\ne: -0\nf: 1_000\ng: 0b101\n',
  'core floats': 'a: 1e3\nb: .inf\nc: -.Inf\nd: .NaN\ne: 1.5E-2\nf: .5\ng: 3.\nh: 1_000.5\ni: 6.8523015e+5\nj: 0.\n',
  'explicitly tagged ints': 'a: !!int 0b101\nb: !!int 0o17\nc: !!int -12\n',
  'booleans and nulls of 1.1 and 1.2': 'a: yes\nb: No\nc: on\nd: True\ne: FALSE\nf: ~\ng: Null\nh:\ni: y\n',
  'dates stay strings': 'a: 2026-01-01\nb: 2026-01-01T10:00:00Z\nc: 12:30:45\n',
  'explicit tags': 'a: !!str 12\nb: !!int "5"\nc: !!float 1\nd: !!null ""\ne: !!bool "true"\n',
  'block scalars': 'a: |\n  x\n  y\nb: >\n  x\n  y\nc: |+\n  kept\n\nd: >-\n  folded\n  strip\n',
  'anchors and aliases': 'a: &x { k: 1, l: [1, 2] }\nb: *x\nc: [*x, *x]\n',
  'merge key is a plain key in 1.2': 'base: &b { k: 1 }\nchild:\n  <<: *b\n  l: 2\n',
  'quoted and flow': `a: "tab\\tnew\\nline \\u00e9"\nb: 'it''s'\nc: { x: [1, "2", '3'], y: {} }\n"d e": 1\n`,
  'empty document': '',
  'comments only': '# nothing\n',
  'document markers': '---\na: 1\n...\n',
  'CRLF line ends': 'a: 1\r\nb:\r\n  - x\r\n  - y\r\n',
  'byte order mark': '\uFEFFa: 1\n',
  'long CJK text': `title: ${'政务大模型'.repeat(200)}\n`,
  // (A null key is the one known difference: js-yaml names it "null", `yaml` ""; no schema of the suite allows either.)
  'keys that are numbers or bools': '1: a\ntrue: b\n0x1F: c\n',
  'duplicate keys': 'a: 1\na: 2\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'unknown tag': 'a: !!js/function "function(){}"\n',
  'tab indentation': 'a:\n\t- x\n',
  'unclosed flow': 'a: [1, 2\n',
  'billion laughs': [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ),
  ].join('\n'),
};

const tracked = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((f) => path.join(ROOT, f));

describe('parseFile reads what `yaml` reads', () => {
  it(`every tracked YAML file (${tracked.length}) has the same data`, () => {
    expect(tracked.length).toBeGreaterThan(20);
    for (const f of tracked) {
      const src = fs.readFileSync(f, 'utf8');
      expect(byParseFile(src), f).toEqual(byYaml(src));
    }
  });

  it('the loader fuzzing inputs and seeds: same data, or refused by both', () => {
    const texts = [...Object.values(SEEDS), ...brokenCases().map((c) => c.content)];
    for (const src of texts) {
      if (typeof src !== 'string' || /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(src)) continue; // refused before parsing
      expect(byParseFile(src), src.slice(0, 200)).toEqual(byYaml(src));
    }
  });

  it.each(Object.entries(EDGES))('%s', (_, src) => {
    expect(byParseFile(src)).toEqual(byYaml(src));
  });
});

describe('positions are read only when asked for, from the same text', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-parsers-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lineOf names the line of a nested value', () => {
    const file = path.join(dir, 'x.yaml');
    fs.writeFileSync(file, 'name: x\nclauses:\n  - id: A\n  - id: B\n    level: 3\n');
    const doc = parseFile(file);
    expect(doc.lineOf(['clauses', 1, 'level'])).toBe(5);
    expect(doc.lineOf(['clauses', 0])).toBe(3);
  });
});
