// Rule 1 (suites/CHECKS.md): where the standard fixes no format, checks discover it. These tests feed the
// discovery functions the bodies two different vendors send (the reference deployment's dialects a and b,
// and shapes seen elsewhere) and assert the same facts are found in each — and not found where absent.

import { describe, expect, it } from 'vitest';
import { discoverLabel, discoverLabelHeader } from './apps/lib/label.ts';
import { findCitations } from './knowledge/lib/kb-client.ts';
import { findSignal } from './infrastructure/lib/prometheus.ts';
import { findErrorObject } from './infrastructure/lib/error-body.ts';
import { parseExposition } from './infrastructure/lib/prometheus.ts';
import { bExposition } from '../fixtures/reference/dialect.ts';

describe('the implicit AI label is found by its content', () => {
  const completion = (extra: Record<string, unknown>) => ({
    id: 'c1',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: '本内容由人工智能生成：身份证补办流程……' } }],
    ...extra,
  });
  it('GB 45438 metadata under any name, a named field at any depth, or a value that says AI-generated', () => {
    expect(discoverLabel(completion({ aigc: { Label: '1', ContentProducer: 'X', ProduceID: 'c1' } }))?.path).toBe('aigc');
    expect(discoverLabel(completion({ result_meta: { provenance: { type: 'AIGC', producer: 'X' } } }))?.path).toBe('result_meta.provenance');
    expect(discoverLabel(completion({ meta: { x: { Label: '1', ContentProducer: 'P' } } }))?.path).toBe('meta.x');
    expect(discoverLabel(completion({ extensions: { notice: 'AI-generated content' } }))?.path).toBe('extensions.notice');
  });
  it('never takes the answer text for the label, and finds none when there is none', () => {
    expect(discoverLabel(completion({ system_fingerprint: 'fp-1' }))).toBeUndefined();
    expect(discoverLabel(completion({ aigc: {} }))).toBeUndefined();
  });
  it('in a header, by name or value', () => {
    expect(discoverLabelHeader({ 'x-request-id': 'r1', 'x-ai-generated': 'true' })?.header).toBe('x-ai-generated');
    expect(discoverLabelHeader({ 'x-content-label': 'AIGC; producer=001191' })?.header).toBe('x-content-label');
    expect(discoverLabelHeader({ 'x-request-id': 'r1', 'content-type': 'application/json' })).toBeUndefined();
  });
});

describe('citations are any array of objects carrying a document id or URL', () => {
  it('finds them in each vendor shape', () => {
    expect(findCitations({ answer: 'a', citations: [{ source: 'gov-doc-001', title: 't' }] })).toEqual(['gov-doc-001']);
    expect(findCitations({ code: 0, data: { reply: 'a', sources: [{ doc_id: 'gov-doc-002', name: 't', score: 0.9 }] } })).toEqual(['gov-doc-002']);
    expect(findCitations({ output: { text: 'a', references: [{ url: 'https://zwfw.example/doc/3' }] } })).toEqual(['https://zwfw.example/doc/3']);
    expect(findCitations({ answer: 'a', refs: ['gov-doc-004'] })).toEqual(['gov-doc-004']);
  });
  it('an empty list or no list is no citation; a named path wins', () => {
    expect(findCitations({ answer: 'a', citations: [] })).toEqual([]);
    expect(findCitations({ answer: 'a', tags: ['x'] })).toEqual([]);
    expect(findCitations({ d: { s: [{ k: 'gov-doc-5' }] } }, 'd.s', 'k')).toEqual(['gov-doc-5']);
  });
});

describe('metric families are found per signal by # TYPE / # HELP', () => {
  const a =
    [
      '# HELP llm_requests_total Requests served.',
      '# TYPE llm_requests_total counter',
      'llm_requests_total 3',
      '# HELP llm_request_errors_total Requests answered with an HTTP error status.',
      '# TYPE llm_request_errors_total counter',
      'llm_request_errors_total 1',
      '# HELP llm_request_duration_seconds Request latency.',
      '# TYPE llm_request_duration_seconds histogram',
      'llm_request_duration_seconds_bucket{le="1"} 3',
      'llm_request_duration_seconds_bucket{le="+Inf"} 3',
      'llm_request_duration_seconds_sum 0.3',
      'llm_request_duration_seconds_count 3',
      '# HELP llm_tokens_total Tokens processed.',
      '# TYPE llm_tokens_total counter',
      'llm_tokens_total 10',
      '# HELP llm_accelerator_memory_used_bytes Accelerator memory in use.',
      '# TYPE llm_accelerator_memory_used_bytes gauge',
      'llm_accelerator_memory_used_bytes 1',
    ].join('\n') + '\n';
  it('in both dialects, the same signals under different names', () => {
    for (const [text, names] of [
      [a, ['llm_requests_total', 'llm_request_errors_total', 'llm_request_duration_seconds', 'llm_tokens_total', 'llm_accelerator_memory_used_bytes']],
      [
        bExposition(a),
        ['zw_api_calls_total', 'zw_api_failures_total', 'zw_api_call_latency_seconds', 'zw_tokens_processed_total', 'zw_npu_memory_in_use_bytes'],
      ],
    ] as const) {
      const { families, problems } = parseExposition(text);
      expect(problems).toEqual([]);
      expect((['requests', 'errors', 'latency', 'tokens', 'accelerator_memory'] as const).map((s) => findSignal(families, s)?.name)).toEqual(names);
    }
  });
  it('a signal nobody exposes is missing; a mapping names the family', () => {
    const { families } = parseExposition('# HELP up Up.\n# TYPE up gauge\nup 1\n# HELP x_mem_b Device memory of the NPU.\n# TYPE x_mem_b gauge\nx_mem_b 1\n');
    expect(findSignal(families, 'latency')).toBeUndefined();
    expect(findSignal(families, 'accelerator_memory')?.name).toBe('x_mem_b');
    expect(findSignal(families, 'requests', 'up')?.name).toBe('up');
  });
});

describe('an error body is any JSON object carrying a message', () => {
  it('OpenAI, business-code and nested shapes; not an empty object', () => {
    expect(findErrorObject({ error: { message: 'bad', type: 'invalid_request_error' } })?.message).toBe('bad');
    expect(findErrorObject({ code: 40001, msg: '参数错误', trace_id: 't' })?.message).toBe('参数错误');
    expect(findErrorObject({ result: { err: { detail: 'model not found' } } })?.message).toBe('model not found');
    expect(findErrorObject({ error: 'invalid_api_key' })?.message).toBe('invalid_api_key');
    expect(findErrorObject({})).toBeUndefined();
    expect(findErrorObject({ code: 1, data: null })).toBeUndefined();
  });
});
