// 备案: the filing records (algorithm filing, generative-AI service filing or registration) carry numbers
// in the form their authority issues, and a security assessment that passed is on record. The number
// forms are the clause's `patterns` (regular expressions by record type), never hard-coded here.

import { defineCheck } from '../../runners/core/check.ts';
import { readJson } from '../../runners/evidence/json.ts';
import { evidenceCheck, fileOfKind } from '../../runners/evidence/use.ts';

interface FilingRecord {
  type: string;
  number?: string;
  subject?: string;
  model?: string;
  date: string;
  result?: string;
}

interface Params {
  patterns: Record<string, string>;
  /** Record types that must be present; `a|b` accepts either. */
  required_types?: string[];
  require_passed_assessment?: boolean;
}

export default defineCheck<Params>({
  id: 'evidence.filing',
  title: '备案 records with filing numbers in the right form; security assessment passed',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['patterns'],
    properties: {
      patterns: {
        type: 'object',
        minProperties: 1,
        additionalProperties: { type: 'string', format: 'regex' },
        description: 'Record type → regular expression its number must match in full',
      },
      required_types: { type: 'array', items: { type: 'string' }, default: ['algorithm', 'generative-ai|registration', 'security-assessment'] },
      require_passed_assessment: { type: 'boolean', default: true },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const f = fileOfKind(ctx, 'filing');
      const { records } = readJson<{ records: FilingRecord[] }>(f.path, 'evidence/filing.schema.json');
      const patterns = Object.fromEntries(Object.entries(ctx.params.patterns).map(([t, p]) => [t, new RegExp(`^(?:${p})$`, 'u')]));
      const problems: string[] = [];
      records.forEach((r, i) => {
        const re = patterns[r.type];
        if (!re) return;
        if (!r.number?.trim()) problems.push(`records[${i}] (${r.type}): no number`);
        else if (!re.test(r.number.trim())) problems.push(`records[${i}] (${r.type}): "${r.number}" is not in the form ${ctx.params.patterns[r.type]}`);
      });
      const types = new Set(records.map((r) => r.type));
      for (const req of ctx.params.required_types ?? ['algorithm', 'generative-ai|registration', 'security-assessment']) {
        if (!req.split('|').some((t) => types.has(t))) problems.push(`no ${req.replace('|', ' or ')} record`);
      }
      if (
        (ctx.params.require_passed_assessment ?? true) &&
        types.has('security-assessment') &&
        !records.some((r) => r.type === 'security-assessment' && r.result === 'passed')
      ) {
        problems.push('no security assessment with result "passed"');
      }
      const observed = { records: records.map((r) => ({ type: r.type, number: r.number, model: r.model, date: r.date, result: r.result })) };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected: { patterns: ctx.params.patterns } };
      return {
        status: 'pass',
        message: `${records.length} records; numbers in form: ${records
          .filter((r) => patterns[r.type])
          .map((r) => r.number)
          .join(', ')}`,
        observed,
        expected: { patterns: ctx.params.patterns },
      };
    }),
});
