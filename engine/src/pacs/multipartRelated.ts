/**
 * multipart/related (RFC 2387), the body of WADO-RS answers and STOW-RS requests: parsing with every
 * malformation refused (typed, naming the server), and building.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors';

export interface MultipartPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** A Content-Type parameter (`boundary`, `type`), unquoted; undefined when absent. */
export function contentTypeParam(contentType: string, name: string): string | undefined {
  for (const piece of contentType.split(';').slice(1)) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    if (piece.slice(0, eq).trim().toLowerCase() !== name) continue;
    const v = piece.slice(eq + 1).trim();
    return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v;
  }
  return undefined;
}

/** Splits a multipart/related body into its parts. `server` names the source in errors. */
export function parseMultipartRelated(contentType: string, body: Buffer, server: string): MultipartPart[] {
  const bad = (why: string) => new EngineError('PACS', `malformed multipart answer: ${why}`, server);
  if (!/^multipart\/related\b/i.test(contentType.trim())) throw bad(`expected multipart/related, got "${contentType || 'no Content-Type'}"`);
  const boundary = contentTypeParam(contentType, 'boundary');
  if (!boundary) throw bad('no boundary in the Content-Type');
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  if (pos < 0) throw bad('the boundary never occurs in the body');
  const parts: MultipartPart[] = [];
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts; // closing delimiter
    // Transport padding (spaces/tabs) then CRLF after a delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw bad(`no line break after boundary ${parts.length + 1}`);
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), pos);
    if (next < 0) throw bad(`part ${parts.length + 1} is not closed (truncated answer?)`);
    const headers: Record<string, string> = {};
    let bodyStart: number;
    if (body.subarray(pos, pos + 2).toString('latin1') === '\r\n') bodyStart = pos + 2; // no headers
    else {
      if (headerEnd < 0 || headerEnd > next) throw bad(`part ${parts.length + 1} has no blank line after its headers`);
      for (const line of body.subarray(pos, headerEnd).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) throw bad(`part ${parts.length + 1} has a header line without a name: "${line.slice(0, 60)}"`);
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      bodyStart = headerEnd + 4;
    }
    parts.push({ headers, body: body.subarray(bodyStart, next) });
    pos = next + 2;
  }
}

/** A multipart/related body of `application/dicom` parts, and its Content-Type. */
export function buildMultipartRelated(parts: Buffer[], type = 'application/dicom'): { contentType: string; body: Buffer } {
  const boundary = `taggan-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\nContent-Length: ${p.length}\r\n\r\n`), p, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/related; type="${type}"; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
