// 多渠道发布: the service is published on the required channels (API, Web, 窗口终端), each labelled as
// GB 45438 asks — an explicit label where people read the answer, an implicit marker on the API.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  required_channels: string[];
  explicit_for?: string[];
  implicit_for?: string[];
}

const CHANNELS = ['api', 'web', 'window-terminal', 'mobile', 'other'];

export default defineCheck<Params>({
  id: 'evidence.channels',
  title: 'Channels published (API, Web, 窗口终端) with AI-content labelling',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['required_channels'],
    properties: {
      required_channels: { type: 'array', minItems: 1, items: { enum: CHANNELS } },
      explicit_for: {
        type: 'array',
        items: { enum: CHANNELS },
        default: ['web', 'window-terminal', 'mobile'],
        description: 'Channels that must show the explicit label',
      },
      implicit_for: { type: 'array', items: { enum: CHANNELS }, default: ['api'], description: 'Channels that must carry the implicit marker' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const explicitFor = ctx.params.explicit_for ?? ['web', 'window-terminal', 'mobile'];
      const implicitFor = ctx.params.implicit_for ?? ['api'];
      const seen = new Map<string, string[]>();
      const problems: string[] = [];
      for (const f of filesOfKind(ctx, 'channels')) {
        await readCsv(f.path, {
          schema: 'evidence/channels.schema.json',
          signal: ctx.signal,
          onRow: (r, row) => {
            const ch = String(r.channel);
            seen.set(ch, [...(seen.get(ch) ?? []), String(r.name)]);
            if (explicitFor.includes(ch) && r.explicit_label !== true)
              problems.push(`${r.name} (${ch}, ${f.file} row ${row}) shows no explicit AI-generated label`);
            if (implicitFor.includes(ch) && r.implicit_label !== true) problems.push(`${r.name} (${ch}, ${f.file} row ${row}) carries no implicit marker`);
          },
        });
      }
      const missing = ctx.params.required_channels.filter((c) => !seen.has(c));
      if (missing.length) problems.unshift(`not published on ${missing.join(', ')}`);
      const observed = { channels: Object.fromEntries(seen) };
      const expected = { required_channels: ctx.params.required_channels, explicit_for: explicitFor, implicit_for: implicitFor };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return { status: 'pass', message: `published on ${[...seen.keys()].join(', ')}, each labelled`, observed, expected };
    }),
});
