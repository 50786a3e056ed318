import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../load/catalog.ts';
import { loadChecks, type CheckRegistry } from '../core/registry.ts';
import type { Catalog, Profile, Target, Waiver } from '../core/types.ts';
import { InputError } from '../load/errors.ts';
import { buildPlan, type PlanInput } from './plan.ts';
import { readAttestationFile, resolveAttestations } from './attestations.ts';

const TD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../execute/testdata');
const chatOnly: Target = { name: 't', endpoints: { chat: { base_url: 'http://127.0.0.1:1/v1', model: 'm' } } };
const profile: Profile = { id: 'p', title: { zh: 'p', en: 'p' }, edition: 'gov-llm-2.0', select: {}, exclude: { tags: ['faults'] }, required_level: 3 };

let catalog: Catalog;
let registry: CheckRegistry;
beforeAll(async () => {
  catalog = loadCatalog(path.join(TD, 'catalog'));
  registry = await loadChecks(path.join(TD, 'suites'));
});

const plan = (over: Partial<PlanInput> = {}) =>
  buildPlan({
    catalog,
    registry,
    clauses: catalog.clauses.filter((c) => !(c.tags ?? []).includes('faults')),
    profile,
    target: chatOnly,
    today: '2026-11-26',
    ...over,
  });
const entry = (p: ReturnType<typeof plan>, key: string) => p.entries.find((e) => `${e.clause.id}#${e.index}` === key)!;
const decision = (p: ReturnType<typeof plan>, key: string) => {
  const e = entry(p, key);
  return e.action === 'run' ? 'run' : e.resolved!.status;
};

describe('planner: applicability', () => {
  it('runs what the target can answer, and says why the rest is not run', () => {
    const p = plan();
    expect(decision(p, 'APP-STUB-01#0')).toBe('run');
    expect(entry(p, 'APP-STUB-01#0').exclusive).toBeUndefined();
    expect(entry(p, 'APP-STUB-07#0').exclusive).toBe(true); // the check declares it measures alone
    // applies_when mcp, which the target lacks: left out of the plan and listed once, not a not_applicable row.
    expect(entry(p, 'APP-STUB-04#0')).toBeUndefined();
    expect(p.narrowed).toEqual([{ missing: ['mcp'], clauses: ['APP-STUB-04'] }]);
    // The check needs evidence and the target submits none: not tested (it stays expected), not "not offered".
    expect(decision(p, 'APP-STUB-06#0')).toBe('not_tested');
    expect(entry(p, 'APP-STUB-06#0').resolved!.message).toMatch(/^no evidence submitted: .*set `evidence:` in the target descriptor/);
    expect(decision(p, 'APP-STUB-05#0')).toBe('manual'); // attestation
    expect(decision(p, 'APP-STUB-03#1')).toBe('not_tested'); // check not implemented
    expect(entry(p, 'APP-STUB-03#1').resolved!.message).toBe('no suite implements check "stub.missing" yet');
    expect(p.missingChecks).toEqual([{ check: 'stub.missing', clauses: ['APP-STUB-03'] }]);
  });

  it('a target without chat makes every chat check not applicable', () => {
    const p = plan({ target: { name: 'x', endpoints: { mcp: { url: 'http://127.0.0.1:1/mcp' } } } });
    expect(decision(p, 'APP-STUB-01#0')).toBe('not_applicable');
    expect(decision(p, 'APP-STUB-04#0')).toBe('not_applicable'); // mcp present, but the check needs chat
    expect(p.entries.filter((e) => e.action === 'run')).toHaveLength(0);
  });

  it('orders entries by clause id then check index, whatever order the clauses come in', () => {
    const p = plan({ clauses: [...catalog.clauses].reverse().filter((c) => !(c.tags ?? []).includes('faults')) });
    const keys = p.entries.map((e) => `${e.clause.id}#${e.index}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys.indexOf('APP-STUB-03#0')).toBe(keys.indexOf('APP-STUB-03#1') - 1);
  });

  it('overlays profile params (check id, then clause id) and rejects a bad with: naming the clause', () => {
    const p = plan({ profile: { ...profile, params: { 'stub.echo': { picks: 2 }, 'APP-STUB-01': { picks: 4 } } } });
    expect(entry(p, 'APP-STUB-01#0').params.picks).toBe(4);
    expect(entry(p, 'SAF-STUB-01#0').params.picks).toBe(2);
    expect(() => plan({ profile: { ...profile, params: { 'APP-STUB-02': { min_rate: 'high' } } } })).toThrow(/APP-STUB-02 checks\[0\]\.with\.min_rate/);
  });

  it('--only takes clause ids, prefixes and check ids, and refuses one that matches nothing', () => {
    expect(new Set(plan({ only: ['SAF'] }).entries.map((e) => e.clause.domain))).toEqual(new Set(['safety']));
    expect(plan({ only: ['APP-STUB-03'] }).entries.map((e) => e.index)).toEqual([0, 1]);
    expect(plan({ only: ['stub.square'] }).entries.map((e) => `${e.clause.id}#${e.index}`)).toEqual(['APP-STUB-03#0']); // APP-STUB-04 needs mcp: narrowed
    expect(
      plan({ only: ['stub.square'], target: { name: 'x', endpoints: { ...chatOnly.endpoints, mcp: { url: 'http://127.0.0.1:1/mcp' } } } }).entries.map(
        (e) => `${e.clause.id}#${e.index}`,
      ),
    ).toEqual(['APP-STUB-03#0', 'APP-STUB-04#0']);
    expect(() => plan({ only: ['APP-NOPE'] })).toThrow(InputError);
  });

  it('--shard K/N: the shards partition the plan, whole clauses each, and share one plan hash', () => {
    const full = plan();
    const shards = [1, 2, 3].map((k) => plan({ shard: { index: k, count: 3 } }));
    const keys = shards.flatMap((s) => s.entries.map((e) => `${e.clause.id}#${e.index}`));
    expect(keys.sort()).toEqual(full.entries.map((e) => `${e.clause.id}#${e.index}`).sort());
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of shards) expect(s.sha256).toBe(full.sha256);
    const owner = (id: string) => shards.findIndex((s) => s.entries.some((e) => e.clause.id === id));
    expect(shards.filter((s) => s.entries.some((e) => e.clause.id === 'APP-STUB-03'))).toHaveLength(1);
    expect(owner('APP-STUB-03')).toBeGreaterThanOrEqual(0);
  });
});

