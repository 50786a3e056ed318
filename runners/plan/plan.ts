// The plan: which (clause, check) pairs a run executes, with which parameters, and what every other selected
// pair resolves to without touching the target (not applicable, manual, waived, not implemented) and why.
// Pure: the same inputs give the same plan, in clause-id then check-index order, so resume and shards agree.
//
// Decisions, in order, per clause then per check:
//   0. the clause's applies_when names an endpoint capability the target does not expose → left out of the
//      plan (narrowing): listed once in plan.narrowed, grouped by what is missing, instead of one
//      not_applicable row per clause (it would score nothing either way: not_applicable is out of every
//      denominator and gates no level)
//   1. the clause's evidence kinds are missing, or its context condition does not hold for target.context
//      (public_facing, trains_models, deployment_form)                         → not_applicable (clause)
//      — and evidence alone missing: a vendor that submits no evidence pack has not shown the clause is met, and
//      must not look like one that does not offer the capability → not_tested "no evidence submitted",
//      which stays in the expected set and scores 0
//      (target without context: under a profile with require_context a context-conditioned clause is
//      not_tested naming the setting to add; under other profiles it is assumed to apply, and the plan says so)
//   2. an active waiver without `run: true`                                    → not_tested, waived
//   3. `use: attestation`: a verdict in the attestation file, else             → manual
//   4. a check id no suite implements yet                                      → not_tested ("no suite implements …")
//      (listed in plan.missingChecks; the run goes on: the catalog may run ahead of the suites)
//   5. the check's `needs` are missing                                         → not_applicable
//   6. otherwise                                                               → run (waiver attached when `run: true`)
// Parameters are the clause's `with:` overlaid by the profile's params for the check id, then for the clause
// id (the more specific wins), and are validated against the check's schema here: a bad `with:` is an input
// error naming the clause, before any request is sent.

import crypto from 'node:crypto';
import type { CheckRegistry } from '../core/registry.ts';
import type { EvidencePack } from '../core/evidence.ts';
import type { Capability, Catalog, CheckResult, Clause, EvidenceRef, Profile, Status, Target, Waiver } from '../core/types.ts';
import { NO_EVIDENCE, targetCapabilities } from '../core/execute-check.ts';
import { InputError } from '../load/errors.ts';
import { activeWaivers } from '../load/waivers.ts';
import type { Attestation } from './attestations.ts';

export interface PlanEntry {
  clause: Clause;
  index: number;
  check: string;
  params: Record<string, unknown>;
  /** `run`: execute the check; otherwise the outcome is decided by the plan. */
  action: 'run' | 'resolved';
  resolved?: CheckResult & { status: Status; evidence?: EvidenceRef[] };
  /** Why the clause applies to this target, or not (its context condition against target.context). */
  applicability?: string;
  /** The check measures rates/latency/limits: run alone, after the others (CheckDefinition.exclusive). */
  exclusive?: boolean;
  waiver?: Waiver;
}

export interface Plan {
  entries: PlanEntry[];
  /** Check ids the selected clauses use that no suite implements, with the clauses using them. */
  missingChecks: { check: string; clauses: string[] }[];
  /** Active and expired waivers; `messages` says why each expired one is ignored. */
  waivers: { active: Waiver[]; expired: Waiver[]; messages: string[] };
  /** SHA-256 over every key of the plan before sharding: shards of one run carry the same value. */
  sha256: string;
  /** Number of entries before sharding. */
  totalEntries: number;
  /** Clauses left out because the target does not expose a capability they apply to, by what is missing. */
  narrowed: { missing: string[]; clauses: string[] }[];
  shard?: { index: number; count: number };
}

