/**
 * The one way main-process IPC handlers are registered: `handle(channel, schema, fn)` checks that the
 * sender is the main frame of one of our windows showing our own page, validates the payload, and turns
 * failures into plain errors. Like VS Code's validated ipcMain wrapper.
 */
import type { Schema } from '../engine/protocol/schema';
import { SchemaError } from '../engine/protocol/schema';

/** The part of Electron's IpcMainInvokeEvent we rely on. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

export class IpcRefused extends Error {
  constructor(channel: string, why: string) {
    super(`IPC ${channel} refused: ${why}`);
    this.name = 'IpcRefused';
  }
}

export interface IpcPolicy {
  /** URL prefix of our own page (e.g. 'app://taggan/'). */
  appOrigin: string;
  /** webContents ids of our windows. */
  trustedSenders: () => Set<number>;
}

/** Whether an invoke event comes from our own top-level page. Returns the reason when it does not. */
export function checkSender(event: InvokeEventLike, policy: IpcPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'no sender frame (destroyed or navigated away)';
  if (frame.parent) return 'sent from a sub-frame';
  if (!policy.trustedSenders().has(event.sender.id)) return 'sender is not one of our windows';
  if (!frame.url.startsWith(policy.appOrigin)) return `sender page ${frame.url} is not ours`;
  return null;
}

export function createIpc(ipcMain: IpcMainLike, policy: IpcPolicy) {
  const registered = new Set<string>();
  return {
    handle<P, R>(channel: string, schema: Schema<P>, fn: (payload: P) => Promise<R> | R): void {
      if (registered.has(channel)) throw new Error(`IPC channel ${channel} registered twice`);
      registered.add(channel);
      ipcMain.handle(channel, async (event, ...args) => {
        const why = checkSender(event, policy);
        if (why) throw new IpcRefused(channel, why);
        if (args.length > 1) throw new IpcRefused(channel, 'expected at most one argument');
        let payload: P;
        try {
          payload = schema.parse(args[0] ?? {}, channel);
        } catch (err) {
          throw new IpcRefused(channel, err instanceof SchemaError ? err.message : String(err));
        }
        return fn(payload);
      });
    },
  };
}
