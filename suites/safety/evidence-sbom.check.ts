// Supply chain (可信供应链, 开源组件漏洞修复): the SBOM is a CycloneDX JSON document valid against the
// official schema of its spec version, lists components, and leaves no critical vulnerability unfixed
// past its deadline (published + max_overdue_days, judged on the assessment date).

import { defineCheck } from '../../runners/core/check.ts';
import { readJson } from '../../runners/evidence/json.ts';
import { AS_OF_PARAM, asOf, daysBetween, evidenceCheck, fileOfKind, isoDay, parseDate } from '../../runners/evidence/use.ts';
import { EvidenceReadError } from '../../runners/evidence/errors.ts';
import { cyclonedxValidator } from './lib/cyclonedx.ts';

interface Params {
  max_overdue_days: number;
  severities?: string[];
  as_of?: string;
}

interface Vulnerability {
  id?: string;
  ratings?: { severity?: string }[];
  published?: string;
  analysis?: { state?: string };
  affects?: { ref?: string }[];
}

/** Analysis states under which a vulnerability is no longer open. */
const CLOSED = new Set(['resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected']);

export default defineCheck<Params>({
  id: 'evidence.sbom',
  title: 'SBOM: valid CycloneDX JSON; no critical vulnerability unfixed past its deadline',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['max_overdue_days'],
    properties: {
      max_overdue_days: { type: 'integer', minimum: 0, description: 'Days after publication by which a vulnerability of the listed severities must be fixed' },
      severities: { type: 'array', items: { enum: ['critical', 'high', 'medium', 'low'] }, default: ['critical'] },
      ...AS_OF_PARAM,
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const now = asOf(ctx);
      const severities = ctx.params.severities ?? ['critical'];
      const f = fileOfKind(ctx, 'sbom');
      const bom = readJson<{ specVersion: string; components?: unknown[]; vulnerabilities?: Vulnerability[] }>(f.path, 'evidence/sbom.schema.json');
      const validate = cyclonedxValidator(bom.specVersion);
      if (!validate) throw new EvidenceReadError(f.file, `CycloneDX spec version ${bom.specVersion} has no schema in @cyclonedx/cyclonedx-library`);
      const valid: boolean = validate(bom);
      if (!valid) {
        const e = validate.errors![0];
        throw new EvidenceReadError(
          f.file,
          `not valid CycloneDX ${bom.specVersion}: ${e.instancePath || '(root)'} ${e.message}${validate.errors!.length > 1 ? ` (and ${validate.errors!.length - 1} more)` : ''}`,
          { column: e.instancePath },
        );
      }
      const overdue: string[] = [];
      const open: string[] = [];
      for (const v of bom.vulnerabilities ?? []) {
        const sev = (v.ratings ?? []).map((r) => r.severity).filter((s): s is string => !!s);
        if (!sev.some((s) => severities.includes(s))) continue;
        if (CLOSED.has(v.analysis?.state ?? '')) continue;
        const published = parseDate(v.published);
        const name = `${v.id ?? '(no id)'} (${v.analysis?.state ?? 'no analysis'})`;
        if (!published) {
          // Without a publication date the deadline cannot be computed: count it against the vendor.
          overdue.push(`${name}: no publication date, so no deadline can be shown`);
          continue;
        }
        const age = daysBetween(published, now);
        if (age > ctx.params.max_overdue_days)
          overdue.push(`${name}: published ${isoDay(published)}, ${age} days ago (deadline ${ctx.params.max_overdue_days} days)`);
        else open.push(`${name}: ${ctx.params.max_overdue_days - age} days left`);
      }
      const observed = {
        spec_version: bom.specVersion,
        components: bom.components?.length ?? 0,
        vulnerabilities: bom.vulnerabilities?.length ?? 0,
        overdue,
        open_within_deadline: open,
        as_of: isoDay(now),
      };
      const expected = { max_overdue_days: ctx.params.max_overdue_days, severities };
      if (!bom.components?.length) return { status: 'fail', message: 'the SBOM lists no component', observed, expected };
      if (overdue.length)
        return {
          status: 'fail',
          message: `${overdue.length} ${severities.join('/')} vulnerabilit${overdue.length > 1 ? 'ies' : 'y'} unfixed past the deadline: ${overdue.join('; ')}`,
          observed,
          expected,
        };
      return {
        status: 'pass',
        message: `valid CycloneDX ${bom.specVersion}, ${observed.components} components; no ${severities.join('/')} vulnerability past its deadline${open.length ? ` (${open.length} open within it)` : ''}`,
        observed,
        expected,
      };
    }),
});