export interface PlanInput {
  catalog: Catalog;
  registry: CheckRegistry;
  /** The clauses the profile selects (runners/load/profile.ts). */
  clauses: Clause[];
  profile: Profile;
  target: Target;
  evidence?: EvidencePack;
  waivers?: Waiver[];
  /** YYYY-MM-DD; a waiver is active through its `expires` day. */
  today: string;
  attestations?: Map<string, Attestation>;
  /** Clause ids, id prefixes (`SAF`, `SAF-CONT`) or check ids (`chat.schema`). */
  only?: string[];
  shard?: { index: number; count: number };
  /**
   * true (default): a `with:` that does not validate against its check's params is an input error before
   * anything is sent. false: that pair's outcome is `error` naming the problem and the rest of the run goes on.
   */
  strictParams?: boolean;
}

export function mergeParams(clause: Clause, index: number, profile: Profile): Record<string, unknown> {
  const use = clause.checks[index];
  return { ...(use.with ?? {}), ...(profile.params?.[use.use] ?? {}), ...(profile.params?.[clause.id] ?? {}) };
}

export function buildPlan(input: PlanInput): Plan {
  const { catalog, registry, profile, target } = input;
  const known = new Set(catalog.clauses.map((c) => c.id));
  const problems: string[] = [];

  // Waivers: every one must name a clause of the catalog (a typo must not silently waive nothing).
  for (const w of input.waivers ?? []) {
    if (!known.has(w.clause)) problems.push(`waiver for ${w.clause}: no such clause in ${catalog.edition.id}`);
  }
  const { active, expired, messages } = activeWaivers(input.waivers ?? [], input.today);
  const waiverOf = new Map(active.map((w) => [w.clause, w]));
  for (const [id] of input.attestations ?? []) if (!known.has(id)) problems.push(`attestation for ${id}: no such clause in ${catalog.edition.id}`);

  let clauses = [...input.clauses].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let onlyChecks: Set<string> | undefined;
  if (input.only?.length) {
    const tokens = input.only
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter(Boolean);
    const checkTokens = tokens.filter((t) => t.includes('.') || /^[a-z]/.test(t));
    const idTokens = tokens.filter((t) => !checkTokens.includes(t));
    const matchesId = (c: Clause) => idTokens.some((t) => c.id === t || c.id.startsWith(t + '-'));
    const matchesCheck = (c: Clause) => c.checks.some((u) => checkTokens.includes(u.use));
    for (const t of tokens) {
      const hit = clauses.some((c) => (checkTokens.includes(t) ? c.checks.some((u) => u.use === t) : c.id === t || c.id.startsWith(t + '-')));
      if (!hit) problems.push(`--only ${t}: matches no clause the profile "${profile.id}" selects`);
    }
    clauses = clauses.filter((c) => matchesId(c) || matchesCheck(c));
    if (checkTokens.length && !idTokens.length) onlyChecks = new Set(checkTokens);
  }

  const caps = targetCapabilities(target);
  const missing = new Map<string, string[]>();
  const narrowed = new Map<string, string[]>();
  const entries: PlanEntry[] = [];
  for (const clause of clauses) {
    const waiver = waiverOf.get(clause.id);
    const clauseMissing = (clause.applies_when?.capabilities ?? []).filter((c) => !caps.has(c));
    const endpointsMissing = clauseMissing.filter((c) => c !== 'evidence');
    if (endpointsMissing.length) {
      const k = endpointsMissing.join(', ');
      narrowed.set(k, [...(narrowed.get(k) ?? []), clause.id]);
      continue;
    }
    const kinds = (clause.applies_when?.evidence ?? []).filter((k) => !input.evidence || input.evidence.byKind(k).length === 0);
    const ctx = contextApplicability(clause, target);
    let clauseReason: string | undefined;
    let clauseStatus: Status = 'not_applicable';
    if (clauseMissing.length === 1 && clauseMissing[0] === 'evidence') {
      clauseReason = NO_EVIDENCE;
      clauseStatus = 'not_tested';
    } else if (clauseMissing.length) clauseReason = `the target does not expose ${clauseMissing.join(', ')}`;
    else if (!ctx.applies) clauseReason = ctx.why;
    else if (kinds.length) clauseReason = input.evidence ? `the evidence pack holds no file of kind ${kinds.join(', ')}` : 'the target has no evidence pack';
    // The profile requires the context and the target gives none: whether the clause applies is unknown.
    const contextMissing = !clauseReason && !target.context && !!clause.applies_when?.context && profile.require_context === true;

    clause.checks.forEach((use, index) => {
      if (onlyChecks && !onlyChecks.has(use.use)) return;
      const params = mergeParams(clause, index, profile);
      const entry: PlanEntry = { clause, index, check: use.use, params, action: 'resolved', ...(ctx.why ? { applicability: ctx.why } : {}) };
      const resolve = (status: Status, message: string, evidence?: EvidenceRef[]) => {
        entry.resolved = { status, message, ...(evidence?.length ? { evidence } : {}) };
      };
      if (clauseReason) resolve(clauseStatus, clauseReason);
      else if (contextMissing)
        resolve(
          'not_tested',
          `the profile "${profile.id}" needs the target's applicability context to decide whether this clause applies (${ctx.why.split(';')[0]}): add to the target descriptor  context: { public_facing: true|false, trains_models: true|false, deployment_form: 云|一体机|私有化|互联网调用 }`,
        );
      else if (waiver && !waiver.run) {
        entry.waiver = waiver;
        resolve('not_tested', `waived until ${waiver.expires} by ${waiver.approver}: ${waiver.justification}`);
      } else if (use.use === 'attestation') {
        // A profile with `attestations: manual` (a vendor's self-test) never takes a verdict from a file.
        const a = profile.attestations === 'manual' ? undefined : input.attestations?.get(clause.id);
        if (a) resolve(a.status, a.message, a.evidence);
        else resolve('manual', 'no machine can decide this clause: an evaluator records a verdict in an attestation file (--attestations)');
      } else if (!registry.checks.has(use.use)) {
        missing.set(use.use, [...(missing.get(use.use) ?? []), clause.id]);
        resolve('not_tested', `no suite implements check "${use.use}" yet`);
      } else {
        const def = registry.checks.get(use.use)!;
        const lacking = def.needs.filter((n: Capability) => !caps.has(n));
        const bad = registry.validateParams(use.use, params).map((p) => `${catalog.locations.get(clause.id) ?? clause.id} ${clause.id} checks[${index}].${p}`);
        if (bad.length && input.strictParams !== false) problems.push(...bad);
        if (bad.length && input.strictParams === false) resolve('error', `invalid parameters: ${bad.join('; ')}`);
        else if (lacking.length === 1 && lacking[0] === 'evidence') resolve('not_tested', NO_EVIDENCE);
        else if (lacking.length) resolve('not_applicable', `the target does not expose ${lacking.join(', ')}`);
        else {
          entry.action = 'run';
          if (def.exclusive) entry.exclusive = true;
        }
      }
      if (waiver) entry.waiver = waiver;
      entries.push(entry);
    });
  }
  if (problems.length) throw new InputError(problems[0], problems);

  const sha = crypto.createHash('sha256');
  for (const e of entries) sha.update(`${e.clause.id}#${e.index}:${e.check}:${e.action}\n`);
  const plan: Plan = {
    entries,
    missingChecks: [...missing].map(([check, cl]) => ({ check, clauses: cl })).sort((a, b) => (a.check < b.check ? -1 : 1)),
    waivers: { active, expired, messages },
    sha256: sha.digest('hex'),
    totalEntries: entries.length,
    narrowed: [...narrowed].map(([k, cl]) => ({ missing: k.split(', '), clauses: cl })).sort((a, b) => (a.missing.join() < b.missing.join() ? -1 : 1)),
  };
  if (input.shard) {
    const { index, count } = input.shard;
    if (!(count >= 1 && index >= 1 && index <= count)) throw new InputError(`--shard ${index}/${count}: K must be between 1 and N`);
    // Whole clauses go to one shard (round robin over the sorted clause ids): stable for a given plan.
    const order = [...new Set(entries.map((e) => e.clause.id))];
    const shardOf = new Map(order.map((id, i) => [id, (i % count) + 1]));
    plan.entries = entries.filter((e) => shardOf.get(e.clause.id) === index);
    plan.shard = { index, count };
  }
  return plan;
}

