// A check's tests as a table, in the spirit of ESLint's RuleTester: each row names a target behaviour — the
// reference deployment with some defects on (none: conformant), or any other test target — and the outcome the
// check must give there. Rows run against the real executor and clients (runners/testing.ts), so a row is what
// an evaluator would see.
//
//   testCheck('label.api-implicit', [
//     { clause: 'APP-LBL-02', status: 'pass' },
//     { clause: 'APP-LBL-02', defects: ['missing-api-marker'], status: 'fail', message: /no AI label/ },
//   ]);
//
// Every check must have a row that passes and a row that fails (or is not_tested where the check cannot fail on
// the reference deployment): the tester refuses a table without both, so no check is tested one way only.

import { afterAll, describe, expect, it } from 'vitest';
import { startReference, type RunningReference } from '../fixtures/reference/server.ts';
import type { Status } from './core/types.ts';
import { closeTestBrowser, runCheck, type RunCheckResult, type TestTarget } from './testing.ts';

export interface CheckCase {
  /** what the row shows; defaults to the defects (or "conformant") and the expected status */
  name?: string;
  /** run with this catalog clause's `with:` (under `params`) */
  clause?: string;
  params?: Record<string, unknown>;
  /** reference deployment defects switched on for this row ([] or absent: the conformant deployment) */
  defects?: string[];
  /** any other target (a recorded-response server, a hostile fixture …); `close` is called after the row */
  target?: () => Promise<TestTarget & { close(): Promise<void> }>;
  status: Status;
  /** the outcome's message must match */
  message?: RegExp;
  /** further assertions on the outcome */
  then?: (o: RunCheckResult) => void;
}

export interface CheckTableOptions {
  /** per-row time limit (default 120 s; the check's own timeout is the runner's) */
  timeoutMs?: number;
}

export function testCheck(checkId: string, cases: CheckCase[], opts: CheckTableOptions = {}): void {
  const statuses = new Set(cases.map((c) => c.status));
  if (!statuses.has('pass') || !(statuses.has('fail') || statuses.has('not_tested') || statuses.has('error'))) {
    throw new Error(`testCheck(${checkId}): the table needs a row that passes and a row that does not`);
  }
  const timeout = opts.timeoutMs ?? 120_000;
  describe(`check ${checkId}`, () => {
    // One conformant reference deployment serves every row without defects or own target.
    let shared: Promise<RunningReference> | undefined;
    afterAll(async () => {
      if (shared) await (await shared).close();
      await closeTestBrowser();
    });
    for (const row of cases) {
      const label =
        row.name ??
        `${row.clause ? `${row.clause}: ` : ''}${row.defects?.length ? row.defects.join(' + ') : row.target ? 'own target' : 'conformant'} → ${row.status}`;
      it(
        label,
        async () => {
          let target: TestTarget;
          let close: (() => Promise<void>) | undefined;
          if (row.target) {
            const t = await row.target();
            target = t;
            close = () => t.close();
          } else if (row.defects?.length) {
            const ref = await startReference({ defects: row.defects });
            target = ref;
            close = () => ref.close();
          } else {
            shared ??= startReference();
            target = await shared;
          }
          try {
            const o = await runCheck(checkId, row.params ?? {}, target, { clause: row.clause, timeoutMs: timeout });
            expect(o.status, o.message).toBe(row.status);
            if (row.message) expect(o.message).toMatch(row.message);
            row.then?.(o);
          } finally {
            await close?.();
          }
        },
        timeout + 30_000,
      );
    }
  });
}
