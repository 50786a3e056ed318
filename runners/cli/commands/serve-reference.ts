import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { DEFECTS } from '../../../fixtures/reference/defects/index.ts';
import { startReference } from '../../../fixtures/reference/server.ts';
import { EXIT, ExitError } from '../main.ts';

interface Args {
  defects?: string;
  port: number;
  'list-defects'?: boolean;
  json?: boolean;
  'write-target'?: string;
  dialect?: 'a' | 'b';
}

const command: CommandModule<object, Args> = {
  command: 'serve-reference',
  describe: 'Serve the reference government LLM deployment (127.0.0.1 only), optionally with defects switched on',
  builder: (y) =>
    y
      .option('defects', { type: 'string', describe: 'comma-separated defect ids to switch on' })
      .option('port', { type: 'number', default: 0, describe: 'port on 127.0.0.1 (0 = a free one)' })
      .option('list-defects', { type: 'boolean', describe: 'list the defects and the clauses each must break, then exit' })
      .option('json', { type: 'boolean', describe: 'with --list-defects: print JSON' })
      .option('write-target', { type: 'string', describe: 'write the target descriptor for this instance to FILE' })
      .option('dialect', {
        choices: ['a', 'b'] as const,
        default: 'a' as const,
        describe: "how the deployment spells its API (b: another vendor's model ids, fields, headers, error bodies, wording, metric families and MCP tools)",
      })
      .example('govllm serve-reference --list-defects', 'what can be switched on')
      .example('govllm serve-reference --defects no-auth --write-target /tmp/ref.target.yaml', 'serve a defective deployment')
      .example('govllm serve-reference --dialect b', "serve it spelled as another vendor's API"),
  handler: async (args) => {
    if (args['list-defects']) {
      if (args.json) process.stdout.write(JSON.stringify(DEFECTS, null, 2) + '\n');
      else
        for (const d of DEFECTS) {
          process.stdout.write(
            `${d.id.padEnd(28)} ${d.domain.padEnd(15)} ${d.title.zh} / ${d.title.en}\n${''.padEnd(44)}breaks: ${d.breaks.join(', ') || '(none declared)'}\n`,
          );
        }
      return;
    }
    const defects = (args.defects ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    let ref;
    try {
      ref = await startReference({ defects, port: args.port, dialect: args.dialect });
    } catch (e) {
      throw new ExitError(EXIT.INPUT, `error: ${(e as Error).message}`);
    }
    const target = { $schema: 'target.schema.json', ...ref.target };
    if (args['write-target']) fs.writeFileSync(args['write-target'], stringify(target));
    process.stdout.write(
      `reference deployment${args.dialect === 'b' ? ' (dialect b)' : ''} listening on ${ref.baseUrl}${defects.length ? ` with defects: ${defects.join(', ')}` : ''}\n`,
    );
    process.stdout.write(`# keys for this instance (random per start; fixture keys, not secrets of anyone):\n`);
    for (const [k, v] of Object.entries(ref.env)) process.stdout.write(`export ${k}=${v}\n`);
    if (!args['write-target']) process.stdout.write(`# target descriptor:\n${stringify(target)}`);
    process.stdout.write('Press Ctrl-C to stop.\n');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await ref.close();
  },
};

export default command;
