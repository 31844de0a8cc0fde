/**
 * What the web host accepts from a browser client (README "Limits"). Over a limit: the frame or request is
 * refused with a typed error (or, for a frame over WS_MAX_PAYLOAD_BYTES, the socket is closed with the
 * WebSocket status 1009 "message too big"); the host and the engine carry on.
 */

/** Largest WebSocket frame (message) a client may send: a mask of the largest image (8192 x 8192 bytes) plus framing. */
export const WS_MAX_PAYLOAD_BYTES = 96 << 20;

/** Deepest nesting of arrays/objects in a request's params (our own requests nest 3-4 levels). */
export const MAX_PARAMS_DEPTH = 32;

/** Methods a web client may not call: they belong to the process that owns the engine (the host). */
export const HOST_ONLY_METHODS: ReadonlySet<string> = new Set(['shutdown']);

/** True when `value` nests arrays/objects deeper than `max` (iterative: no recursion on hostile input). */
export function nestingExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    if (d + 1 > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return false;
}
