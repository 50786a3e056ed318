// `govllm validate` on the catalog as a whole: passes as shipped, and a broken clause file makes it exit 2
// with file:line and the path of the mistake.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './documents.ts';

const BIN = path.join(ROOT, 'runners/bin/govllm.mjs');
const govllm = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, timeout: 170_000 });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-validate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('govllm validate', () => {
  it('passes on the shipped catalog and profiles', () => {
    const r = govllm(ROOT, 'validate');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/standards\/gov-llm-2\.0: \d{3} clauses in 6 domains, valid/);
    expect(r.stdout).toMatch(/standards\/profiles\/chat-api\.profile\.yaml: valid/);
  }, 180_000);

  it('exits 2 naming file:line and path when a clause file is broken', () => {
    const dir = path.join(tmp, 'gov-llm-2.0');
    fs.cpSync(path.join(ROOT, 'standards/gov-llm-2.0'), dir, { recursive: true });
    const file = path.join(dir, 'safety.yaml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // Break the level of the first clause: 1 → 7.
    const i = lines.findIndex((l) => /^ {4}level: \d$/.test(l));
    lines[i] = '    level: 7';
    fs.writeFileSync(file, lines.join('\n'));
    const r = govllm(tmp, 'validate', '--catalog', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gov-llm-2.0/safety.yaml:${i + 1} clauses[0].level: must be <= 5`);
  }, 180_000);

  it('holds a profile file to the catalog: an unknown clause id exits 2 with file:line', () => {
    const f = path.join(tmp, 'typo.profile.yaml');
    fs.writeFileSync(f, 'id: t\ntitle: { zh: 测试, en: Test }\nedition: gov-llm-2.0\nrequired_level: 1\nselect:\n  ids: [SAF-REF-01, SAF-REF-99]\n');
    const r = govllm(tmp, 'validate', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('typo.profile.yaml:6 select.ids[1]: "SAF-REF-99" is not a clause of gov-llm-2.0');
  }, 180_000);
});
