import { describe, expect, it } from 'vitest';
import { sanitizeTarget, compareOutcomes, gitRevision } from './results.ts';

describe('results helpers', () => {
  it('the target in results keeps env var names and drops secret values and URL credentials', () => {
    const t = sanitizeTarget(
      {
        name: 'x',
        description: 'key sk-live-ABCDEFGH pasted by mistake',
        endpoints: { chat: { base_url: 'https://user:pa55word@llm.example.gov.cn/v1', model: 'm', api_key_env: 'GOV_KEY' } },
      },
      ['sk-live-ABCDEFGH'],
    );
    const s = JSON.stringify(t);
    expect(s).not.toContain('sk-live-ABCDEFGH');
    expect(s).not.toContain('pa55word');
    expect(s).toContain('GOV_KEY');
    expect(t.capabilities).toEqual(['chat']);
  });

  it('sorts outcomes by clause id, then check index (numerically)', () => {
    const xs = [
      { clause: 'SAF-A-01', index: 10 },
      { clause: 'APP-B-02', index: 0 },
      { clause: 'SAF-A-01', index: 2 },
    ].sort(compareOutcomes);
    expect(xs.map((x) => `${x.clause}#${x.index}`)).toEqual(['APP-B-02#0', 'SAF-A-01#2', 'SAF-A-01#10']);
  });

  it('records the git revision of the checkout, or "unknown"', () => {
    expect(gitRevision()).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });
});
