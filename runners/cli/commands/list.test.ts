import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../load/documents.ts';

const BIN = path.join(ROOT, 'runners/bin/govllm.mjs');
const govllm = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 170_000 });

describe('govllm list', () => {
  it('clauses --json prints at least 150 clauses across the six domains, each with sources and checks', () => {
    const r = govllm('list', 'clauses', '--json');
    expect(r.status, r.stderr).toBe(0);
    const clauses = JSON.parse(r.stdout) as { id: string; domain: string; sources: { doc: string; section: string }[]; checks: unknown[]; location: string }[];
    expect(clauses.length).toBeGreaterThanOrEqual(150);
    expect(new Set(clauses.map((c) => c.domain))).toEqual(new Set(['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety']));
    for (const c of clauses) {
      expect(c.sources.length, c.id).toBeGreaterThan(0);
      expect(
        c.sources.every((s) => s.doc && s.section),
        c.id,
      ).toBe(true);
      expect(c.checks.length, c.id).toBeGreaterThan(0);
      expect(c.location, c.id).toMatch(/standards\/gov-llm-2\.0\/[a-z]+\.yaml:\d+$/);
    }
  }, 180_000);

  it('filters clauses by domain and level', () => {
    const r = govllm('list', 'clauses', '--domain', 'safety', '--level', '1');
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^[A-Z]{3}-/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows) expect(l).toMatch(/^SAF-\S+\s+L1 /);
    expect(rows.some((l) => l.startsWith('SAF-REF-01') && l.includes('★') && l.includes('TC260-003 9.4 a)?'))).toBe(true);
  }, 180_000);

  it('lists profiles with their selection sizes', () => {
    const p = govllm('list', 'profiles', '--json');
    expect(p.status, p.stderr).toBe(0);
    const profiles = JSON.parse(p.stdout) as { id: string; clauses: number; required_level: number }[];
    const byId = new Map(profiles.map((x) => [x.id, x]));
    expect([...byId.keys()].sort()).toEqual(expect.arrayContaining(['chat-api', 'full', 'self-test']));
    expect(byId.get('chat-api')!.clauses).toBeLessThan(byId.get('full')!.clauses);
    expect(byId.get('chat-api')!.clauses).toBeGreaterThan(0);
  }, 180_000);

  it('refuses an unknown domain with exit 2', () => {
    const r = govllm('list', 'clauses', '--domain', 'weather');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/domain/);
  }, 180_000);
});
