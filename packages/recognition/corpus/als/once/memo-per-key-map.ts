// One AsyncLocalStorage memoised per key in a Map (`map.get(k) ?? map.set(k, new …).get(k)`), looked up per call: created once per key, safe.
// recognize: byChannel=none
import { AsyncLocalStorage } from 'node:async_hooks';

interface ChannelContext {
  readonly channel: string;
  readonly messageId: string;
}

const byChannel = new Map<string, AsyncLocalStorage<ChannelContext>>();

function channelStorage(channel: string): AsyncLocalStorage<ChannelContext> {
  return byChannel.get(channel) ?? byChannel.set(channel, new AsyncLocalStorage<ChannelContext>()).get(channel)!;
}

export function consume<R>(channel: string, messageId: string, handler: () => R): R {
  return channelStorage(channel).run({ channel, messageId }, handler);
}
