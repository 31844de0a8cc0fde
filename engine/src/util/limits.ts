/**
 * Resource caps of the DICOM reader and decoder, checked before anything of that size is allocated
 * (README "Limits"). A file over a cap is refused with UNSUPPORTED_IMAGE naming the file and the cap.
 */

/** Largest source file read at all (import, view, decode, export). */
export const MAX_FILE_BYTES = 1 << 30; // 1 GiB

/** Largest inflated size of a Deflated Explicit VR Little Endian data set (a decompression bomb stops here). */
export const MAX_INFLATED_BYTES = 128 << 20; // 128 MiB

/**
 * Largest frame: rows x columns x samples per pixel (int32 output: 128 MiB per frame), about 5792 x 5792 grey
 * or 3344 x 3344 colour; the largest radiographs (43 x 43 cm at 100 um, 4300 x 4300; mammograms 4096 x 5625)
 * fit. Decoding a frame at this cap peaks under 1 GiB RSS (the fuzz test measures it).
 */
export const MAX_FRAME_SAMPLES = 1 << 25;

/** Largest image over all frames: frames x rows x columns x samples (int32 output: 1 GiB). */
export const MAX_TOTAL_SAMPLES = 1 << 28;

/** Most frames a file may declare. */
export const MAX_FRAMES = 65_536;

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(n % (1 << 30) ? 1 : 0)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(n % (1 << 20) ? 1 : 0)} MiB`;
  return `${n} bytes`;
}
