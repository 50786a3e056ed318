import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { probeTarget, formatProbe } from '../../probe/probe.ts';
import { loadTargetFile } from './run.ts';

interface Args {
  target: string;
  write?: string;
}

const command: CommandModule<object, Args> = {
  command: 'probe',
  describe:
    'Look at a deployment and print what the checks will find (models and windows, AI label, citations, metric families, MCP tools, A2A bindings); --write a suggested descriptor. No verdicts',
  builder: (y) =>
    y
      .option('target', { type: 'string', demandOption: true, describe: 'target descriptor (v1 or v2): endpoints and key variable names' })
      .option('write', { type: 'string', describe: 'write the suggested version-2 descriptor to FILE (its relative paths re-anchored to the folder of FILE)' })
      .example('govllm probe --target vendor.target.yaml --write vendor.v2.target.yaml', 'probe, then write what was found'),
  handler: async (args) => {
    const t = loadTargetFile(args.target);
    const r = await probeTarget(t.target, t.env);
    process.stdout.write(formatProbe(r));
    if (args.write) {
      // Paths in a descriptor are relative to its own folder: re-anchor them to the written file's folder.
      const rebase = (p: string | undefined) =>
        p === undefined || path.isAbsolute(p) ? p : path.relative(path.dirname(path.resolve(args.write!)), path.resolve(t.targetDir, p)) || '.';
      if (r.suggested.evidence) r.suggested.evidence = rebase(r.suggested.evidence);
      if (r.suggested.endpoints.knowledge?.gold_set) r.suggested.endpoints.knowledge.gold_set = rebase(r.suggested.endpoints.knowledge.gold_set);
      fs.writeFileSync(
        args.write,
        `# Suggested by \`govllm probe\` from ${args.target}: review before use.\n${stringify({ $schema: 'target.schema.json', ...r.suggested })}`,
      );
      process.stdout.write(`suggested descriptor: ${args.write}\n`);
    }
  },
};

export default command;
