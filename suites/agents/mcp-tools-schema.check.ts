// mcp.tools-schema — tools/list validates against the MCP schema of the negotiated version; every
// tool's inputSchema (and outputSchema) compiles as JSON Schema with ajv and is an object schema; the
// examples a schema carries validate against it.

import { defineCheck } from '../../runners/core/check.ts';
import { compileToolSchema } from './lib/schemas.ts';
import { listTools, resultErrors, withSession } from './lib/mcp.ts';

export default defineCheck({
  id: 'mcp.tools-schema',
  title: "Every MCP tool schema compiles and validates the server's own examples",
  needs: ['mcp'],
  async run(ctx) {
    return withSession(ctx, async (s) => {
      if (!s.initResult?.capabilities?.tools) return { status: 'not_applicable', message: 'the server declares no tools capability' };
      const { tools, pages } = await listTools(s);
      const problems: string[] = [];
      pages.forEach((p, i) => {
        const e = resultErrors(s.protocolVersion!, 'ListToolsResult', p);
        if (e) problems.push(`tools/list page ${i + 1}: ${e}`);
      });
      const names = new Set<string>();
      let examples = 0;
      for (const t of tools) {
        if (names.has(t.name)) problems.push(`tool name ${t.name} is listed twice`);
        names.add(t.name);
        for (const kind of ['inputSchema', 'outputSchema'] as const) {
          const schema = t[kind];
          if (schema === undefined) {
            if (kind === 'inputSchema') problems.push(`${t.name}: no inputSchema`);
            continue;
          }
          if (schema?.type !== 'object') problems.push(`${t.name}.${kind}: type is ${JSON.stringify(schema?.type)}, not "object"`);
          const { validate, error } = compileToolSchema(schema);
          if (!validate) {
            problems.push(`${t.name}.${kind} does not compile: ${error}`);
            continue;
          }
          for (const [i, ex] of (Array.isArray(schema.examples) ? schema.examples : []).entries()) {
            examples++;
            if (!validate(ex))
              problems.push(
                `${t.name}.${kind}.examples[${i}] does not validate: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
              );
          }
        }
      }
      const observed = {
        version: s.protocolVersion,
        tools: tools.map((t) => t.name),
        with_output_schema: tools.filter((t) => t.outputSchema).length,
        examples_checked: examples,
        problems: problems.slice(0, 30),
      };
      if (tools.length === 0) return { status: 'fail', message: 'the server declares tools but lists none', observed };
      return problems.length
        ? { status: 'fail', message: `${problems.length} schema problem(s): ${problems.slice(0, 3).join('; ')}`, observed }
        : { status: 'pass', message: `${tools.length} tools: every schema compiles; ${examples} example(s) validate`, observed };
    });
  },
});
