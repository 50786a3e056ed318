import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Clause, Profile } from '../core/types.ts';
import { loadChecks, type CheckRegistry } from '../core/registry.ts';
import { loadCatalog } from './catalog.ts';
import { InputError } from './errors.ts';
import { loadProfile, selectClauses } from './profile.ts';

function clause(id: string, over: Partial<Clause> = {}): Clause {
  return {
    id,
    domain: 'safety',
    item: id.split('-').slice(0, 2).join('-'),
    title: { zh: id, en: id },
    requirement: { zh: id, en: id },
    obligation: 'shall',
    level: 1,
    weight: 1,
    sources: [{ doc: 'guide', section: '二(二)3.3' }],
    verification: 'probe',
    applies_when: { capabilities: ['chat'] },
    checks: [{ use: 'chat.schema' }],
    ...over,
  };
}

/** A small catalog whose clauses differ in exactly the fields selection looks at. */
const tiny = {
  edition: { id: 'demo' },
  clauses: [
    clause('SAF-A-01', { tags: ['red-line'] }),
    clause('SAF-A-02', { level: 3, obligation: 'should' }),
    clause('SAF-B-01', { verification: 'attestation', applies_when: undefined, checks: [{ use: 'attestation' }], tags: ['org'] }),
    clause('SAF-B-02', { verification: 'evidence', applies_when: { capabilities: ['evidence'] }, checks: [{ use: 'evidence.filing' }] }),
    clause('INF-C-01', { domain: 'infrastructure', applies_when: { capabilities: ['chat', 'audit'] }, tags: ['red-line'] }),
    clause('INF-C-02', { domain: 'infrastructure', level: 2, applies_when: { capabilities: ['metrics'] } }),
  ],
} as unknown as Catalog;

const profile = (select: Profile['select'], exclude?: Profile['exclude']): Profile => ({
  id: 't',
  title: { zh: 't', en: 't' },
  edition: 'demo',
  select,
  exclude,
  required_level: 1,
});
const ids = (p: Profile) => selectClauses(tiny, p).map((c) => c.id);

describe('selectClauses', () => {
  it('selects everything when nothing is said, in id order', () => {
    expect(ids(profile({}))).toEqual(['INF-C-01', 'INF-C-02', 'SAF-A-01', 'SAF-A-02', 'SAF-B-01', 'SAF-B-02']);
  });

  it('ANDs the criteria of select; an empty list is no criterion', () => {
    expect(ids(profile({ domains: ['safety'], tags: ['red-line'] }))).toEqual(['SAF-A-01']);
    expect(ids(profile({ tags: ['red-line'] }))).toEqual(['INF-C-01', 'SAF-A-01']);
    expect(ids(profile({ domains: ['infrastructure'], max_level: 1 }))).toEqual(['INF-C-01']);
    expect(ids(profile({ ids: ['SAF-A-02', 'INF-C-02'], domains: ['safety'] }))).toEqual(['SAF-A-02']);
    expect(ids(profile({ verification: ['attestation', 'evidence'] }))).toEqual(['SAF-B-01', 'SAF-B-02']);
    expect(ids(profile({ tags: [], ids: [] })).length).toBe(6);
  });

  it('selects by capabilities: only clauses every need of which is listed', () => {
    expect(ids(profile({ capabilities: ['chat'], verification: ['probe'] }))).toEqual(['SAF-A-01', 'SAF-A-02']);
    expect(ids(profile({ capabilities: ['chat', 'audit'], verification: ['probe'] }))).toEqual(['INF-C-01', 'SAF-A-01', 'SAF-A-02']);
  });

  it('drops a clause matching any criterion of exclude', () => {
    expect(ids(profile({}, { verification: ['attestation'], ids: ['SAF-A-02'] }))).toEqual(['INF-C-01', 'INF-C-02', 'SAF-A-01', 'SAF-B-02']);
    expect(ids(profile({}, { tags: ['red-line'], domains: ['infrastructure'] }))).toEqual(['SAF-A-02', 'SAF-B-01', 'SAF-B-02']);
    expect(ids(profile({}, { capabilities: ['audit', 'metrics'] }))).toEqual(['SAF-A-01', 'SAF-A-02', 'SAF-B-01', 'SAF-B-02']);
  });

  it('does not modify the catalog or the clauses', () => {
    const before = JSON.stringify(tiny);
    selectClauses(tiny, profile({ tags: ['red-line'] }, { ids: ['SAF-A-01'] }));
    expect(JSON.stringify(tiny)).toBe(before);
  });
});

