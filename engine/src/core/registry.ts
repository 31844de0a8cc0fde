import type { EngineNotice, Method, ParamsOf, Progress, ProgressDataOf, ResultOf } from '../../protocol/messages';
import type { Schema } from '../../protocol/schema';

/** What a method handler gets besides its params. */
export interface JobContext<M extends Method> {
  /** Fires when the client cancels the request or disconnects. */
  signal: AbortSignal;
  progress(p: Progress<ProgressDataOf<M>>): void;
  notice(n: EngineNotice): void;
}

export type Handler<M extends Method> = (params: ParamsOf<M>, ctx: JobContext<M>) => Promise<ResultOf<M>> | ResultOf<M>;

interface Entry<M extends Method> {
  schema: Schema<ParamsOf<M>>;
  handler: Handler<M>;
}

/** The engine's method table: each method has a params validator and a handler. */
export class Registry {
  private readonly entries = new Map<Method, Entry<Method>>();

  add<M extends Method>(method: M, schema: Schema<ParamsOf<M>>, handler: Handler<M>): this {
    if (this.entries.has(method)) throw new Error(`method ${method} registered twice`);
    this.entries.set(method, { schema, handler } as unknown as Entry<Method>);
    return this;
  }

  get(method: string): Entry<Method> | undefined {
    return this.entries.get(method as Method);
  }

  methods(): Method[] {
    return [...this.entries.keys()];
  }
}
