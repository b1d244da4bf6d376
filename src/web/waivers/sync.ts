/**
 * One waiver section's Yjs document, live: followed over graphql-ws
 * (`waiverSectionSync`, from this document's state vector), local edits
 * pushed on the same socket (`pushWaiverSectionUpdate`) one push at a time, with what
 * was typed meanwhile merged (`Y.mergeUpdates`) into the next push, and this
 * client's awareness (cursor, selection, colour) relayed with
 * `pushWaiverSectionAwareness`. Offline (the browser says so, or the socket is
 * down), edits stay in the document and are counted as unsent; they go out
 * when the connection is back, after the follow resumes from the state vector.
 * What is unsent is also kept in sessionStorage (as the app keeps forms'
 * input): a tab sent to sign in again, or reloaded, sends it once back.
 */
import { print, type DocumentNode } from 'graphql';
import { fromBase64, sendOnSocket, toBase64 } from '../shell/socket-operation';

export { fromBase64, toBase64 };
import type { Client as WsClient } from 'graphql-ws';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import {
  WebPushWaiverSectionAwarenessDocument,
  WebPushWaiverSectionUpdateDocument,
  WebWaiverSectionSyncDocument,
  type WebWaiverSectionSyncSubscription,
} from '../generated/graphql';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SyncStatus {
  /** Whether the document has its first state from the hub. */
  loaded: boolean;
  /** Local changes (edits) not yet acknowledged by the hub. */
  unsent: number;
  /** The request was submitted or closed: no more pushes. */
  frozen: boolean;
  /** Why the hub refused a push, when it did (the text stays here). */
  refused: string | null;
  /** For a frozen request: the text with the refused changes, to copy. */
  refusedText: string | null;
  /** The text's version as the hub last said (its state, others' updates, our acknowledged pushes): live while people type. */
  version: number | null;
}

export type SyncMessage = WebWaiverSectionSyncSubscription['waiverSectionSync'];

/** A co-typed text's operations (a waiver section's by default; an application narrative's: applications/narrative.ts). */
export interface SyncOperations {
  /** Names the text's unsent edits in sessionStorage. */
  kind: string;
  sync: DocumentNode;
  syncField: string;
  push: DocumentNode;
  awareness: DocumentNode;
}

export const WAIVER_SECTION_SYNC: SyncOperations = {
  kind: 'waiver-section',
  sync: WebWaiverSectionSyncDocument,
  syncField: 'waiverSectionSync',
  push: WebPushWaiverSectionUpdateDocument,
  awareness: WebPushWaiverSectionAwarenessDocument,
};

export interface UserLook {
  name: string;
  color: string;
  colorLight: string;
}

const REMOTE = 'remote';
/** How long an update waits for its client's name before it is announced as someone's. */
const NAME_WAIT_MS = 5000;
/**
 * A cursor that moves within this many milliseconds goes out once. With a
 * push at most every 40 ms plus its round trip, a fast typist (10 characters
 * a second) stays under RATE_LIMIT_USER_PER_MINUTE's default (1,200: pushes
 * and awareness count as operations).
 */
const AWARENESS_MS = 150;
/** Keystrokes typed within this many milliseconds go out as one push. */
const BATCH_MS = 40;

export class SectionSync {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('body');
  readonly awareness = new Awareness(this.doc);
  status: SyncStatus = { loaded: false, unsent: 0, frozen: false, refused: null, refusedText: null, version: null };
  private listeners = new Set<() => void>();
  private remoteListeners = new Set<(message: SyncMessage, name: string | null) => void>();
  /** Remote updates whose client's name has not come yet (see `onRemote`). */
  private unnamed = new Map<number, { message: SyncMessage; timer: ReturnType<typeof setTimeout> }>();
  /** Local updates not yet pushed, and how many edits they hold. */
  private queue: Uint8Array[] = [];
  private queuedEdits = 0;
  private inFlightEdits = 0;
  private pushing = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private awarenessTimer: ReturnType<typeof setTimeout> | undefined;
  private stopFollow: (() => void) | undefined;
  private ws: WsClient | null = null;
  private online = false;
  private disposed = false;
  private inFlight: Uint8Array | null = null;
  /** Unsent edits from an earlier page in this tab, applied once the hub's state is here. */
  private restored: Uint8Array | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly storageKey: string;

