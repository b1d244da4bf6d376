/**
 * Subscription delivery: the way of an event from the pub/sub to the sockets,
 * one step a file.
 *
 *   1. channel        `Channels.deliver` (src/realtime/channels.ts) hands the event to every
 *                     subscriber's LiveEvents listening on its channel, in one synchronous loop,
 *                     the same payload object to each.
 *   2. decide         `LiveEvents.push` (live-events.ts): in the subscriber's renewed scope, the
 *                     feature's decision: deliver, skip, or end (a feature batches its re-checks,
 *                     e.g. src/modules/waivers/waiver.subscriptions.ts). One event at a time, in order.
 *   3. execute once   `SubscriberResults.deliver` (subscriber.ts), after the socket's one token
 *                     check: the selection executed once per event for everyone whose result
 *                     cannot differ, else per subscriber (execute-once.ts).
 *   4. write          a shared result's JSON, made once, straight to the socket (`HubSocket.sendNow`,
 *                     hub-socket.ts) when nothing is ahead of it; anything else is handed to
 *                     graphql-ws's loop, which formats, serializes and paces it.
 *
 * graphql-ws is given `subscribeShared` as its `subscribe` and `deliverTo` as its `onOperation`
 * (src/http/websocket.ts): the first opens the subscriber's stream (steps 1 and 2, through the
 * field's `subscribe`, which returns `liveEvents(...)`), the second gives it its socket (step 4).
 */
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { selectionKey } from './execute-once';
import { LiveEvents } from './live-events';
import { SubscriberResults, type SubscriberSocket } from './subscriber';

export { liveEvents, LiveEvents, type Decision, type LiveOptions, type SubscriberScope } from './live-events';
export { SubscribeOnlyArguments } from './execute-once';
export type { SubscriberResults, SubscriberSocket } from './subscriber';

/**
 * graphql-js `subscribe` as graphql-ws calls it, sharing viewer-independent results. The field's
 * `subscribe` must return `liveEvents(...)`: graphql-js hands its stream back as an untyped async
 * iterable, and this is the one place that tells it is ours.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<SubscriberResults | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  if (!(source instanceof LiveEvents)) {
    throw new TypeError(
      `A subscription field's subscribe must return liveEvents(...) (src/delivery/live-events.ts), in ${args.operationName ?? 'an anonymous operation'}`,
    );
  }
  return new SubscriberResults(source, args, selectionKey(args));
}

/**
 * graphql-ws's `onOperation`: a subscription opened by `subscribeShared` writes its shared results
 * straight to `socket` as operation `id`'s. Other operations' results are left to graphql-ws.
 */
export function deliverTo(result: unknown, socket: SubscriberSocket, id: string): void {
  if (result instanceof SubscriberResults) result.writeTo(socket, id);
}
