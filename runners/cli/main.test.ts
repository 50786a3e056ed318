import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../load/documents.ts';

const BIN = path.join(ROOT, 'runners/bin/govllm.mjs');
const COMMANDS = fs
  .readdirSync(path.join(ROOT, 'runners/cli/commands'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

function govllm(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

// Start-up loads only the command being run (from the index `npm run build` writes) and runs the compiled code
// when it is fresh; tsx (GOVLLM_TSX=1, or no build) must offer exactly the same commands.
describe('govllm entry point', () => {
  for (const mode of ['as built (compiled when a fresh build exists)', 'through tsx']) {
    it(`--help lists every command module, ${mode}`, () => {
      const r = govllm(['--help'], mode.startsWith('through') ? { GOVLLM_TSX: '1' } : {});
      expect(r.status, r.stderr).toBe(0);
      for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`govllm ${c}\\b`));
    });
  }

  it('a command still gets its own options and validation when the others are only indexed', () => {
    const help = govllm(['list', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--domain');
    const bad = govllm(['list', 'nonsense']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Invalid values|Choices/);
  });

  it('starts node with the V8 flags of runners/bin/node-flags.json however it is started: as the executable npm links, and by npm start / npm run govllm', () => {
    const flags = JSON.parse(fs.readFileSync(path.join(ROOT, 'runners/bin/node-flags.json'), 'utf8')) as string[];
    expect(flags.length).toBeGreaterThan(0);
    const shebang = fs.readFileSync(BIN, 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${flags.join(' ')}`);
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'govllm']) expect(scripts[name]).toMatch(new RegExp(`^node ${flags.join(' ')} runners/bin/govllm\\.mjs`));
    // The shebang works on this system (env -S): the executable runs as it is.
    const r = spawnSync(BIN, ['--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command is a usage error (exit 2), not a crash', () => {
    const r = govllm(['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument|Unknown command/i);
  });
});
