import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UNPINNED_WARNING, verifyBundle, verifyText } from '../../../reports/sign/verify.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  dir: string;
  pubkey?: string;
  json?: boolean;
  catalog?: string;
  'allow-unpinned'?: boolean;
}

const command: CommandModule<object, Args> = {
  command: 'verify <dir>',
  describe: 'Verify a report bundle: hashes, signature, schemas, and every score and level recomputed from the outcomes',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true })
      .option('pubkey', { type: 'string', describe: "the signer's public key (PEM); without it the key in manifest.sig is used" })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON' })
      .option('catalog', { type: 'string', describe: 'edition folder to check the expected clause set against (R8)' })
      .option('allow-unpinned', {
        type: 'boolean',
        default: false,
        describe: 'without --pubkey: exit 0 when the bundle is consistent, though the signer is not authenticated',
      }),
  handler: (args) => {
    if (!fs.existsSync(args.dir) || !fs.statSync(args.dir).isDirectory()) throw new ExitError(EXIT.INPUT, `${args.dir}: not a folder`);
    if (args.pubkey && !fs.existsSync(args.pubkey)) throw new ExitError(EXIT.INPUT, `${args.pubkey}: no such key file`);
    const r = verifyBundle(args.dir, { pubkey: args.pubkey, catalogDir: args.catalog });
    process.stdout.write(args.json ? JSON.stringify(r, null, 2) + '\n' : verifyText(r));
    if (!r.ok) process.exitCode = EXIT.FAILED;
    else if (r.unpinned) {
      // A signature checked against the key the bundle carries proves nothing about who signed it.
      process.stderr.write(`warning: ${UNPINNED_WARNING}\n`);
      if (!args['allow-unpinned']) {
        process.stderr.write('verify: exit 1 because the signer is not authenticated (pass --pubkey, or --allow-unpinned to accept that)\n');
        process.exitCode = EXIT.FAILED;
      }
    }
  },
};

export default command;
