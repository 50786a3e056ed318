// Evidence vs probe: the tools the registry declares against what the MCP server lists (tools/list over
// raw JSON-RPC). A tool served but not registered has no owner, scope or audit on record; a tool
// registered but not served means the registry describes another system. Either is a finding. The target
// descriptor's `declared.mcp_tools` (what the vendor told the evaluator) must be served as well.

import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { isResult, listTools, openSession } from './lib/mcp.ts';
import { readRegistry } from './lib/registry.ts';

export default defineCheck({
  id: 'evidence.cross-mcp-tools',
  title: 'Registered MCP tools match tools/list',
  needs: ['evidence', 'mcp'],
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const declared = new Set((await readRegistry(ctx)).map((t) => String(t.row.tool).trim()));
      const s = await openSession(ctx);
      if (isResult(s)) return s;
      let served: Set<string>;
      try {
        served = new Set((await listTools(s)).tools.map((t) => t.name));
      } catch (e) {
        return { status: 'error', message: `could not list the MCP server's tools: ${(e as Error).message}` };
      } finally {
        await s.close().catch(() => {});
      }
      const unregistered = [...served].filter((t) => !declared.has(t)).sort();
      const notServed = [...declared].filter((t) => !served.has(t)).sort();
      const targetDeclared = ctx.target.declared?.mcp_tools ?? [];
      const declaredNotServed = targetDeclared.filter((t) => !served.has(t)).sort();
      const observed = {
        registered: [...declared].sort(),
        served: [...served].sort(),
        unregistered,
        not_served: notServed,
        target_declared: targetDeclared,
        target_declared_not_served: declaredNotServed,
      };
      if (unregistered.length || notServed.length || declaredNotServed.length) {
        const parts = [
          ...(unregistered.length ? [`served by tools/list but not in the registry: ${unregistered.join(', ')}`] : []),
          ...(notServed.length ? [`in the registry but not served: ${notServed.join(', ')}`] : []),
          ...(declaredNotServed.length ? [`declared in the target (declared.mcp_tools) but not served: ${declaredNotServed.join(', ')}`] : []),
        ];
        return { status: 'fail', message: `evidence and probe disagree: ${parts.join('; ')}`, observed };
      }
      return { status: 'pass', message: `the ${served.size} tools served are exactly the ones registered`, observed };
    }),
});
