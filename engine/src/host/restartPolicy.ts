/**
 * When to restart an engine that ended without being asked to: exponential backoff (0.5 s, 1 s, 2 s, ...
 * capped at 15 s); after `maxCrashes` crashes within `windowMs` it backs off to `cooldownMs` (60 s) between
 * tries but never gives up, so the host is never left running with a dead engine. The UI shows "restarting
 * in N s" (or "down, retrying in 60 s") from the returned delay.
 */
export const RESTART_COOLDOWN_MS = 60_000;

export function restartDelayMs(crashTimes: readonly number[], now: number, maxCrashes = 5, windowMs = 60_000, cooldownMs = RESTART_COOLDOWN_MS): number {
  const recent = crashTimes.filter((t) => now - t <= windowMs).length;
  if (recent >= maxCrashes) return cooldownMs;
  return Math.min(500 * 2 ** Math.max(0, recent - 1), 15_000);
}