const CONTEXT_WORDS = { public_facing: 'public_facing', trains_models: 'trains_models', deployment_form: 'deployment_form' } as const;

/** Whether a clause's applies_when.context holds for the target, and why (empty `why`: no condition). */
export function contextApplicability(clause: Clause, target: Target): { applies: boolean; why: string } {
  const cond = clause.applies_when?.context;
  if (!cond) return { applies: true, why: '' };
  const wanted = Object.entries(cond)
    .map(([k, v]) => `${CONTEXT_WORDS[k as keyof typeof CONTEXT_WORDS]} ${Array.isArray(v) ? `∈ {${v.join(', ')}}` : `= ${v}`}`)
    .join(' and ');
  const ctx = target.context;
  if (!ctx) return { applies: true, why: `applies when ${wanted}; the target states no context, so it is assumed to apply` };
  const failing: string[] = [];
  if (cond.public_facing !== undefined && ctx.public_facing !== cond.public_facing) failing.push(`public_facing is ${ctx.public_facing}`);
  if (cond.trains_models !== undefined && ctx.trains_models !== cond.trains_models) failing.push(`trains_models is ${ctx.trains_models}`);
  if (cond.deployment_form && !cond.deployment_form.includes(ctx.deployment_form)) failing.push(`deployment_form is ${ctx.deployment_form}`);
  return failing.length
    ? { applies: false, why: `applies only when ${wanted}; the target's context: ${failing.join(', ')}` }
    : { applies: true, why: `applies: ${wanted} (target context)` };
}

