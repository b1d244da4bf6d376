/**
 * The co-typing peer: Hocuspocus 3 (`@hocuspocus/server`) as a child process,
 * set up as a deployment beside the hub's database would be: a token checked
 * per connection (`onAuthenticate`: the hub's HS256 JWT, with jose), a
 * document loaded from PostgreSQL when first opened (`onLoadDocument`: its
 * stored state, else the waiver section's `body` as the Y.Text `body`), and
 * stored back debounced (`onStoreDocument`, Hocuspocus's defaults: 2 s after
 * the last change, at most 10 s apart) into a table of its own
 * (`bench_hocuspocus_documents`, the document's whole state as one update,
 * as @hocuspocus/extension-database stores it). No access rules beyond the
 * token: every authenticated person may read and write every document.
 *
 * IPC: reports its port (`ready`), answers `cpu`, `rss`, `memory` (after a
 * full GC with --expose-gc), `text` (a document's text now), `stop`.
 */
import { Server } from '@hocuspocus/server';
import { jwtVerify } from 'jose';
import pg from 'pg';
import * as Y from 'yjs';
import { profilingMessages } from './child-profiling';

async function run() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  await pool.query(
    'create table if not exists bench_hocuspocus_documents (name text primary key, state bytea not null, updated_at timestamptz not null default now())',
  );
  const key = new TextEncoder().encode(process.env.JWT_SECRET);
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    async onAuthenticate({ token }) {
      await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] });
    },
    async onLoadDocument({ document, documentName }) {
      const stored = await pool.query<{ state: Buffer }>('select state from bench_hocuspocus_documents where name = $1', [documentName]);
      if (stored.rows[0]) {
        Y.applyUpdate(document, new Uint8Array(stored.rows[0].state));
        return document;
      }
      const section = await pool.query<{ body: string }>('select body from waiver_sections where id::text = $1', [documentName]);
      if (section.rows[0]?.body) document.getText('body').insert(0, section.rows[0].body);
      return document;
    },
    async onStoreDocument({ document, documentName }) {
      await pool.query(
        `insert into bench_hocuspocus_documents (name, state) values ($1, $2)
         on conflict (name) do update set state = excluded.state, updated_at = now()`,
        [documentName, Buffer.from(Y.encodeStateAsUpdate(document))],
      );
    },
  });
  await server.listen();
  const profiling = profilingMessages('hocuspocus');
  process.on('message', async (message: { type: string; name?: string }) => {
    if (await profiling(message)) return;
    if (message.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
    if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
    if (message.type === 'text') {
      const document = server.hocuspocus.documents.get(message.name ?? '');
      process.send?.({ type: 'text', text: document ? document.getText('body').toString() : null });
    }
    if (message.type === 'stop') {
      await server.destroy().catch(() => undefined);
      await pool.end().catch(() => undefined);
      process.exit(0);
    }
  });
  process.send?.({ type: 'ready', port: server.address.port });
}

run().catch((error: unknown) => {
  console.error('[hocuspocus]', error);
  process.exit(1);
});