  constructor(
    readonly sectionId: string,
    public canEdit: boolean,
    private readonly look: UserLook,
    private readonly operations: SyncOperations = WAIVER_SECTION_SYNC,
  ) {
    this.storageKey = `cnz:draft:${operations.kind}:${sectionId}`;
    const stored = sessionStorage.getItem(this.storageKey);
    if (stored) {
      this.restored = fromBase64(stored);
      this.status = { ...this.status, unsent: 1 };
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.queue.push(update);
      this.queuedEdits++;
      this.set({ unsent: this.queuedEdits + this.inFlightEdits });
      this.save();
      this.schedule();
    });
    this.awareness.setLocalState({ user: look, cursor: null });
    // A reload or a closed tab does not unmount: what the debounce still holds is written as the page goes.
    window.addEventListener('pagehide', this.flushStorage);
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === REMOTE) return;
      if ([...added, ...updated, ...removed].includes(this.doc.clientID)) this.scheduleAwareness();
    });
  }

  /** The open section shares this client's cursor (and so its presence); another one withdraws it. */
  setActive(active: boolean) {
    const local = this.awareness.getLocalState();
    if (active && !local) this.awareness.setLocalState({ user: this.look, cursor: null });
    if (!active && local) this.awareness.setLocalState(null);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The name another client shows in its awareness (who is typing), if it
   * shows one. Messages carry the client's id, not its author: an author
   * field would be a user read per follower and update on the hub.
   */
  nameOf(clientId: number | null | undefined): string | null {
    if (clientId == null) return null;
    const state = this.awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined;
    return typeof state?.user?.name === 'string' ? state.user.name : null;
  }

  /**
   * Called with every update another client made and who made it (for
   * announcing who is typing). An update can come before its client's
   * awareness (its name): it is then held until the name comes, at most
   * `NAME_WAIT_MS` (5 s), and handed on with null after that.
   */
  onRemote(listener: (message: SyncMessage, name: string | null) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  private remote(message: SyncMessage) {
    const name = this.nameOf(message.clientId);
    // Whose it is is also known by its author's id (the listener may know their name from elsewhere).
    if (name || message.clientId == null || message.authorId) {
      for (const listener of this.remoteListeners) listener(message, name);
      return;
    }
    // The latest unnamed update of each client, until its name comes.
    const waiting = this.unnamed.get(message.clientId);
    if (waiting) clearTimeout(waiting.timer);
    const timer = setTimeout(() => {
      this.unnamed.delete(message.clientId!);
      for (const listener of this.remoteListeners) listener(message, null);
    }, NAME_WAIT_MS);
    this.unnamed.set(message.clientId, { message, timer });
  }

  /** Hands on the held updates of clients whose names came. */
  private named() {
    for (const [clientId, { message, timer }] of this.unnamed) {
      const name = this.nameOf(clientId);
      if (!name) continue;
      clearTimeout(timer);
      this.unnamed.delete(clientId);
      for (const listener of this.remoteListeners) listener(message, name);
    }
  }

  private set(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Follows the section on `ws` (null: offline). A new socket resumes from this document's state vector. */
  connect(ws: WsClient | null, online: boolean) {
    if (this.disposed) return;
    this.online = online && ws !== null;
    if (ws === this.ws && this.stopFollow) {
      if (this.online) this.schedule();
      return;
    }
    this.stopFollow?.();
    this.stopFollow = undefined;
    this.ws = ws;
    if (!ws) return;
    const stateVector = toBase64(Y.encodeStateVector(this.doc));
    this.stopFollow = ws.subscribe<Record<string, SyncMessage>>(
      {
        query: print(this.operations.sync),
        variables: { sectionId: this.sectionId, stateVector, clientId: this.doc.clientID },
      },
      {
        next: (result) => {
          const message = result.data?.[this.operations.syncField];
          if (!message) return;
          this.receive(message);
        },
        error: () => {
          this.stopFollow = undefined;
        },
        complete: () => {
          this.stopFollow = undefined;
        },
      },
    );
  }

  /** A version the hub said the text reached (they may come out of order: the highest is kept). */
  private reached(version: number | null | undefined) {
    if (version != null && version > (this.status.version ?? 0)) this.set({ version });
  }

  private receive(message: SyncMessage) {
    if (message.kind === 'STATE' || message.kind === 'UPDATE') this.reached(message.version);
    switch (message.kind) {
      case 'STATE':
        if (message.update) Y.applyUpdate(this.doc, fromBase64(message.update), REMOTE);
        if (this.restored && this.canEdit) {
          // Our own earlier edits: they go out as local ones.
          const restored = this.restored;
          this.restored = null;
          Y.applyUpdate(this.doc, restored, 'restored');
        }
        this.set({ loaded: true });
        // Our awareness to the newcomers (and a presence renewal), and what was typed offline.
        this.scheduleAwareness();
        this.schedule();
        break;
      case 'UPDATE':
        if (message.update) Y.applyUpdate(this.doc, fromBase64(message.update), REMOTE);
        this.remote(message);
        break;
      case 'AWARENESS':
        if (message.update) applyAwarenessUpdate(this.awareness, fromBase64(message.update), REMOTE);
        this.named();
        break;
      case 'AWARENESS_GONE':
        if (message.clientId != null) removeAwarenessStates(this.awareness, [message.clientId], REMOTE);
        break;
      case 'FROZEN':
        this.set({ frozen: true });
        break;
    }
  }

  private schedule(delay = BATCH_MS) {
    if (this.timer || this.pushing || !this.queue.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  /** One push at a time: everything queued, merged into one update. */
  private async flush() {
    // Frozen meanwhile: one more push still brings the refusal with the text to copy.
    // (A reader's text is read-only: only edits made while editing was allowed are ever queued.)
    if (this.pushing || !this.queue.length || !this.online || this.status.refused || this.disposed) return;
    if (!this.status.loaded) return; // after the first STATE: the hub then has everything our edits depend on
    const update = this.queue.length === 1 ? this.queue[0] : Y.mergeUpdates(this.queue);
    const edits = this.queuedEdits;
    this.queue = [];
    this.queuedEdits = 0;
    this.inFlightEdits = edits;
    this.inFlight = update;
    this.pushing = true;
    const result = await sendOnSocket(this.ws, this.operations.push, { input: { sectionId: this.sectionId, update: toBase64(update) } });
    this.pushing = false;
    this.inFlightEdits = 0;
    this.inFlight = null;
    const refusal = result.errors?.[0];
    const code = refusal?.extensions?.code as string | undefined;
    if (result.unreached || (refusal && !code)) {
      // Not reached: keep it for the next try (sent again, it changes nothing if the hub had stored it).
      this.queue.unshift(update);
      this.queuedEdits += edits;
      this.set({ unsent: this.queuedEdits });
      if (this.online) this.schedule(1000);
      return;
    }
    if (code === 'RATE_LIMITED') {
      // Typing faster than the hub takes: the same edits, merged with what comes, a little later.
      const seconds = Number(refusal?.extensions?.retryAfterSeconds ?? 1);
      this.queue.unshift(update);
      this.queuedEdits += edits;
      this.set({ unsent: this.queuedEdits });
      this.schedule(Math.min(Math.max(seconds, 0.2), 30) * 1000);
      return;
    }
    if (refusal) {
      const extensions = refusal.extensions ?? {};
      const refusedText = typeof extensions.yourText === 'string' ? extensions.yourText : null;
      // Refused (frozen, no longer allowed): the text stays in this tab, counted as unsent.
      this.queue.unshift(update);
      this.queuedEdits += edits;
      this.set({
        unsent: this.queuedEdits,
        refused: refusal.message ?? code ?? 'refused',
        refusedText,
        frozen: code === 'INVALID_TRANSITION',
      });
      return;
    }
    this.set({ unsent: this.queuedEdits, refused: null, refusedText: null });
    this.reached((Object.values(result.data ?? {})[0] as { version?: number } | undefined)?.version);
    this.save();
    this.schedule();
  }

  /** Keeps what is unsent in sessionStorage (a little behind typing); nothing once all is acknowledged. */
  private save() {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (!this.disposed) this.writeStorage();
    }, 200);
  }

  /** Writes at once what the debounce of `save` still holds. */
  private readonly flushStorage = () => {
    if (!this.saveTimer || this.disposed) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.writeStorage();
  };

  private writeStorage() {
    const parts = [...(this.inFlight ? [this.inFlight] : []), ...this.queue, ...(this.restored ? [this.restored] : [])];
    try {
      if (parts.length) sessionStorage.setItem(this.storageKey, toBase64(Y.mergeUpdates(parts)));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage full or unavailable: the edits stay in this page.
    }
  }

  private scheduleAwareness() {
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = undefined;
      if (!this.online || this.disposed) return;
      const update = toBase64(encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
      void sendOnSocket(this.ws, this.operations.awareness, { input: { sectionId: this.sectionId, update } });
    }, AWARENESS_MS);
  }

  dispose() {
    // What is still unsent stays stored for the next page in this tab.
    this.flushStorage();
    window.removeEventListener('pagehide', this.flushStorage);
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.awarenessTimer);
    for (const { timer } of this.unnamed.values()) clearTimeout(timer);
    this.stopFollow?.();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}

/** Colours for people's cursors: dark enough for white names on them (WCAG AA); their selections' tints are in waivers.css. */
export const COLOURS: readonly string[] = ['#1f5fbf', '#a1307a', '#2f6f2f', '#8a4b00', '#6a3fb5', '#b3261e', '#00677a', '#5c5c00'];

export function lookFor(userId: string, name: string): UserLook {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const color = COLOURS[hash % COLOURS.length];
  return { name, color, colorLight: `${color}33` };
}
