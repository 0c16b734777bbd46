/**
 * Work the server does every minute without anyone pressing a button: queue reminders, feedback requests,
 * chasers and certificates that have fallen due, deliver the outbox, and tidy up. `npm run jobs` runs one sweep from
 * the command line (for cron, with JOBS_ENABLED=false). Overlapping sweeps are safe: queueing is
 * idempotent (each message's unique key) and delivery claims each message for one sender.
 */
import { deliverDueEmails, type MailTransport } from "~/models/outbox-delivery.server";
import {
  queueCertificateEmails,
  queueDueReminders,
  queueFeedbackChasers,
  queueFeedbackRequests,
  queueFollowUpChasers,
  queueFollowUpRequests,
} from "~/models/outbox-schedule.server";
import { setDeliverOnWrite } from "~/models/outbox.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { deleteExpiredSessions } from "~/models/staff-session.server";
import { pruneSignInAttempts } from "~/models/user.server";
import { clock } from "~/utils/clock.server";

const SWEEP_INTERVAL_MS = 60_000;

let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | null = null;

export type SweepReport = {
  reminders: number;
  feedbackRequests: number;
  feedbackChasers: number;
  certificates: number;
  followUps: number;
  followUpChasers: number;
  emails: Awaited<ReturnType<typeof deliverDueEmails>>;
  expiredSessions: number;
  oldSignInAttempts: number;
  anonymisedBookings: number;
};

export async function runSweep({ now = clock(), transport }: { now?: Date; transport?: MailTransport | null } = {}): Promise<SweepReport> {
  const reminders = queueDueReminders({ now });
  const feedbackRequests = queueFeedbackRequests({ now });
  const feedbackChasers = queueFeedbackChasers({ now });
  const certificates = queueCertificateEmails({ now });
  const followUps = queueFollowUpRequests({ now });
  const followUpChasers = queueFollowUpChasers({ now });
  const emails = await deliverDueEmails({ now, ...(transport !== undefined ? { transport } : {}) });
  return {
    reminders,
    feedbackRequests,
    feedbackChasers,
    certificates,
    followUps,
    followUpChasers,
    emails,
    expiredSessions: deleteExpiredSessions(now),
    oldSignInAttempts: pruneSignInAttempts(now),
    anonymisedBookings: anonymiseExpiredBookings({ now }),
  };
}

export function startBackgroundJobs() {
  if (timer) return;
  setDeliverOnWrite(true);
  const tick = () => {
    // A slow sweep (a slow mail server) must not overlap the next one in the same process.
    if (running) return;
    running = runSweep()
      .catch((error: unknown) => console.error("Background sweep failed:", error))
      .finally(() => {
        running = null;
      });
  };
  timer = setInterval(tick, SWEEP_INTERVAL_MS);
  timer.unref();
  // Do not wait a minute for the first one: messages queued while the server was down go now.
  setTimeout(tick, 2_000).unref();
}

export async function stopBackgroundJobs() {
  setDeliverOnWrite(false);
  if (timer) clearInterval(timer);
  timer = undefined;
  await running;
}
