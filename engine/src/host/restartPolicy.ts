/**
 * When to restart a crashed engine: exponential backoff (0.5 s, 1 s, 2 s, ... capped at 15 s), and give up
 * (null) after `maxCrashes` crashes within `windowMs`, so a deterministic crash does not loop forever.
 */
export function restartDelayMs(crashTimes: readonly number[], now: number, maxCrashes = 5, windowMs = 60_000): number | null {
  const recent = crashTimes.filter((t) => now - t <= windowMs).length;
  if (recent >= maxCrashes) return null;
  return Math.min(500 * 2 ** Math.max(0, recent - 1), 15_000);
}
