// OSCAL 1.0.6 assessment-results (NIST): the machine-readable report for GRC tools.
// Mapping: the run → one result; each expected clause → a finding whose target is the clause as an
// objective (objective-id) with status satisfied / not-satisfied; each executed check → an observation
// (method TEST, or EXAMINE for evidence and attestations) citing its evidence files, which sit in
// back-matter as resources carrying their SHA-256. UUIDs are derived from the run id and names (v5-shaped),
// so re-rendering the same results gives the same document.

import crypto from 'node:crypto';
import type { Catalog, Clause, Outcome } from '../../runners/core/types.ts';
import type { ResultsDocument } from '../score/input.ts';
import type { ScoresDocument } from '../score/document.ts';

export const OSCAL_VERSION = '1.0.6';

/** Deterministic UUID with version 5 and RFC 4122 variant bits (the schema accepts v4 or v5). */
export function stableUuid(...parts: string[]): string {
  const h = crypto.createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** OSCAL strings may not be empty or start/end with whitespace. */
function str(s: unknown, fallback = '-'): string {
  const v = String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return v || fallback;
}

function isoTz(s: string | undefined): string {
  const d = s ? new Date(s) : new Date(0);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString();
}

function methodOf(c: Clause | undefined): string {
  return c?.verification === 'evidence' || c?.verification === 'attestation' ? 'EXAMINE' : 'TEST';
}

export function renderOscal(results: ResultsDocument, catalog: Catalog, scores: ScoresDocument, lang: 'zh' | 'en'): object {
  const run = results.run_id;
  const clauseBy = new Map(catalog.clauses.map((c) => [c.id, c]));
  const outcomesBy = new Map<string, Outcome[]>();
  for (const o of results.outcomes) outcomesBy.set(o.clause, [...(outcomesBy.get(o.clause) ?? []), o]);

  const resources = new Map<string, object>();
  const resourceUuid = (file: string, sha: string) => {
    const uuid = stableUuid(run, 'evidence', file, sha);
    if (!resources.has(uuid)) {
      resources.set(uuid, {
        uuid,
        title: str(file),
        rlinks: [{ href: encodeURI(file.replace(/\\/g, '/')) || 'evidence', hashes: [{ algorithm: 'SHA-256', value: sha || '0'.repeat(64) }] }],
      });
    }
    return uuid;
  };

  const observations: object[] = [];
  const findings: object[] = [];
  for (const ex of scores.expected) {
    const c = clauseBy.get(ex.id);
    const s = scores.result.clauses.find((x) => x.id === ex.id)!;
    const obsUuids: string[] = [];
    for (const o of (outcomesBy.get(ex.id) ?? []).sort((a, b) => a.index - b.index)) {
      const uuid = stableUuid(run, 'observation', o.clause, String(o.index));
      obsUuids.push(uuid);
      const evidence = (o.evidence ?? []).map((e) => ({ href: `#${resourceUuid(e.file, e.sha256)}`, description: str(`${e.file} sha256:${e.sha256}`) }));
      observations.push({
        uuid,
        title: str(`${o.clause} [${o.index + 1}] ${o.check}`),
        description: str(o.message, o.status),
        props: [
          { name: 'check', ns: 'https://govllm.example/ns/oscal', value: str(o.check) },
          { name: 'status', ns: 'https://govllm.example/ns/oscal', value: str(o.status) },
          { name: 'score', ns: 'https://govllm.example/ns/oscal', value: String(o.score ?? (o.status === 'pass' ? 1 : 0)) },
        ],
        methods: [methodOf(c)],
        types: ['finding'],
        ...(evidence.length ? { 'relevant-evidence': evidence } : {}),
        collected: isoTz(o.started_at),
        ...(o.observed ? { remarks: str(JSON.stringify(o.observed).slice(0, 2000)) } : {}),
      });
    }
    const satisfied = s.verdict === 'pass' || s.verdict === 'not_applicable';
    findings.push({
      uuid: stableUuid(run, 'finding', ex.id),
      title: str(`${ex.id} ${c ? c.title[lang] : ''}`),
      description: str(c ? c.requirement[lang] : ex.id),
      props: [
        { name: 'verdict', ns: 'https://govllm.example/ns/oscal', value: s.verdict },
        { name: 'score', ns: 'https://govllm.example/ns/oscal', value: String(s.score) },
        { name: 'level', ns: 'https://govllm.example/ns/oscal', value: String(ex.level) },
        { name: 'obligation', ns: 'https://govllm.example/ns/oscal', value: ex.obligation },
        ...(ex.critical ? [{ name: 'critical', ns: 'https://govllm.example/ns/oscal', value: 'true' }] : []),
        ...(s.waived ? [{ name: 'waived', ns: 'https://govllm.example/ns/oscal', value: 'true' }] : []),
      ],
      target: {
        type: 'objective-id',
        'target-id': ex.id,
        status: { state: satisfied ? 'satisfied' : 'not-satisfied', ...(satisfied ? {} : { reason: s.verdict === 'fail' ? 'fail' : 'other' }) },
      },
      ...(obsUuids.length ? { 'related-observations': obsUuids.map((u) => ({ 'observation-uuid': u })) } : {}),
      ...(c?.remediation && !satisfied ? { remarks: str(c.remediation[lang]) } : {}),
    });
  }

  const o = scores.result.overall;
  return {
    'assessment-results': {
      uuid: stableUuid(run, 'assessment-results'),
      metadata: {
        title: str(lang === 'zh' ? `政务大模型评估结果：${results.target.name}` : `Government LLM assessment results: ${results.target.name}`),
        'last-modified': isoTz(results.finished_at ?? results.started_at),
        version: str(results.run_id),
        'oscal-version': OSCAL_VERSION,
        props: [
          { name: 'edition', ns: 'https://govllm.example/ns/oscal', value: str(results.catalog.edition) },
          { name: 'catalog-sha256', ns: 'https://govllm.example/ns/oscal', value: str(results.catalog.sha256) },
          { name: 'profile', ns: 'https://govllm.example/ns/oscal', value: str(results.profile.id) },
        ],
      },
      'import-ap': {
        href: `#${stableUuid(run, 'assessment-plan')}`,
        remarks: 'The assessment plan is the govllm profile named in metadata; no separate OSCAL plan document is produced.',
      },
      results: [
        {
          uuid: stableUuid(run, 'result'),
          title: str(`${results.target.name} — ${results.profile.id}`),
          description: str(
            `overall level ${o.level ?? 'not rated'}, score ${o.score ?? '-'}/1000, verdict ${o.verdict}${o.denied_by.length ? ` (red lines failed: ${o.denied_by.join(', ')})` : ''}`,
          ),
          start: isoTz(results.started_at ?? results.finished_at),
          ...(results.finished_at ? { end: isoTz(results.finished_at) } : {}),
          props: [
            { name: 'overall-level', ns: 'https://govllm.example/ns/oscal', value: String(o.level ?? 'not-rated') },
            { name: 'overall-score', ns: 'https://govllm.example/ns/oscal', value: String(o.score ?? 'none') },
            { name: 'overall-verdict', ns: 'https://govllm.example/ns/oscal', value: o.verdict },
          ],
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': scores.expected.map((c) => ({ 'control-id': c.id })) }],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
      ...(resources.size ? { 'back-matter': { resources: [...resources.values()] } } : {}),
    },
  };
}
