// mcp.resources-prompts — where the server declares the resources or prompts capability, resources/list
// and prompts/list answer with results that validate; the first resource reads and the first prompt
// gets (required arguments filled with a placeholder), validated too.

import { defineCheck } from '../../runners/core/check.ts';
import { resultErrors, withSession } from './lib/mcp.ts';

export default defineCheck({
  id: 'mcp.resources-prompts',
  title: 'MCP resources/list and prompts/list where declared',
  needs: ['mcp'],
  async run(ctx) {
    return withSession(ctx, async (s) => {
      const caps = s.initResult?.capabilities ?? {};
      if (!caps.resources && !caps.prompts) return { status: 'not_applicable', message: 'the server declares neither resources nor prompts' };
      const v = s.protocolVersion!;
      const problems: string[] = [];
      const observed: Record<string, unknown> = { version: v, declared: Object.keys(caps) };
      const step = async (method: string, params: unknown, def: string) => {
        const c = await s.request(method, params);
        if (!c.msg?.result) {
          problems.push(`${method}: ${c.msg?.error ? `error ${c.msg.error.code} ${c.msg.error.message}` : `no result (HTTP ${c.res.status})`}`);
          return undefined;
        }
        const e = resultErrors(v, def, c.msg.result);
        if (e) problems.push(`${method}: ${e}`);
        return c.msg.result;
      };
      if (caps.resources) {
        const list = await step('resources/list', {}, 'ListResourcesResult');
        const resources = list?.resources ?? [];
        observed.resources = resources.map((r: { uri: string }) => r.uri).slice(0, 20);
        if (resources[0]) {
          const read = await step('resources/read', { uri: resources[0].uri }, 'ReadResourceResult');
          if (read && !(read.contents?.length > 0)) problems.push(`resources/read ${resources[0].uri}: no contents`);
        }
      }
      if (caps.prompts) {
        const list = await step('prompts/list', {}, 'ListPromptsResult');
        const prompts = list?.prompts ?? [];
        observed.prompts = prompts.map((p: { name: string }) => p.name).slice(0, 20);
        if (prompts[0]) {
          const args: Record<string, string> = {};
          for (const a of prompts[0].arguments ?? []) if (a.required) args[a.name] = 'test';
          const got = await step('prompts/get', { name: prompts[0].name, arguments: args }, 'GetPromptResult');
          if (got && !Array.isArray(got.messages)) problems.push(`prompts/get ${prompts[0].name}: no messages`);
        }
      }
      return problems.length
        ? { status: 'fail', message: problems.slice(0, 4).join('; '), observed }
        : {
            status: 'pass',
            message: `declared ${Object.keys(caps)
              .filter((k) => k === 'resources' || k === 'prompts')
              .join(' and ')} list, read and validate`,
            observed,
          };
    });
  },
});