describe('the shipped profiles', () => {
  let catalog: Catalog;
  let reg: CheckRegistry;
  beforeAll(async () => {
    catalog = loadCatalog();
    reg = await loadChecks();
  }, 120_000);

  it('full selects every clause and requires a level', () => {
    const { profile: p } = loadProfile('full', catalog);
    expect(selectClauses(catalog, p).length).toBe(catalog.clauses.length);
    expect(p.required_level).toBeGreaterThanOrEqual(1);
  });

  it('self-test selects every clause, automated and attestation, and lists attestations as manual', () => {
    const { profile: p } = loadProfile('self-test', catalog);
    const sel = selectClauses(catalog, p);
    expect(sel.length).toBe(catalog.clauses.length);
    expect(sel.some((c) => c.verification === 'attestation')).toBe(true);
    expect(p.attestations).toBe('manual');
  });

  it('chat-api selects exactly the clauses a chat endpoint alone can decide', () => {
    const { profile: p } = loadProfile('chat-api', catalog);
    const sel = selectClauses(catalog, p);
    const chatOnly = (c: Clause) => {
      const caps = c.applies_when?.capabilities ?? [];
      return caps.length > 0 && caps.every((x) => x === 'chat') && c.verification === 'probe';
    };
    expect(sel.length).toBeGreaterThanOrEqual(15);
    for (const c of sel) {
      expect(chatOnly(c), `${c.id} needs ${c.applies_when?.capabilities}`).toBe(true);
      for (const u of c.checks) {
        const def = reg.checks.get(u.use);
        if (def)
          expect(
            def.needs.filter((n) => n !== 'chat'),
            `${c.id} ${u.use}`,
          ).toEqual([]);
      }
    }
    // …and misses none of them: the red lines a chat API can be held to are all in.
    expect(sel.map((c) => c.id).sort()).toEqual(
      catalog.clauses
        .filter(chatOnly)
        .map((c) => c.id)
        .sort(),
    );
    for (const id of ['SAF-REF-01', 'SAF-REF-02', 'SAF-INJ-01', 'SAF-PII-01', 'SAF-SEC-01']) expect(sel.map((c) => c.id)).toContain(id);
    for (const id of ['SAF-GOV-01', 'KNO-SEC-01', 'APP-LBL-01', 'SAF-LOG-01', 'INF-API-06']) expect(sel.map((c) => c.id)).not.toContain(id);
  });
});

describe('loadProfile', () => {
  let dir: string;
  let catalog: Catalog;
  beforeAll(() => {
    catalog = loadCatalog();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-profile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, `${name}.profile.yaml`), text);
    return name;
  };
  const problems = (name: string): string[] => {
    try {
      loadProfile(name, catalog, dir);
    } catch (e) {
      if (e instanceof InputError) return e.problems;
      throw e;
    }
    return [];
  };
  const head = 'id: t\ntitle: { zh: 测试, en: Test }\nedition: gov-llm-2.0\nrequired_level: 1\n';

  it('refuses a clause id or tag the catalog does not have, naming file:line', () => {
    const name = write('typo', `${head}select:\n  ids: [SAF-REF-01, SAF-REF-99]\nexclude:\n  tags: [no-such-tag]\n`);
    const p = problems(name);
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/typo\.profile\.yaml:6 select\.ids\[1\]: "SAF-REF-99" is not a clause of gov-llm-2\.0/);
    expect(p[1]).toMatch(/typo\.profile\.yaml:8 exclude\.tags\[0\]: no clause of gov-llm-2\.0 carries the tag "no-such-tag"/);
  });

  it('refuses params for something that is neither a clause nor a check the catalog uses', () => {
    const name = write(
      'params',
      `${head}select: {}\nparams:\n  SAF-REF-01: { min_items: 500 }\n  safety.refusal-bank: { sample: 400 }\n  chat.refusal: { x: 1 }\n`,
    );
    const p = problems(name);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/params\.profile\.yaml:9 params\.chat\.refusal: is neither a clause id nor a check id/);
  });

  it('refuses a profile for another edition and exclude.max_level', () => {
    const name = write('other', 'id: t\ntitle: { zh: 测试, en: Test }\nedition: gov-llm-1.0\nrequired_level: 1\nselect: {}\nexclude: { max_level: 2 }\n');
    const p = problems(name);
    expect(p[0]).toMatch(/other\.profile\.yaml:3 edition: the profile is for "gov-llm-1\.0", the catalog is "gov-llm-2\.0"/);
    expect(p[1]).toMatch(/other\.profile\.yaml:6 exclude\.max_level: has no meaning/);
  });

  it('names the known profiles when asked for an unknown one', () => {
    write('known', `${head}select: {}\n`);
    expect(problems('nope')[0]).toMatch(/profile "nope": no such profile .*known: .*known/);
  });
});

describe('profiles may tighten a red line, never relax it (RED-LINES.md)', () => {
  const catalog = loadCatalog();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-profile-redline-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, params: object) => {
    const file = path.join(dir, `${name}.profile.yaml`);
    fs.writeFileSync(file, JSON.stringify({ id: name, title: { zh: name, en: name }, edition: 'gov-llm-2.0', select: {}, required_level: 2, params }));
    return file;
  };

  it('refuses a lower min_rate on the should-refuse red line, naming the clause and the catalog value', () => {
    const file = write('lax', { 'SAF-SEC-01': { min_rate: 0.8 } });
    expect(() => loadProfile(file, catalog)).toThrow(/SAF-SEC-01\.min_rate: 0\.8 relaxes the red line SAF-SEC-01 \(min_rate = 0\.95/);
  });

  it('refuses a relaxation made through the check id, which reaches every clause using it', () => {
    const file = write('lax-check', { 'safety.refusal-bank': { min_items: 50 } });
    expect(() => loadProfile(file, catalog)).toThrow(/relaxes the red line/);
  });

  it('accepts a tighter threshold and lists it as tailored', async () => {
    const file = write('strict', { 'SAF-SEC-01': { min_rate: 0.99 } });
    const { profile } = loadProfile(file, catalog);
    const { tailoring } = await import('./profile.ts');
    const sec = catalog.clauses.find((c) => c.id === 'SAF-SEC-01')!;
    expect(tailoring(sec, profile.params)).toEqual([{ index: 0, key: 'min_rate', catalog: 0.95, value: 0.99, from: 'SAF-SEC-01', relaxes: false }]);
  });
});
