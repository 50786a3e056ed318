// What leaves the process when the target is hostile (SECURITY.md §2, §3; issue 15 items 2 and 7):
//   - a target that echoes the evaluator's key back — raw, as `Bearer <key>`, base64 of "Bearer <key>", base64 of
//     "user:<key>", URL-encoded — in answers, model lists, agent cards, JSON-RPC errors and MCP serverInfo: after a
//     `govllm run` and a `govllm report`, no output file and neither stream holds the key in any of those forms;
//   - a target whose answers begin with `=HYPERLINK(…)` and carry ESC/BEL: every CSV the suite wrote (findings.csv,
//     artifacts/*-items.csv) has no formula cell and no raw control character, and the terminal none either.
// One redactor (runners/output/redact.ts) and one CSV writer (runners/output/csv.ts) hold these; their unit tests
// are below the end-to-end ones.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KEY_ENV, HOSTILE_MARK, hostileTarget } from '../fixtures/hostile/server.ts';
import { startHostileProcess, type HostileProcess } from '../fixtures/hostile/process.ts';
import { allFiles, govllmHere, writeTarget } from '../fixtures/hostile/run-helpers.ts';
import { Redactor, secretForms } from '../runners/output/redact.ts';
import { csvCell, csvDocument } from '../runners/output/csv.ts';

const KEY = 'sk-echo-5f3a9c1e7b2d4068';
const FORMS = [
  KEY,
  Buffer.from(`Bearer ${KEY}`).toString('base64'),
  Buffer.from(`user:${KEY}`).toString('base64'),
  // The part of base64("Bearer <key>") that only the key decides (what a partial redaction would leave).
  Buffer.from(`Bearer ${KEY}`).toString('base64').slice(12, 32),
];
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u009B]/;

let tmp: string;
let h: HostileProcess;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-output-'));
  h = await startHostileProcess();
});
afterAll(async () => {
  await h?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function expectNoKeyForm(name: string, text: string): void {
  for (const f of FORMS) expect(text.includes(f), `${name} holds the key (form ${f.slice(0, 8)}…)`).toBe(false);
}

describe('a target that echoes the key back', () => {
  it('leaves no form of the key in results, journal, transcripts, artifacts, reports or the terminal', async () => {
    const target = hostileTarget(h, { chat: 'echo-key', mcp: 'echo-key', a2a: 'echo-key' }, { timeoutMs: 5000 });
    (target.endpoints.a2a as { api_key_env?: string }).api_key_env = HOSTILE_KEY_ENV;
    const file = writeTarget(tmp, 'echo', target);
    const out = path.join(tmp, 'echo-out');
    const only = 'INF-API-01,INF-API-03,INF-API-05,AGT-A2A-01,AGT-A2A-02,AGT-MCP-01,AGT-MCP-03,AGT-MCP-06,SAF-RED-01';
    const r = await govllmHere(['run', '--target', file, '--out', out, '--only', only, '--seed', '1', '-j', '3', '--ci', '--format', 'html,junit,csv,oscal'], {
      [HOSTILE_KEY_ENV]: KEY,
    });
    expect(r.stderr).not.toMatch(/govllm: internal error/);
    expect([0, 1]).toContain(r.code);
    const rep = await govllmHere(['report', out, '--format', 'html,junit,csv,oscal', '--out', path.join(out, 'again')], { [HOSTILE_KEY_ENV]: KEY });
    expect(rep.code, rep.stderr).toBe(r.code); // report exits with the same scored verdict as the run
    // The target did echo the key, and what it echoed reached the record (else nothing below would be proven).
    expect((await h.stats()).echoes).toBeGreaterThan(0);
    const recorded = fs.readFileSync(path.join(out, 'transcripts.jsonl'), 'utf8');
    expect(recorded).toContain(`${HOSTILE_MARK} 您好 raw ***`);
    for (const f of allFiles(out)) expectNoKeyForm(path.relative(out, f), fs.readFileSync(f, 'latin1') + fs.readFileSync(f, 'utf8'));
    for (const [name, text] of [
      ['run stdout', r.stdout],
      ['run stderr', r.stderr],
      ['report stdout', rep.stdout],
      ['report stderr', rep.stderr],
    ])
      expectNoKeyForm(name, text);
    // What the target echoed is kept, redacted, in the outcomes (MCP serverInfo and JSON-RPC errors quote it).
    expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toContain('raw ***');
  }, 180_000);

  it('refuses a target whose URLs carry credentials (validate and run), without printing them', async () => {
    const good = hostileTarget(h, { chat: 'ok' });
    const bad = structuredClone(good);
    (bad.endpoints.chat as { base_url: string }).base_url = `${h.url('ok').replace('http://', 'http://admin:hunter2-pw@')}/v1?api_key=${KEY}`;
    const file = writeTarget(tmp, 'creds', bad);
    for (const args of [
      ['validate', file],
      ['run', '--target', file, '--out', path.join(tmp, 'creds-out'), '--only', 'INF-API-01'],
    ]) {
      const r = await govllmHere(args, {});
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/endpoints\.chat\.base_url: the URL carries a user name or password/);
      expect(r.stderr).toMatch(/"api_key", which looks like a credential/);
      expect(r.stdout + r.stderr).not.toContain('hunter2');
      expect(r.stdout + r.stderr).not.toContain(KEY);
    }
    expect(fs.existsSync(path.join(tmp, 'creds-out', 'results.json'))).toBe(false);
  }, 60_000);
});

describe('a target whose answers are formulas and terminal escapes', () => {
  it('reaches every CSV as inert text and the terminal escaped', async () => {
    const target = hostileTarget(h, { chat: 'formula' }, { timeoutMs: 5000 });
    const file = writeTarget(tmp, 'formula', target);
    const out = path.join(tmp, 'formula-out');
    const r = await govllmHere(
      ['run', '--target', file, '--out', out, '--only', 'SAF-REF-02,INF-API-01,INF-API-05', '--seed', '1', '-j', '3', '--ci', '--format', 'csv'],
      { [HOSTILE_KEY_ENV]: 'sk-formula-0a1b2c3d' },
    );
    expect(r.stderr).not.toMatch(/govllm: internal error/);
    for (const [name, text] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
    ])
      expect(CONTROL.exec(text)?.[0], `${name} carries a control character`).toBeUndefined();
    const csvs = allFiles(out).filter((f) => f.endsWith('.csv'));
    expect(csvs.map((f) => path.basename(f)).some((f) => f.endsWith('items.csv'))).toBe(true);
    let sawAnswer = 0;
    for (const f of csvs) {
      const text = fs.readFileSync(f, 'utf8');
      expect(CONTROL.exec(text.replace(/\r\n/g, '\n'))?.[0], `${path.basename(f)} carries a raw control character`).toBeUndefined();
      const rows = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
      for (const row of rows) {
        for (const cell of row) {
          expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell), `${path.basename(f)}: formula cell ${cell.slice(0, 40)}`).toBe(false);
          if (cell.includes(HOSTILE_MARK)) sawAnswer++;
        }
      }
    }
    expect(sawAnswer, 'the hostile answers reached a CSV').toBeGreaterThan(0);
  }, 180_000);
});

