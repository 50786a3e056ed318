// Evidence CSV fuzzing: the reference evidence pack with one CSV broken per file (truncated mid-row, unclosed
// quote, binary garbage carrying terminal escapes, invalid UTF-8, extra columns, an empty file, a header that
// lacks columns), re-hashed as a vendor would. `govllm evidence validate` must exit 2, name every broken file with
// a line, print no stack trace and pass no control character from the files through to the terminal.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { govllm, ROOT } from '../fixtures/hostile/run-helpers.ts';
import { displayPath } from '../runners/load/documents.ts';

let tmp: string;
let pack: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-csv-'));
  pack = path.join(tmp, 'pack');
  fs.cpSync(path.join(ROOT, 'fixtures/evidence/reference'), pack, { recursive: true });
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const CASES: { file: string; what: string; make: (orig: Buffer) => Buffer }[] = [
  { file: 'data-catalog.csv', what: 'header lacks columns', make: () => Buffer.from('asset_id,name\nDA-1,x\n') },
  {
    file: 'lineage.csv',
    what: 'binary garbage with terminal escapes',
    make: () => Buffer.concat([Buffer.from('\u001b[2J\u001b]0;owned\u0007'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256))]),
  },
  { file: 'annotation.csv', what: 'truncated mid-row', make: (o) => o.subarray(0, o.indexOf(0x0a, o.indexOf(0x0a) + 1) + 12) },
  { file: 'channels.csv', what: 'an unclosed quote', make: (o) => Buffer.concat([o, Buffer.from('"never closed,x,y\n')]) },
  { file: 'chaos-drills.csv', what: 'invalid UTF-8 in a cell', make: (o) => Buffer.concat([o, Buffer.from([0xff, 0xfe, 0x2c, 0xc3, 0x28, 0x0a])]) },
  { file: 'dataset-versions.csv', what: 'a row with extra columns', make: (o) => Buffer.concat([o, Buffer.from('a,b,c,d,e,f,g,h,i,j,k,l,m\n')]) },
  { file: 'keyword-library.csv', what: 'an empty file', make: () => Buffer.alloc(0) },
];

describe('evidence CSV fuzzing', () => {
  it('`govllm evidence validate` names every broken CSV with a line, exits 2, no stack, no raw control character', async () => {
    for (const c of CASES) {
      const f = path.join(pack, c.file);
      fs.writeFileSync(f, c.make(fs.readFileSync(f)));
    }
    // The vendor re-hashes after editing, so the files reach the CSV reader rather than stopping at the hash.
    const hashed = await govllm(['evidence', 'hash', pack], {});
    expect(hashed.code, hashed.stderr).toBe(0);
    const r = await govllm(['evidence', 'validate', pack], {});
    expect(r.code, r.stderr.slice(-2000)).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.exec(r.stderr + r.stdout)?.[0], 'a control character reached the terminal').toBeUndefined();
    const table: string[] = [];
    for (const c of CASES) {
      const shown = displayPath(path.join(pack, c.file));
      const line = r.stderr.split('\n').find((l) => l.includes(shown));
      expect(line, `${c.file} (${c.what}) is not named`).toBeDefined();
      expect(line, `${c.file} (${c.what}): no line number`).toMatch(new RegExp(`${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
      table.push(`${c.file.padEnd(22)} ${c.what.padEnd(38)} → ${line!.slice(line!.indexOf(shown) + shown.length).slice(0, 100)}`);
    }
    console.log(`[fuzz-csv] ${CASES.length} broken CSV files, all refused:\n${table.join('\n')}`);
  }, 180_000);
});
