/** `npm run schema`: writes schema/schema.graphql from the code; `--check` fails when it is stale. */
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { createSchema } from '../schema';
import { createRealtimeBus } from '../realtime/pubsub';
import { createLogger } from '../logger';
import { runScript } from './shared';

const FILE = path.resolve('schema/schema.graphql');

runScript(
  'schema',
  async () => {
    const bus = await createRealtimeBus(undefined, createLogger('silent'));
    const printed = `${printSchema(await createSchema(bus.pubsub))}\n`;
    if (process.argv.includes('--check')) {
      const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
      if (current !== printed) throw new Error('schema/schema.graphql is stale: run `npm run schema` and commit it');
      console.log('schema/schema.graphql is up to date');
      return;
    }
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, printed);
    console.log(`wrote ${path.relative(process.cwd(), FILE)}`);
  },
  { withDatabase: false },
);
