import type { ClientMessage, EngineNotice, ServerMessage } from '../../protocol/messages';
import { isClientMessage } from '../../protocol/messages';
import { SchemaError } from '../../protocol/schema';
import { toErrorPayload } from '../errors';
import type { Registry } from './registry';

/** One connection to the engine, as the engine sees it (in-process pair, child IPC, MessagePort, WebSocket bridge). */
export interface EngineEndpoint {
  send(message: ServerMessage): void;
  /** Subscribes to incoming messages; returns an unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
  /**
   * A client that does not own the engine (a window's MessagePort): it may not call `shutdown`, which belongs
   * to the process that started the engine.
   */
  guest?: boolean;
}

/**
 * Serves the protocol on endpoints: validates each request, runs its handler, answers exactly once
 * (result or typed error), forwards progress, and aborts jobs on cancel or disconnect.
 */
export class Engine {
  private readonly endpoints = new Set<EngineEndpoint>();

  constructor(private readonly registry: Registry) {}

  /** Starts serving an endpoint; the returned function disconnects it and cancels its open jobs. */
  connect(endpoint: EngineEndpoint): () => void {
    const open = new Map<number, AbortController>();
    this.endpoints.add(endpoint);
    const off = endpoint.onMessage((raw) => this.receive(endpoint, open, raw));
    return () => {
      off();
      this.endpoints.delete(endpoint);
      for (const c of open.values()) c.abort();
      open.clear();
    };
  }

  /** Sends a notice to every connected endpoint. */
  broadcast(notice: EngineNotice): void {
    for (const e of this.endpoints) safeSend(e, { kind: 'notice', notice });
  }

  private receive(endpoint: EngineEndpoint, open: Map<number, AbortController>, raw: unknown): void {
    if (!isClientMessage(raw)) {
      const id = raw && typeof raw === 'object' && Number.isSafeInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : -1;
      safeSend(endpoint, { kind: 'error', id, error: { code: 'BAD_REQUEST', message: 'malformed message' } });
      return;
    }
    const msg = raw as ClientMessage;
    if (msg.kind === 'cancel') {
      open.get(msg.id)?.abort();
      return;
    }
    if (open.has(msg.id)) {
      safeSend(endpoint, { kind: 'error', id: msg.id, error: { code: 'BAD_REQUEST', message: `request id ${msg.id} is already open` } });
      return;
    }
    if (endpoint.guest && msg.method === 'shutdown') {
      safeSend(endpoint, { kind: 'error', id: msg.id, error: { code: 'BAD_REQUEST', message: '"shutdown" is reserved to the process that owns the engine' } });
      return;
    }
    const entry = this.registry.get(msg.method);
    if (!entry) {
      safeSend(endpoint, { kind: 'error', id: msg.id, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${String(msg.method)}"` } });
      return;
    }
    let params: unknown;
    try {
      params = entry.schema.parse(msg.params, 'params');
    } catch (err) {
      const message = err instanceof SchemaError ? `${msg.method}: ${err.message}` : String(err);
      safeSend(endpoint, { kind: 'error', id: msg.id, error: { code: 'BAD_REQUEST', message } });
      return;
    }
    const controller = new AbortController();
    open.set(msg.id, controller);
    const ctx = {
      signal: controller.signal,
      progress: (p: never) => {
        if (!controller.signal.aborted) safeSend(endpoint, { kind: 'progress', id: msg.id, progress: p });
      },
      notice: (n: EngineNotice) => safeSend(endpoint, { kind: 'notice', notice: n }),
    };
    Promise.resolve()
      .then(() => entry.handler(params as never, ctx))
      .then(
        (value) => {
          if (controller.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
          safeSend(endpoint, { kind: 'result', id: msg.id, method: msg.method, value } as ServerMessage);
        },
      )
      .catch((err: unknown) => {
        const payload = toErrorPayload(err);
        // A cancelled job's own CANCELLED message (e.g. where its checkpoint went) is kept; anything else it
        // threw while being cancelled is reported as the cancellation.
        const error = !controller.signal.aborted || payload.code === 'CANCELLED' ? payload : { code: 'CANCELLED' as const, message: `${msg.method} cancelled` };
        safeSend(endpoint, { kind: 'error', id: msg.id, error });
      })
      .finally(() => open.delete(msg.id));
  }
}

function safeSend(endpoint: EngineEndpoint, message: ServerMessage): void {
  try {
    endpoint.send(message);
  } catch {
    // The peer is gone; nothing to tell it.
  }
}
