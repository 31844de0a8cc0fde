/**
 * The client side of the engine protocol, the same whichever transport is underneath (MessagePort in
 * Electron, WebSocket in the web host, in-process in tests). Pure: no Node, no DOM.
 */
import type { EngineErrorPayload, ErrorCode } from './errors';
import type {
  ClientMessage, EngineNotice, Method, ParamsOf, Progress, ProgressDataOf, ResultOf, ServerMessage,
} from './messages';
import { isServerMessage } from './messages';

/** A duplex message pipe to an engine. */
export interface ClientTransport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
  /** Called once when the pipe closes (engine exited, socket closed). */
  onClose(listener: (reason: string) => void): () => void;
  close(): void;
}

/** A failed call: the engine's typed error. */
export class EngineCallError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  constructor(payload: EngineErrorPayload) {
    super(payload.message);
    this.name = 'EngineCallError';
    this.code = payload.code;
    this.file = payload.file;
  }
}

/** The part of AbortSignal the client uses (the protocol folder has no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CallOptions<M extends Method> {
  onProgress?: (p: Progress<ProgressDataOf<M>>) => void;
  signal?: AbortSignalLike;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (p: Progress<never>) => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly noticeListeners = new Set<(n: EngineNotice) => void>();
  private transport: ClientTransport | undefined;
  private detach: (() => void)[] = [];

  constructor(transport?: ClientTransport) {
    if (transport) this.attach(transport);
  }

  /** Uses a (new) transport, e.g. after the engine restarted; open calls on the old one fail with ENGINE_EXITED. */
  attach(transport: ClientTransport): void {
    this.dropTransport('the engine connection was replaced');
    this.transport = transport;
    this.detach = [
      transport.onMessage((m) => this.receive(m)),
      transport.onClose((reason) => {
        if (this.transport === transport) this.dropTransport(reason);
      }),
    ];
  }

  get connected(): boolean {
    return this.transport !== undefined;
  }

  call<M extends Method>(method: M, params: ParamsOf<M>, opts: CallOptions<M> = {}): Promise<ResultOf<M>> {
    const transport = this.transport;
    if (!transport) return Promise.reject(new EngineCallError({ code: 'ENGINE_EXITED', message: 'not connected to the engine' }));
    if (opts.signal?.aborted) return Promise.reject(new EngineCallError({ code: 'CANCELLED', message: `${method} cancelled` }));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const onAbort = () => transport.send({ kind: 'cancel', id });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => { opts.signal?.removeEventListener('abort', onAbort); resolve(v as ResultOf<M>); },
        reject: (e) => { opts.signal?.removeEventListener('abort', onAbort); reject(e); },
        onProgress: opts.onProgress as ((p: Progress<never>) => void) | undefined,
      });
      try {
        transport.send({ kind: 'request', id, method, params } as ClientMessage);
      } catch (err) {
        this.pending.delete(id);
        reject(new EngineCallError({ code: 'ENGINE_EXITED', message: `could not reach the engine: ${String(err)}` }));
      }
    });
  }

  onNotice(listener: (n: EngineNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  close(): void {
    const t = this.transport;
    this.dropTransport('closed by the client');
    t?.close();
  }

  private dropTransport(reason: string): void {
    for (const off of this.detach) off();
    this.detach = [];
    this.transport = undefined;
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const p of open) p.reject(new EngineCallError({ code: 'ENGINE_EXITED', message: `engine connection lost: ${reason}` }));
  }

  private receive(m: ServerMessage): void {
    if (!isServerMessage(m)) return;
    if (m.kind === 'notice') {
      for (const l of this.noticeListeners) l(m.notice);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') {
      p.onProgress?.(m.progress as Progress<never>);
      return;
    }
    this.pending.delete(m.id);
    if (m.kind === 'result') p.resolve(m.value);
    else p.reject(new EngineCallError(m.error));
  }
}
