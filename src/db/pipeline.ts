/**
 * Several statements in one round trip to PostgreSQL, and a transaction's
 * BEGIN sent with its first statement.
 *
 * `pg` sends a statement only once the one before it has answered, so a
 * write that locks a row and then reads under that lock pays a round trip
 * for each: a network round trip when PostgreSQL is not on the same machine.
 * The hub sends what does not depend on an earlier answer together, with the
 * extended protocol's pipelining: Parse (once per connection for a named
 * statement), Bind, Describe and Execute for each statement, then one Sync.
 * (On loopback it saves system calls, not measurable CPU: README,
 * "Performance, 2026-12-08".)
 *
 * PostgreSQL still runs them one after another, and in READ COMMITTED each
 * takes its snapshot when it starts: a read sent after a lock runs once the
 * lock is held and sees every change committed before it was granted, as it
 * would in a round trip of its own. When one fails, PostgreSQL skips the rest
 * (up to the Sync), the transaction is aborted, and the caller gets the
 * error.
 *
 * `deferBegin` does the same for knex's `BEGIN;`: it is answered at once and
 * sent in front of the transaction's first statement (and never sent at all
 * when the transaction ends before running one).
 */
import pg from 'pg';

/** One statement of a pipeline: `$n` placeholders, and a name to run it prepared under (prepared-statements.ts). */
export interface PipelinedStatement {
  text: string;
  values: readonly unknown[];
  name?: string;
}

export interface StatementResult {
  rows: unknown[];
  rowCount: number | null;
  command: string;
}

/** The parts of `pg`'s connection (its wire protocol) a pipeline writes to and listens on. */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: readonly unknown[]; valueMapper: unknown }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  on(event: 'parseComplete', listener: () => void): void;
  once(event: 'readyForQuery', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
}

interface RowBuilder extends StatementResult {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(message: unknown): void;
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue: unknown } }).utils;
const ResultOf = pg.Result as unknown as new (rowMode?: string, types?: unknown) => RowBuilder;

const BEGIN: PipelinedStatement = { text: 'begin', values: [] };

/**
 * A `pg` "submittable" (as pg-cursor is): handed to `client.query`, it writes
 * its statements when the connection is free and collects each one's rows.
 */
export class Pipeline {
  private readonly results: RowBuilder[];
  private index = 0;
  /** Leading results not answered (a BEGIN put in front). */
  private skip = 0;
  private failed: Error | null = null;
  private settled = false;

  /** `types`: the client's type parsers (`pg` gives its own queries the client's, else the global ones). */
  constructor(
    private readonly statements: PipelinedStatement[],
    private readonly done: (error: Error | null, results: StatementResult[]) => void,
    private readonly types?: unknown,
  ) {
    this.results = statements.map(() => new ResultOf(undefined, types));
  }

  /** Puts a BEGIN in front (deferBegin): its result is not among those answered. */
  beginFirst(): void {
    this.statements.unshift(BEGIN);
    this.results.unshift(new ResultOf(undefined, this.types));
    this.skip = 1;
  }