describe('the redactor', () => {
  const r = new Redactor([KEY]);
  it.each([
    ['raw', `x ${KEY} y`],
    ['Bearer', `Authorization: Bearer ${KEY}`],
    ['base64 of "Bearer <key>"', Buffer.from(`Bearer ${KEY}`).toString('base64')],
    ['base64 of "user:<key>"', Buffer.from(`user:${KEY}`).toString('base64')],
    ['base64url inside a JWT-like blob', Buffer.from(`{"k":"${KEY}"}`).toString('base64url')],
    ['base64 at offset 2', Buffer.from(`ab${KEY}`).toString('base64')],
    ['URL-encoded', `?k=${encodeURIComponent(`${KEY}/+ é`)}`],
    ['JSON-escaped', JSON.stringify({ a: KEY })],
  ])('%s', (_name, text) => {
    const secret = _name === 'URL-encoded' ? `${KEY}/+ é` : KEY;
    const red = new Redactor([secret]);
    const out = red.text(text);
    expect(out).toContain('***');
    expect(red.finds(out)).toBe(false);
    expect(out).not.toContain(KEY);
    // The base64 forms: decoding what is left never yields the key.
    for (const m of out.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) expect(Buffer.from(m, 'base64').toString('latin1')).not.toContain(KEY.slice(4, 12));
  });
  it('redacts deep values and object keys, and leaves other text alone', () => {
    expect(r.value({ a: [{ [KEY]: `Bearer ${KEY}` }], n: 3 })).toEqual({ a: [{ '***': 'Bearer ***' }], n: 3 });
    expect(r.text('nothing secret here')).toBe('nothing secret here');
    expect(secretForms(KEY)).toContain(Buffer.from(`Bearer ${KEY}`).toString('base64'));
  });
});

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\\u{9}=1"],
    ['a,b', '"a,b"'],
    ['plain', 'plain'],
    ['\u001b[2Jcleared\u0007', '\\u{1b}[2Jcleared\\u{7}'],
    ['ssap\u202E', 'ssap\\u{202e}'],
    [-3, '-3'],
  ])('cell %j → %s', (input, expected) => expect(csvCell(input)).toBe(expected));
  it('writes a document with a BOM and CRLF line ends', () => {
    expect(csvDocument(['a', 'b'], [[1, '=x']])).toBe("\uFEFFa,b\r\n1,'=x\r\n");
  });
});
