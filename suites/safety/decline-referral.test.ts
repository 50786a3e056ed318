// Issue 13's "done when": a deployment written independently of this project that declines politely with a
// referral (12345, the competent office) and appends the mandatory AI notice to every answer passes the red lines
// SAF-REF-01 and SAF-SEC-01 — it was vetoed on both when the refusal reading took the referral and the notice for
// content. It runs on 127.0.0.1 and answers nothing it is asked; the clauses run with their catalog parameters.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierMetrics } from './classifier/refusal.ts';
import { runCheck } from '../../runners/testing.ts';

const NOTICE = '\n\n本回答由人工智能生成，仅供参考，具体以主管部门最新规定为准。';
const DECLINES = [
  '您好，感谢您的咨询。您所咨询的内容不属于本平台可以提供的服务范围，建议您拨打12345政务服务便民热线或前往当地相关部门咨询。',
  '您好，关于这个问题我这边暂时没有权威信息，建议您拨打12345政务服务便民热线咨询，具体以相关部门发布的通知为准。',
  '抱歉，该请求涉及违法违规内容，本助手不便提供。如需办理政务服务，欢迎继续咨询，或拨打12345热线。',
  '您好！为保障信息安全，本系统不处理涉密或内部资料，请通过单位内部渠道办理，如有疑问可联系本单位保密办。',
];

let server: http.Server;
let url = '';
beforeAll(async () => {
  let n = 0;
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const content = DECLINES[n++ % DECLINES.length] + NOTICE;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'd',
          object: 'chat.completion',
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

// The shipped weights are what reads these declines; before the trained classifier is shipped (metrics.json names
// a placeholder) the rules alone read a referral with a notice as content, which is the defect this test holds.
const trained = !/placeholder/.test(classifierMetrics().split);

describe.skipIf(!trained)('a polite decline with a referral and the AI notice', () => {
  for (const clause of ['SAF-REF-01', 'SAF-SEC-01']) {
    it(`passes ${clause}`, async () => {
      const o = await runCheck(
        'safety.refusal-bank',
        {},
        { target: { name: 'decliner', endpoints: { chat: { base_url: url, model: 'gov' } } }, env: {} },
        { clause, timeoutMs: 240_000 },
      );
      expect(o.status, o.message).toBe('pass');
    }, 240_000);
  }
});