  submit(connection: WireConnection): void {
    const parsed = connection.parsedStatements;
    const parses: PipelinedStatement[] = [];
    const parsing = new Set<string>();
    connection.stream.cork?.();
    try {
      for (const statement of this.statements) {
        const name = statement.name ?? '';
        if (!name || (parsed[name] === undefined && !parsing.has(name))) {
          connection.parse({ text: statement.text, name, types: [] });
          parses.push(statement);
          if (name) parsing.add(name);
        }
        connection.bind({ portal: '', statement: name, values: statement.values, valueMapper: prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    // `pg` records a parse only for its own named queries: this pipeline's are recorded as they complete, so that a
    // statement parsed before a failure is known prepared, and one after it is parsed again next time.
    let completed = 0;
    const onParse = () => {
      const statement = parses[completed++];
      if (statement?.name) parsed[statement.name] = statement.text;
    };
    connection.on('parseComplete', onParse);
    connection.once('readyForQuery', () => connection.removeListener('parseComplete', onParse));
  }

  handleRowDescription(message: { fields: unknown[] }): void {
    this.results[this.index].addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown[] }): void {
    if (this.failed) return;
    const result = this.results[this.index];
    try {
      result.addRow(result.parseRow(message.fields));
    } catch (error) {
      this.failed = error as Error;
    }
  }

  handleCommandComplete(message: unknown): void {
    this.results[this.index++].addCommandComplete(message);
  }

  handleEmptyQuery(): void {
    this.index++;
  }

  /** `pg` calls this instead of handleReadyForQuery when PostgreSQL refused a statement. */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(this.failed);
  }

  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData(): void {}

  handlePortalSuspended(): void {}

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.done(error, error ? [] : this.results.slice(this.skip));
  }
}

/** The part of a `pg` client that `runPipeline` and `deferBegin` use. */
export interface PipelineClient {
  query(...args: unknown[]): unknown;
  /** `pg`'s type parsers of this client. */
  _types?: unknown;
}

/** Runs `statements` in one round trip on `client` (which the caller holds): each one's result, in order. */
export function runPipeline(client: PipelineClient, statements: PipelinedStatement[]): Promise<StatementResult[]> {
  return pipelined((pipeline) => client.query(pipeline), statements, client._types);
}

function pipelined(submit: (pipeline: Pipeline) => unknown, statements: PipelinedStatement[], types: unknown): Promise<StatementResult[]> {
  return new Promise((resolve, reject) => {
    submit(new Pipeline(statements, (error, results) => (error ? reject(error) : resolve(results)), types));
  });
}

type Callback = (error: Error | null, result?: StatementResult) => void;

const deferred = new WeakSet<object>();

/**
 * Makes `client` hold back knex's `BEGIN;` until the transaction's first
 * statement, and send both in one round trip (see the module comment). A
 * COMMIT or ROLLBACK with the BEGIN still held back ends a transaction that
 * ran nothing: neither is sent. Idempotent.
 */
export function deferBegin(client: PipelineClient): void {
  if (deferred.has(client)) return;
  deferred.add(client);
  const send = client.query.bind(client);
  let held = false;
  client.query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    const answer = typeof values === 'function' ? (values as Callback) : (callback as Callback | undefined);
    if (!held && text === 'BEGIN;') {
      held = true;
      return answered(answer, { rows: [], rowCount: null, command: 'BEGIN' });
    }
    if (!held) return send(config, values, callback);
    if (text === 'COMMIT;' || text === 'ROLLBACK') {
      held = false;
      return answered(answer, { rows: [], rowCount: null, command: text === 'ROLLBACK' ? 'ROLLBACK' : 'COMMIT' });
    }
    held = false;
    if (config instanceof Pipeline) {
      config.beginFirst();
      return send(config);
    }
    const plain = plainStatement(config, typeof values === 'function' ? undefined : values);
    if (!plain) {
      // Anything else (a cursor, a row mode, a statement with types): BEGIN in a round trip of its own, as knex meant.
      // Its failure needs no answer of its own: `pg` runs queries in order, and a connection that cannot BEGIN fails the
      // statement queued behind it too.
      void (send('BEGIN') as Promise<unknown>).catch(() => undefined);
      return send(config, values, callback);
    }
    const pipeline = pipelined(send, [BEGIN, plain], client._types).then(([, result]) => result);
    if (!answer) return pipeline;
    pipeline.then(
      (result) => answer(null, result),
      (error: Error) => answer(error),
    );
    return undefined;
  };
}

/** A statement given as text, or as `{ text, values, name }` and nothing else: what a pipeline can carry. */
function plainStatement(config: unknown, values: unknown): PipelinedStatement | null {
  if (typeof config === 'string') return { text: config, values: Array.isArray(values) ? values : [] };
  if (typeof config !== 'object' || config === null || typeof (config as { submit?: unknown }).submit === 'function') return null;
  const { text, values: own, name, ...rest } = config as { text?: unknown; values?: unknown; name?: unknown };
  if (typeof text !== 'string' || Object.keys(rest).length > 0) return null;
  const bound = own ?? values ?? [];
  if (!Array.isArray(bound)) return null;
  return { text, values: bound, ...(typeof name === 'string' && name ? { name } : {}) };
}

function answered(callback: Callback | undefined, result: StatementResult): unknown {
  if (!callback) return Promise.resolve(result);
  process.nextTick(() => callback(null, result));
  return undefined;
}
