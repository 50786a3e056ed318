import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Waiver } from '../core/types.ts';
import { loadCatalog } from './catalog.ts';
import { ROOT } from './documents.ts';
import { InputError } from './errors.ts';
import { activeWaivers, loadWaivers } from './waivers.ts';

const w = (clause: string, expires: string): Waiver => ({ clause, expires, justification: '排期原因，已获批准延期处理。', approver: '市数据局' });

describe('activeWaivers', () => {
  const waivers = [w('INF-OPS-02', '2026-11-26'), w('AGT-A2A-01', '2026-11-25'), w('SAF-LIB-01', '2027-06-30')];

  it('keeps a waiver in force through its expiry day and ignores it the day after, with a message', () => {
    const s = activeWaivers(waivers, '2026-11-26');
    expect(s.active.map((x) => x.clause)).toEqual(['INF-OPS-02', 'SAF-LIB-01']);
    expect(s.expired.map((x) => x.clause)).toEqual(['AGT-A2A-01']);
    expect(s.messages).toEqual(['waiver for AGT-A2A-01 expired on 2026-11-25: ignored (approved by 市数据局; renew it or fix the clause)']);
    const later = activeWaivers(waivers, '2026-11-27');
    expect(later.active.map((x) => x.clause)).toEqual(['SAF-LIB-01']);
    expect(later.messages).toHaveLength(2);
  });

  it("reads a Date, or the run's ISO timestamp, as its UTC calendar day (the same on any machine)", () => {
    expect(activeWaivers(waivers, '2026-11-26T23:59:00.000Z').active).toHaveLength(2);
    expect(activeWaivers(waivers, new Date(Date.UTC(2026, 10, 26, 23, 59))).active).toHaveLength(2);
    expect(activeWaivers(waivers, new Date(Date.UTC(2026, 10, 27, 0, 1))).active).toHaveLength(1);
  });

  it('refuses a malformed day rather than guessing', () => {
    expect(() => activeWaivers(waivers, '26/11/2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('loadWaivers', () => {
  let dir: string;
  let catalog: Catalog;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-waivers-'));
    catalog = loadCatalog();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const problems = (f: string): string[] => {
    try {
      loadWaivers(f, catalog);
    } catch (e) {
      if (e instanceof InputError) return e.problems;
      throw e;
    }
    return [];
  };

  it('reads the example waiver file', () => {
    const list = loadWaivers(path.join(ROOT, 'standards/examples/waivers/valid/waivers.yaml'), catalog);
    expect(list.map((x) => x.clause)).toEqual(['INF-OPS-02', 'AGT-A2A-01']);
  });

  it('refuses a waiver without justification, naming file:line', () => {
    const f = file('a.waivers.yaml', 'waivers:\n  - clause: INF-OPS-02\n    expires: 2027-01-01\n    approver: 张三\n');
    expect(problems(f)[0]).toMatch(/a\.waivers\.yaml:2 waivers\[0\]: must have property "justification"/);
  });

  it('refuses a waiver for a clause the catalog does not have, and a clause waived twice', () => {
    const f = file(
      'b.waivers.yaml',
      'waivers:\n' +
        '  - { clause: SAF-REF-99, justification: 拼写错误的条款编号不能豁免任何条款, expires: 2027-01-01, approver: 张三 }\n' +
        '  - { clause: INF-OPS-02, justification: 排期原因已获数据主管部门批准延期, expires: 2027-01-01, approver: 张三 }\n' +
        '  - { clause: INF-OPS-02, justification: 同一条款重复的豁免条目不允许, expires: 2027-02-01, approver: 李四 }\n',
    );
    const p = problems(f);
    expect(p[0]).toMatch(/b\.waivers\.yaml:2 waivers\[0\]\.clause: "SAF-REF-99" is not a clause of gov-llm-2\.0/);
    expect(p[1]).toMatch(/b\.waivers\.yaml:4 waivers\[2\]\.clause: "INF-OPS-02" is already waived by waivers\[1\]/);
  });
});
