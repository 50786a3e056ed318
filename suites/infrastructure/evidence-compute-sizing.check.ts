// 专栏1: from the declared models and the hardware inventory, the memory each deployed model needs, the
// cards that need means, and the redundancy the installed cards leave. Below the clause's redundancy the
// deployment is undersized for the peaks and isolation the guide names.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, fileOfKind } from '../../runners/evidence/use.ts';
import { readModelConfig } from './lib/model-config.ts';
import { cardsNeeded, redundancy, round2, vramNeed } from './lib/sizing.ts';

interface Params {
  min_redundancy: number;
  activation_factor: number;
  overhead_gb: number;
}

export default defineCheck<Params>({
  id: 'evidence.compute-sizing',
  title: '专栏1 memory sizing: cards needed and redundancy left, per deployed model',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      min_redundancy: { type: 'number', minimum: 0, default: 0.2, description: 'Memory installed beyond the need, relative to the need (0.2 = 20 %)' },
      activation_factor: { type: 'number', minimum: 0, default: 0.25 },
      overhead_gb: { type: 'number', minimum: 0, default: 1 },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const minRedundancy = ctx.params.min_redundancy ?? 0.2;
      const factors = { activation_factor: ctx.params.activation_factor ?? 0.25, overhead_gb: ctx.params.overhead_gb ?? 1 };
      const config = readModelConfig(ctx);
      const inv = fileOfKind(ctx, 'hardware-inventory');
      const pools = new Map<string, { cards: number; installed_gb: number; smallest_gb: number }>();
      await readCsv(inv.path, {
        schema: 'evidence/hardware-inventory.schema.json',
        signal: ctx.signal,
        onRow: (r) => {
          const model = String(r.model ?? '').trim();
          if (!model) return; // spares serve no model
          const p = pools.get(model) ?? { cards: 0, installed_gb: 0, smallest_gb: Infinity };
          const cards = r.cards as number;
          const mem = r.memory_gb as number;
          p.cards += cards;
          p.installed_gb += cards * mem;
          if (cards > 0) p.smallest_gb = Math.min(p.smallest_gb, mem);
          pools.set(model, p);
        },
      });
      const deployed = config.models.filter((m) => m.deployed);
      if (deployed.length === 0) return { status: 'fail', message: 'the model configuration declares no deployed model, so nothing can be sized' };
      const perModel: Record<string, unknown>[] = [];
      const problems: string[] = [];
      for (const m of deployed) {
        const need = vramNeed(m, factors);
        const pool = pools.get(m.name);
        const row: Record<string, unknown> = {
          model: m.name,
          weights_gb: round2(need.weights_gb),
          activations_gb: round2(need.activations_gb),
          output_cache_gb: round2(need.output_cache_gb),
          overhead_gb: need.overhead_gb,
          total_gb: round2(need.total_gb),
        };
        if (!pool || pool.cards === 0) {
          problems.push(`${m.name}: no cards in the hardware inventory serve it (needs ${round2(need.total_gb)} GB)`);
          perModel.push({ ...row, cards: 0 });
          continue;
        }
        const r = redundancy(pool.installed_gb, need.total_gb);
        Object.assign(row, {
          cards: pool.cards,
          installed_gb: pool.installed_gb,
          cards_needed: cardsNeeded(need.total_gb, pool.smallest_gb),
          redundancy: Math.round(r * 10000) / 10000,
        });
        perModel.push(row);
        if (r < 0)
          problems.push(
            `${m.name}: ${pool.installed_gb} GB installed on ${pool.cards} cards, less than the ${round2(need.total_gb)} GB it needs (${row.cards_needed} cards)`,
          );
        else if (r < minRedundancy)
          problems.push(
            `${m.name}: ${pool.cards} cards (${pool.installed_gb} GB) leave ${(r * 100).toFixed(1)} % over the ${round2(need.total_gb)} GB need, below ${(minRedundancy * 100).toFixed(0)} %`,
          );
      }
      const unknown = [...pools.keys()].filter((k) => !deployed.some((m) => m.name === k));
      const observed = { models: perModel, ...(unknown.length ? { cards_for_undeclared_models: unknown } : {}) };
      const expected = { min_redundancy: minRedundancy, ...factors };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return {
        status: 'pass',
        message: perModel
          .map(
            (p) =>
              `${p.model}: needs ${p.total_gb} GB (${p.cards_needed} cards), ${p.cards} cards installed, redundancy ${((p.redundancy as number) * 100).toFixed(1)} %`,
          )
          .join('; '),
        observed,
        expected,
      };
    }),
});
