import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { signBundle } from '../../../reports/sign/keys.ts';
import { MANIFEST_FILE } from '../../../reports/sign/manifest.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  dir: string;
  key: string;
}

const command: CommandModule<object, Args> = {
  command: 'sign <dir>',
  describe: 'Sign a report bundle: an Ed25519 signature over its manifest.json, written to manifest.sig',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the report folder (holding manifest.json)' })
      .option('key', { type: 'string', demandOption: true, describe: 'private key from `govllm keygen` (PEM)' }),
  handler: (args) => {
    if (!fs.existsSync(path.join(args.dir, MANIFEST_FILE))) throw new ExitError(EXIT.INPUT, `${args.dir}: no ${MANIFEST_FILE}; run \`govllm report\` first`);
    if (!fs.existsSync(args.key)) throw new ExitError(EXIT.INPUT, `${args.key}: no such key file`);
    try {
      const sig = signBundle(args.dir, fs.readFileSync(args.key, 'utf8'));
      process.stdout.write(`${path.join(args.dir, 'manifest.sig')}: signed manifest ${sig.manifest_sha256.slice(0, 16)}… with key ${sig.key_id}\n`);
    } catch (e) {
      throw new ExitError(EXIT.INPUT, `sign: ${(e as Error).message}`);
    }
  },
};

export default command;