describe('planner: waivers and expiry', () => {
  const w = (clause: string, expires: string, run?: boolean): Waiver => ({
    clause,
    justification: 'vendor fixes this in the next release',
    approver: '王工',
    expires,
    run,
  });

  it('an active waiver skips the clause (not_tested, marked waived); run: true runs it and keeps the mark', () => {
    const p = plan({ waivers: [w('APP-STUB-02', '2026-12-31'), w('APP-STUB-01', '2026-12-31', true)] });
    expect(decision(p, 'APP-STUB-02#0')).toBe('not_tested');
    expect(entry(p, 'APP-STUB-02#0').waiver?.approver).toBe('王工');
    expect(entry(p, 'APP-STUB-02#0').resolved!.message).toMatch(/waived until 2026-12-31 by 王工/);
    expect(decision(p, 'APP-STUB-01#0')).toBe('run');
    expect(entry(p, 'APP-STUB-01#0').waiver).toBeDefined();
    expect(p.waivers.active.map((x) => x.clause).sort()).toEqual(['APP-STUB-01', 'APP-STUB-02']);
  });

  it('a waiver is valid through its expiry day and ignored (listed as expired) the day after', () => {
    const today = plan({ waivers: [w('APP-STUB-02', '2026-11-26')] });
    expect(decision(today, 'APP-STUB-02#0')).toBe('not_tested');
    const later = plan({ waivers: [w('APP-STUB-02', '2026-11-25')] });
    expect(decision(later, 'APP-STUB-02#0')).toBe('run');
    expect(entry(later, 'APP-STUB-02#0').waiver).toBeUndefined();
    expect(later.waivers.expired.map((x) => x.clause)).toEqual(['APP-STUB-02']);
    expect(later.waivers.messages[0]).toMatch(/APP-STUB-02 expired on 2026-11-25/);
  });

  it('a waiver for a clause the catalog does not have is an input error (a typo must not waive nothing)', () => {
    expect(() => plan({ waivers: [w('APP-STUB-99', '2027-01-01')] })).toThrow(/APP-STUB-99/);
  });

  it('a clause the target cannot be assessed on stays out of the plan even when waived', () => {
    const p = plan({ waivers: [w('APP-STUB-04', '2027-01-01')] });
    expect(entry(p, 'APP-STUB-04#0')).toBeUndefined();
    expect(p.narrowed[0].clauses).toContain('APP-STUB-04');
  });
});

