// Bench check: a probe bank streamed from CSV (csv-parse), one chat request per row, at most `in_flight`
// rows outstanding (the endpoint limiter bounds real concurrency). Only counters are kept per row, so memory
// does not grow with the bank; the transcript ids are the only per-row state the outcome keeps.
import fs from 'node:fs';
import { parse } from 'csv-parse';

export default {
  id: 'bench.bank',
  title: 'bench: a CSV probe bank',
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['bank'],
    additionalProperties: false,
    properties: { bank: { type: 'string' }, in_flight: { type: 'integer', minimum: 1 } },
  },
  async run(ctx: any) {
    const limit = ctx.params.in_flight ?? 64;
    let inFlight = 0;
    let rows = 0;
    let echoed = 0;
    let wake: (() => void) | undefined;
    let failure: unknown;
    const parser = fs.createReadStream(ctx.params.bank).pipe(parse({ columns: true, bom: true }));
    for await (const row of parser as AsyncIterable<{ id: string; prompt: string }>) {
      if (failure) break;
      while (inFlight >= limit) await new Promise<void>((r) => (wake = r));
      inFlight++;
      rows++;
      ctx.http.chat
        .request({ path: 'chat/completions', body: { model: ctx.target.endpoints.chat.model, messages: [{ role: 'user', content: row.prompt }] } })
        .then(
          (r: any) => {
            if (String(r.json().choices?.[0]?.message?.content ?? '').includes(row.prompt)) echoed++;
          },
          (e: unknown) => (failure ??= e),
        )
        .finally(() => {
          inFlight--;
          const w = wake;
          wake = undefined;
          w?.();
        });
    }
    while (inFlight > 0) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    return { status: echoed === rows ? 'pass' : 'fail', message: `${echoed}/${rows} echoed`, observed: { rows, echoed } };
  },
};
