/** A plain pg client on the run's test database, for tests that build data or read rows around the hub: connected before the file's tests, ended after. */
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export function usePgClient(): { readonly client: pg.Client } {
  let client: pg.Client | undefined;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });
  return {
    get client(): pg.Client {
      if (!client) throw new Error('usePgClient: the client connects in beforeAll');
      return client;
    },
  };
}