describe('attestations', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-att-'));
  const pack = {
    dir: tmp,
    manifestPath: path.join(tmp, 'manifest.yaml'),
    files: [
      { file: 'plan.pdf', path: '', kind: 'incident-plan', declared_sha256: 'a'.repeat(64), sha256: 'a'.repeat(64) },
      { file: 'bad.pdf', path: '', kind: 'incident-plan', declared_sha256: 'b'.repeat(64), sha256: 'c'.repeat(64), problem: 'bad.pdf: SHA-256 mismatch' },
    ],
    byKind: () => [],
  };

  it('a YAML attestation gives its verdict, evaluator and the cited evidence hash', () => {
    const f = path.join(tmp, 'a.yaml');
    fs.writeFileSync(
      f,
      'attestations:\n  - { clause: APP-STUB-05, verdict: fail, evaluator: 李评估, date: 2026-11-20, reason: 无应急预案演练记录, evidence: [plan.pdf] }\n',
    );
    const att = resolveAttestations(f, readAttestationFile(f), pack);
    const e = entry(plan({ attestations: att }), 'APP-STUB-05#0');
    expect(e.resolved).toMatchObject({ status: 'fail', evidence: [{ file: 'plan.pdf', sha256: 'a'.repeat(64) }] });
    expect(e.resolved!.message).toMatch(/李评估 on 2026-11-20/);
  });

  it("a profile with attestations: manual (a vendor's self-test) ignores the attestation file", () => {
    const f = path.join(tmp, 'c.yaml');
    fs.writeFileSync(f, 'attestations:\n  - { clause: APP-STUB-05, verdict: pass, evaluator: 厂商, date: 2026-11-20, reason: 自评 }\n');
    const att = resolveAttestations(f, readAttestationFile(f), pack);
    expect(decision(plan({ attestations: att }), 'APP-STUB-05#0')).toBe('pass');
    expect(decision(plan({ attestations: att, profile: { ...profile, attestations: 'manual' } }), 'APP-STUB-05#0')).toBe('manual');
  });

  it('CSV works too; a bad row is named by its line; unverifiable evidence turns the verdict into error', () => {
    const f = path.join(tmp, 'a.csv');
    fs.writeFileSync(f, 'clause,verdict,evaluator,date,reason,evidence\nAPP-STUB-05,pass,李评估,2026-11-20,有演练记录,bad.pdf\n');
    const att = resolveAttestations(f, readAttestationFile(f), pack);
    expect(att.get('APP-STUB-05')!.status).toBe('error');
    fs.writeFileSync(f, 'clause,verdict,evaluator,date,reason,evidence\nAPP-STUB-05,passed,李评估,2026-11-20,有演练记录,\n');
    expect(() => readAttestationFile(f)).toThrow(/a\.csv:2 attestations\[0\]\.verdict/);
  });

  it('citing a file that is not in the evidence pack is an input error', () => {
    const f = path.join(tmp, 'b.yaml');
    fs.writeFileSync(f, 'attestations:\n  - { clause: APP-STUB-05, verdict: pass, evaluator: x, date: 2026-11-20, reason: ok, evidence: [nope.pdf] }\n');
    expect(() => resolveAttestations(f, readAttestationFile(f), pack)).toThrow(/nope\.pdf/);
  });
});

