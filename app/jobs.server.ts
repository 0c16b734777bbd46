/**
 * Work the server does on a timer, without anyone pressing a button. `npm run jobs` runs one sweep from
 * the command line for use from cron when the server's own timer is turned off (JOBS_ENABLED=false).
 */
import { deleteExpiredSessions } from "~/utils/auth.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { pruneSignInAttempts } from "~/models/user.server";

const SWEEP_INTERVAL_MS = 60_000;

let timer: NodeJS.Timeout | undefined;
let running = false;

export type SweepReport = { expiredSessions: number; oldSignInAttempts: number; anonymisedBookings: number };

export async function runSweep(now = new Date()): Promise<SweepReport> {
  return {
    expiredSessions: deleteExpiredSessions(now),
    oldSignInAttempts: pruneSignInAttempts(new Date(now.getTime() - 24 * 3600_000)),
    anonymisedBookings: anonymiseExpiredBookings({ now }),
  };
}

export function startBackgroundJobs() {
  if (timer) return;
  timer = setInterval(() => {
    // A slow sweep must not overlap the next one in the same process.
    if (running) return;
    running = true;
    runSweep()
      .catch((error: unknown) => console.error("Background sweep failed:", error))
      .finally(() => {
        running = false;
      });
  }, SWEEP_INTERVAL_MS);
  timer.unref();
}

export function stopBackgroundJobs() {
  if (timer) clearInterval(timer);
  timer = undefined;
}
