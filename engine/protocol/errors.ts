/**
 * Typed engine errors: every failure that crosses a process boundary is one of these codes plus a
 * human-readable message (and, for anything about a file, the file's path or name).
 */
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed validation
  'UNKNOWN_METHOD',
  'CANCELLED',
  'NOT_FOUND', // a file or record that does not exist
  'IO', // the operating system refused a read or write
  'NOT_DICOM',
  'NO_PIXEL_DATA',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'UNSUPPORTED_IMAGE', // a DICOM image whose pixel layout we do not handle (named in the message)
  'TRUNCATED',
  'CORRUPT',
  'BAD_IMAGE', // PNG/JPEG input that cannot be decoded
  'BAD_DATASET', // training data folder or labels file problems
  'BACKEND', // TF.js backend could not be initialised or failed
  'OUT_OF_MEMORY',
  'MODEL', // model folder missing, unreadable or incompatible
  'WORKSPACE', // workspace folder problems (not a workspace, schema too new, ...)
  'WORKSPACE_IN_USE',
  'EXPORT',
  'ENGINE_EXITED', // the engine process went away while a request was open
  'PACS_UNREACHABLE', // a DICOMweb server did not answer (refused, unknown host, timed out); the message names the server
  'PACS_AUTH', // a DICOMweb server refused the credentials (401/403)
  'PACS', // a DICOMweb server answered wrongly (404, 5xx, malformed multipart or JSON, a response over the size cap)
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface EngineErrorPayload {
  code: ErrorCode;
  message: string;
  /** The file the error is about, when there is one. */
  file?: string;
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}
