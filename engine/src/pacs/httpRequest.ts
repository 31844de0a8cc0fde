/**
 * One HTTP request to a DICOMweb server, with a time limit, a size cap on the answer, the connection's
 * authorisation header, and every failure as a typed error naming the server and what went wrong.
 */
import { EngineError } from '../errors';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  /** Whole request, answer included (ms). */
  timeoutMs: number;
  /** Largest answer accepted (bytes). */
  maxBytes: number;
  /** The caller's cancellation (CANCELLED, not a server error). */
  signal?: AbortSignal;
}

const MiB = 1024 * 1024;

/** "GET https://host/dicom-web/studies": the request in words for messages (the URL never holds credentials). */
function what(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}

function refusedWhy(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the server running, and is the port right?)';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'unknown host name';
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'the server closed the connection';
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

export async function httpRequest(url: URL, opts: HttpRequestOptions): Promise<HttpAnswer> {
  const method = opts.method ?? 'GET';
  const server = url.origin;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
  const fail = (err: unknown): never => {
    if (opts.signal?.aborted) throw new EngineError('CANCELLED', 'cancelled');
    if (timeout.signal.aborted) throw new EngineError('PACS_UNREACHABLE', `${what(method, url)}: no complete answer within ${(opts.timeoutMs / 1000).toFixed(1)} s`, server);
    if (err instanceof EngineError) throw err;
    throw new EngineError('PACS_UNREACHABLE', `${what(method, url)}: ${refusedWhy(err)}`, server);
  };
  try {
    let res: Response;
    try {
      res = await fetch(url, { method, headers: opts.headers, body: opts.body, signal, redirect: 'error' });
    } catch (err) {
      return fail(err);
    }
    const contentType = res.headers.get('content-type') ?? '';
    const declared = Number(res.headers.get('content-length') ?? NaN);
    const tooBig = (n: number) =>
      new EngineError('PACS', `${what(method, url)}: the answer is over the ${Math.round(opts.maxBytes / MiB)} MiB cap (${Math.round(n / MiB)} MiB${Number.isFinite(declared) ? ' declared' : ' and counting'}); nothing of it was used`, server);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw tooBig(declared);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > opts.maxBytes) {
            await res.body.cancel().catch(() => {});
            throw tooBig(size);
          }
          chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
      }
    } catch (err) {
      return fail(err);
    }
    const body = Buffer.concat(chunks, size);
    if (res.status === 401 || res.status === 403) {
      throw new EngineError('PACS_AUTH', `${what(method, url)}: ${res.status} ${res.statusText || 'refused'}: the server did not accept the credentials (check the user name and password, or the token)`, server);
    }
    if (res.status < 200 || res.status >= 300) {
      const snippet = body.subarray(0, 300).toString('utf8').replace(/\s+/g, ' ').trim();
      throw new EngineError('PACS', `${what(method, url)}: ${res.status} ${res.statusText}${snippet ? `: ${snippet}` : ''}`, server);
    }
    return { status: res.status, contentType, body };
  } finally {
    clearTimeout(timer);
  }
}