describe('planner: applicability context (target.context, applies_when.context)', () => {
  // The test catalog's clauses with a context condition added, so only the planner's rule is under test.
  const conditioned = () => {
    const withCtx = (id: string, context: object) => {
      const c = structuredClone(catalog.clauses.find((x) => x.id === id)!);
      c.applies_when = { ...(c.applies_when ?? {}), context } as typeof c.applies_when;
      return c;
    };
    return [withCtx('APP-STUB-01', { public_facing: true }), withCtx('APP-STUB-02', { trains_models: true, deployment_form: ['一体机', '私有化'] })];
  };
  const ctx = (over: object) => ({ ...chatOnly, context: { public_facing: true, trains_models: true, deployment_form: '云', ...over } }) as Target;

  it('a public-service clause does not apply to an internal deployment, and the plan says why', () => {
    const p = plan({ clauses: conditioned(), target: ctx({ public_facing: false }) });
    expect(decision(p, 'APP-STUB-01#0')).toBe('not_applicable');
    expect(entry(p, 'APP-STUB-01#0').resolved!.message).toBe("applies only when public_facing = true; the target's context: public_facing is false");
  });

  it('a clause applies when every condition holds, and the plan records why', () => {
    const p = plan({ clauses: conditioned(), target: ctx({ deployment_form: '一体机' }) });
    expect(decision(p, 'APP-STUB-01#0')).toBe('run');
    expect(entry(p, 'APP-STUB-01#0').applicability).toBe('applies: public_facing = true (target context)');
    expect(entry(p, 'APP-STUB-02#0').applicability).toMatch(/^applies: trains_models = true and deployment_form ∈ \{一体机, 私有化\}/);
    const q = plan({ clauses: conditioned(), target: ctx({ deployment_form: '云' }) });
    expect(entry(q, 'APP-STUB-02#0').resolved!.message).toMatch(/deployment_form is 云/);
  });

  it('without a context: assumed to apply, except under a profile requiring it, where the clause is not_tested naming the setting', () => {
    const p = plan({ clauses: conditioned() });
    expect(decision(p, 'APP-STUB-01#0')).toBe('run');
    expect(entry(p, 'APP-STUB-01#0').applicability).toMatch(/the target states no context, so it is assumed to apply/);
    const q = plan({ clauses: conditioned(), profile: { ...profile, require_context: true } });
    expect(decision(q, 'APP-STUB-01#0')).toBe('not_tested');
    expect(entry(q, 'APP-STUB-01#0').resolved!.message).toMatch(/needs the target's applicability context .*context: \{ public_facing/);
  });
});

describe('planner: a target that submits no evidence', () => {
  it('evidence clauses are not_tested "no evidence submitted", not not_applicable; a missing endpoint leaves them out of the plan', async () => {
    const real = loadCatalog();
    const reg = await loadChecks();
    const p = buildPlan({ catalog: real, registry: reg, clauses: real.clauses, profile: { ...profile, exclude: {} }, target: chatOnly, today: '2026-11-26' });
    const byClause = (id: string) => p.entries.find((e) => e.clause.id === id)!;
    const evidenceOnly = real.clauses.filter((c) => (c.applies_when?.capabilities ?? []).join() === 'evidence');
    expect(evidenceOnly.length).toBeGreaterThan(10);
    for (const c of evidenceOnly) {
      expect(byClause(c.id).resolved, c.id).toMatchObject({ status: 'not_tested', message: expect.stringMatching(/^no evidence submitted/) });
    }
    // evidence and mcp, on a target without mcp: the capability is not offered at all — left out, listed once.
    const withMcp = real.clauses.find((c) => (c.applies_when?.capabilities ?? []).join() === 'evidence,mcp')!;
    expect(byClause(withMcp.id)).toBeUndefined();
    expect(p.narrowed.find((n) => n.missing.join() === 'mcp')!.clauses).toContain(withMcp.id);
    expect(p.entries.filter((e) => e.resolved?.status === 'not_applicable' && /does not expose/.test(e.resolved.message))).toEqual([]);
  });
});
