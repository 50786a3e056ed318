// Agent and tool registry: each MCP tool an agent can call has an owner, a permission scope, and its calls
// audited — the basis for 智能体权限管控 and for tracing what an agent did.

import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { readRegistry } from './lib/registry.ts';

export default defineCheck({
  id: 'evidence.agent-registry',
  title: 'Agent/tool registry: each MCP tool with owner, permission scope and audit',
  needs: ['evidence'],
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const tools = await readRegistry(ctx);
      const problems: string[] = [];
      for (const t of tools) {
        const gaps = [
          ...(String(t.row.owner ?? '').trim() ? [] : ['no owner']),
          ...(String(t.row.permission_scope ?? '').trim() ? [] : ['no permission scope']),
          ...(t.row.audit === true ? [] : ['calls not audited']),
        ];
        if (gaps.length) problems.push(`${t.row.tool} (${t.file} row ${t.line}): ${gaps.join(', ')}`);
      }
      const observed = { tools: tools.map((t) => t.row.tool), incomplete: problems.length };
      if (tools.length === 0) return { status: 'fail', message: 'the registry lists no tool', observed };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed };
      return { status: 'pass', message: `${tools.length} tools registered, each with owner, permission scope and audit`, observed };
    }),
});
