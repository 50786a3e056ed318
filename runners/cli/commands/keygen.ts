import type { CommandModule } from 'yargs';
import { generateKeys } from '../../../reports/sign/keys.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  out: string;
}

const command: CommandModule<object, Args> = {
  command: 'keygen',
  describe: 'Generate an Ed25519 key pair for signing report bundles (PREFIX.key, mode 600, and PREFIX.pub)',
  builder: (y) => y.option('out', { type: 'string', default: 'govllm-signing', describe: 'file prefix' }),
  handler: (args) => {
    try {
      const k = generateKeys(args.out);
      process.stdout.write(`private key: ${k.privateKeyFile} (keep it secret)\npublic key:  ${k.publicKeyFile}\nkey id:      ${k.keyId}\n`);
    } catch (e) {
      throw new ExitError(EXIT.INPUT, `keygen: ${(e as Error).message}`);
    }
  },
};

export default command;