/** One line per entry, for `govllm run --dry-run`. */
export function formatPlan(plan: Plan, lang: 'zh' | 'en' = 'zh'): string {
  const lines: string[] = [];
  for (const e of plan.entries) {
    const what = e.action === 'run' ? (e.exclusive ? 'run (alone)' : 'run') : e.resolved!.status;
    const params = e.action === 'run' && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : '';
    const why =
      e.action === 'run'
        ? `${e.waiver ? ` (waived, run anyway)` : ''}${e.applicability ? ` [${e.applicability}]` : ''}`
        : ` — ${e.resolved!.message}${e.applicability && e.resolved!.status !== 'not_applicable' ? ` [${e.applicability}]` : ''}`;
    lines.push(`${`${e.clause.id}#${e.index}`.padEnd(16)} ${what.padEnd(14)} ${e.check}${params}${why}  ${e.clause.title[lang]}`);
  }
  const counts = new Map<string, number>();
  for (const e of plan.entries) {
    const k = e.action === 'run' ? 'run' : e.resolved!.status;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  lines.push('');
  lines.push(
    `${plan.entries.length} (clause, check) pairs${plan.shard ? ` in shard ${plan.shard.index}/${plan.shard.count} of ${plan.totalEntries}` : ''}: ` +
      [...counts].map(([k, v]) => `${v} ${k}`).join(', '),
  );
  lines.push(...formatNarrowed(plan.narrowed));
  if (plan.missingChecks.length)
    lines.push(`not implemented yet (→ not_tested): ${plan.missingChecks.map((m) => `${m.check} (${m.clauses.join(', ')})`).join('; ')}`);
  for (const m of plan.waivers.messages) lines.push(m);
  return lines.join('\n') + '\n';
}

/** One line per missing capability set: the clauses left out of the plan because the target lacks it. */
export function formatNarrowed(narrowed: Plan['narrowed']): string[] {
  return narrowed.map((n) => `left out (the target does not expose ${n.missing.join(', ')}): ${n.clauses.length} clause(s) ${n.clauses.join(', ')}`);
}
