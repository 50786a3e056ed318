// Evidence vs probe: the deployed models of the model configuration against GET /v1/models. A model
// served but not declared was never sized, evaluated or filed on paper; a declared one that is not
// served means the evidence describes another deployment. Either is a finding.

import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { readModelConfig } from './lib/model-config.ts';

export default defineCheck({
  id: 'evidence.cross-models',
  title: 'Declared deployed models match /v1/models',
  needs: ['evidence', 'chat'],
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const declared = new Set(
        readModelConfig(ctx)
          .models.filter((m) => m.deployed)
          .map((m) => m.name),
      );
      const res = await ctx.http.chat!.request({ path: 'models' });
      if (res.status !== 200) return { status: 'error', message: `GET /v1/models answered HTTP ${res.status}; the served models cannot be compared` };
      let served: Set<string>;
      try {
        const data = (res.json() as { data?: { id?: unknown }[] }).data;
        if (!Array.isArray(data)) throw new Error('no "data" array');
        served = new Set(data.map((m) => String(m.id)));
      } catch (e) {
        return { status: 'error', message: `GET /v1/models did not return a model list: ${(e as Error).message}` };
      }
      const undeclared = [...served].filter((m) => !declared.has(m)).sort();
      const notServed = [...declared].filter((m) => !served.has(m)).sort();
      const observed = { declared: [...declared].sort(), served: [...served].sort(), undeclared, not_served: notServed };
      if (undeclared.length || notServed.length) {
        const parts = [
          ...(undeclared.length ? [`served but not declared: ${undeclared.join(', ')}`] : []),
          ...(notServed.length ? [`declared deployed but not served: ${notServed.join(', ')}`] : []),
        ];
        return { status: 'fail', message: `evidence and /v1/models disagree: ${parts.join('; ')}`, observed };
      }
      return { status: 'pass', message: `/v1/models serves exactly the ${served.size} declared models`, observed };
    }),
});
