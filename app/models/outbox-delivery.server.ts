/**
 * Sending the outbox: a sender claims due messages (exclusively, even with two senders at once), delivers
 * them and retries failures with exponential backoff. See docs/decisions/008-email-outbox.md.
 */
import { randomUUID } from "node:crypto";

import { and, asc, eq, inArray, lte, or } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";

const o = schema.emailOutbox;

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last, the message is marked failed. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** How long a sender's claim lasts; a claim left by a sender that died is taken over after this. */
const CLAIM_MS = 2 * 60_000;

export type MailTransport = Pick<Transporter, "sendMail">;

const mail = ((globalThis as { __outboxTransport?: { transport?: (Transporter & { close(): void }) | null } }).__outboxTransport ??= {});

/** A pooled SMTP transport for an smtp:// or smtps:// address. */
export function createMailTransport(url: string) {
  return nodemailer.createTransport({ url, pool: true, maxConnections: 3, connectionTimeout: 15_000, socketTimeout: 30_000 } as Parameters<
    typeof nodemailer.createTransport
  >[0]) as Transporter & { close(): void };
}

/** The pooled SMTP connection from SMTP_URL, or null when there is none (messages are then held). */
export function getTransport(): MailTransport | null {
  if (mail.transport !== undefined) return mail.transport;
  const url = getEnv().SMTP_URL;
  mail.transport = url ? createMailTransport(url) : null;
  return mail.transport;
}

export function closeTransport() {
  mail.transport?.close();
  mail.transport = undefined;
}

/** Claims up to `limit` due messages for this sender, in one immediate transaction. */
function claim({ limit, now, sender }: { limit: number; now: Date; sender: string }) {
  return db.transaction(
    (tx) => {
      const ids = tx
        .select({ id: o.id })
        .from(o)
        .where(or(and(eq(o.status, "queued"), lte(o.nextAttemptAt, now)), and(eq(o.status, "sending"), lte(o.lockedUntil, now))))
        .orderBy(asc(o.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
      if (!ids.length) return [];
      tx.update(o)
        .set({ status: "sending", lockedUntil: new Date(now.getTime() + CLAIM_MS), lockedBy: sender })
        .where(inArray(o.id, ids))
        .run();
      return tx.select().from(o).where(inArray(o.id, ids)).orderBy(asc(o.id)).all();
    },
    { behavior: "immediate" },
  );
}

function messageId(row: { id: number; createdAt: Date }) {
  return `<outbox-${row.id}-${row.createdAt.getTime()}@${new URL(getEnv().PUBLIC_URL).hostname}>`;
}

/**
 * Delivers due messages. With no transport (no SMTP_URL) they are marked held and stay readable in the
 * outbox. A message is only ever completed by the sender that claimed it, so two senders never send one
 * message twice; if a sender dies mid-batch, its claims expire and the messages are sent later.
 */
export async function deliverDueEmails({
  transport: mailer = getTransport(),
  now = clock(),
  limit = 50,
}: { transport?: MailTransport | null; now?: Date; limit?: number } = {}): Promise<{
  sent: number;
  failed: number;
  retrying: number;
  held: number;
}> {
  const result = { sent: 0, failed: 0, retrying: 0, held: 0 };
  if (!mailer) {
    result.held = db
      .update(o)
      .set({ status: "held", lastError: "No SMTP_URL is configured, so the message is kept here rather than sent." })
      .where(and(eq(o.status, "queued"), lte(o.nextAttemptAt, now)))
      .run().changes;
    return result;
  }
  const env = getEnv();
  const sender = randomUUID();
  const batch = claim({ limit, now, sender });
  for (const row of batch) {
    const mine = and(eq(o.id, row.id), eq(o.lockedBy, sender), eq(o.status, "sending"));
    try {
      const info = await mailer.sendMail({
        from: { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM },
        to: { name: row.toName ?? "", address: row.toAddress },
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: messageId(row),
        headers: { "Auto-Submitted": "auto-generated" },
        // nodemailer's icalEvent adds both the text/calendar part (with METHOD) and the .ics attachment.
        ...(row.icsContent && row.icsMethod
          ? {
              icalEvent: {
                method: row.icsMethod,
                content: row.icsContent,
                filename: row.icsMethod === "CANCEL" ? "cancelled.ics" : "invite.ics",
              },
            }
          : {}),
      });
      db.update(o)
        .set({
          status: "sent",
          sentAt: clock(),
          messageId: info.messageId ?? messageId(row),
          lockedUntil: null,
          lockedBy: null,
          lastError: null,
          attempts: row.attempts + 1,
        })
        .where(mine)
        .run();
      result.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      const delay = RETRY_DELAYS_MINUTES[Math.min(attempts - 1, RETRY_DELAYS_MINUTES.length - 1)]! * 60_000;
      db.update(o)
        .set({
          status: failed ? "failed" : "queued",
          attempts,
          nextAttemptAt: new Date(now.getTime() + delay),
          lockedUntil: null,
          lockedBy: null,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
        })
        .where(mine)
        .run();
      if (failed) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}
