/**
 * A co-typing client as an editor would run one: a Y.Doc in Node, following
 * the section over graphql-ws (`waiverSectionSync`) and pushing its own
 * updates over HTTP (`pushWaiverSectionUpdate`), one push at a time, merging
 * what it typed meanwhile into the next one. The same client co-types any
 * text of the hub given its operations (`CoTypingOperations`).
 */
import { print, type DocumentNode } from 'graphql';
import type { Client } from 'graphql-ws';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import {
  PushWaiverSectionAwarenessDocument,
  PushWaiverSectionUpdateDocument,
  WaiverSectionSyncDocument,
  type WaiverSectionSyncSubscription,
} from '../generated/graphql';
import type { GraphQLErrorBody, TestHub } from '../helpers/hub';

export type SyncMessage = WaiverSectionSyncSubscription['waiverSectionSync'];

/** A co-typed text's three operations and their root fields. */
export interface CoTypingOperations {
  sync: DocumentNode;
  syncField: string;
  push: DocumentNode;
  pushField: string;
  awareness: DocumentNode;
}

/** A waiver section's. */
export const WAIVER_SECTION_OPERATIONS: CoTypingOperations = {
  sync: WaiverSectionSyncDocument,
  syncField: 'waiverSectionSync',
  push: PushWaiverSectionUpdateDocument,
  pushField: 'pushWaiverSectionUpdate',
  awareness: PushWaiverSectionAwarenessDocument,
};

const REMOTE = 'remote';
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export class CoTypist {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('body');
  readonly messages: SyncMessage[] = [];
  readonly pushErrors: GraphQLErrorBody[][] = [];
  /** Versions the hub acknowledged, in order. */
  readonly acknowledged: number[] = [];
  /** Every update of ours the hub acknowledged. */
  readonly acknowledgedUpdates: Uint8Array[] = [];
  private queue: Uint8Array[] = [];
  private pushing: Promise<void> | undefined;
  private client: Client | undefined;
  private stop: (() => void) | undefined;
  private waiters: Array<() => void> = [];
  ended = false;
  /** Made by `withAwareness()`: this client's awareness and what it knows of the others'. */
  awareness: Awareness | undefined;

  constructor(
    private readonly hub: TestHub,
    private readonly token: string,
    readonly sectionId: string,
    private readonly operations: CoTypingOperations = WAIVER_SECTION_OPERATIONS,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.queue.push(update);
      this.flush();
    });
  }

  /** Follows the section (from this client's state vector) and resolves once its STATE message is applied. */
  connect(hub: TestHub = this.hub): Promise<void> {
    this.stop?.();
    this.client ??= hub.ws(this.token);
    const stateVector = b64(Y.encodeStateVector(this.doc));
    return new Promise((resolve, reject) => {
      let first = true;
      this.stop = this.client!.subscribe<Record<string, SyncMessage>>(
        { query: print(this.operations.sync), variables: { sectionId: this.sectionId, stateVector, clientId: this.doc.clientID } },
        {
          next: (result) => {
            const message = result.data?.[this.operations.syncField];
            if (result.errors || !message) return reject(new Error(JSON.stringify(result.errors)));
            this.messages.push(message);
            if (message.kind === 'AWARENESS') {
              if (this.awareness) applyAwarenessUpdate(this.awareness, unb64(message.update!), REMOTE);
            } else if (message.kind === 'AWARENESS_GONE') {
              if (this.awareness) removeAwarenessStates(this.awareness, [message.clientId!], REMOTE);
            } else if (message.update) Y.applyUpdate(this.doc, unb64(message.update), REMOTE);
            if (first) {
              first = false;
              resolve();
            }
            for (const wake of this.waiters.splice(0)) wake();
          },
          error: (error) => {
            this.ended = true;
            reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
            for (const wake of this.waiters.splice(0)) wake();
          },
          complete: () => {
            this.ended = true;
            for (const wake of this.waiters.splice(0)) wake();
          },
        },
      );
    });
  }

  /** Starts this client's awareness (its timers stop at `disconnect`). */
  withAwareness(): Awareness {
    return (this.awareness ??= new Awareness(this.doc));
  }

  /** Sets this client's awareness state and pushes it. */
  async announce(state: Record<string, unknown> | null) {
    const awareness = this.withAwareness();
    awareness.setLocalState(state);
    const update = b64(encodeAwarenessUpdate(awareness, [awareness.clientID]));
    return this.hub.request<Record<string, { clientId: number }>, object>(
      this.operations.awareness,
      { input: { sectionId: this.sectionId, update } },
      { token: this.token },
    );
  }

  disconnect(): void {
    this.awareness?.destroy();
    this.awareness = undefined;
    this.stop?.();
    this.stop = undefined;
  }

  /** Resolves once a message matching arrives (or has). */
  async waitFor(match: (message: SyncMessage) => boolean, timeoutMs = 10_000): Promise<SyncMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.ended || Date.now() > deadline) throw new Error(`no matching sync message (ended: ${this.ended})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Resolves once everything typed so far is acknowledged (or refused). */
  async settled(): Promise<void> {
    while (this.pushing) await this.pushing;
  }

  toString(): string {
    return this.text.toString();
  }

  private flush(): void {
    if (this.pushing) return;
    this.pushing = (async () => {
      while (this.queue.length) {
        const update = Y.mergeUpdates(this.queue.splice(0));
        const result = await this.hub.request<Record<string, { version: number }>, object>(
          this.operations.push,
          { input: { sectionId: this.sectionId, update: b64(update) } },
          { token: this.token },
        );
        if (result.errors?.length) this.pushErrors.push(result.errors);
        else {
          this.acknowledged.push(result.data![this.operations.pushField].version);
          this.acknowledgedUpdates.push(update);
        }
      }
      this.pushing = undefined;
    })();
  }
}

/** A seeded PRNG (mulberry32): the same seed replays the same edits. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polls `check` until it holds (or fails with `describe()`'s account after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, describe: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never held: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
