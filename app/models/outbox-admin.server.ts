/**
 * The outbox as staff see it: every message, its fate, and sending a failed one again, for administrators;
 * the messages about each booking of a session, for its organisers.
 */
import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { clock } from "~/utils/clock.server";
import { notFound } from "~/utils/http.server";

import { EMAIL_KINDS, type EmailKind, type EmailStatus } from "../../domain/vocabulary";

const o = schema.emailOutbox;

export function listOutbox({
  status,
  kind,
  search,
  limit = 100,
}: { status?: EmailStatus; kind?: EmailKind; search?: string; limit?: number } = {}) {
  const where: SQL[] = [];
  if (status) where.push(eq(o.status, status));
  if (kind) where.push(eq(o.kind, kind));
  if (search) where.push(sql`(${o.toAddress} like ${`%${search}%`} or ${o.subject} like ${`%${search}%`})`);
  return db
    .select({
      id: o.id,
      kind: o.kind,
      status: o.status,
      toAddress: o.toAddress,
      subject: o.subject,
      attempts: o.attempts,
      createdAt: o.createdAt,
      sentAt: o.sentAt,
      icsMethod: o.icsMethod,
      lastError: o.lastError,
    })
    .from(o)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(o.id))
    .limit(limit)
    .all();
}

export function countOutboxByStatus() {
  return Object.fromEntries(
    db
      .select({ status: o.status, n: count() })
      .from(o)
      .groupBy(o.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<EmailStatus, number>>;
}

export function getOutboxMessage({ id }: { id: number }) {
  const row = db.select().from(o).where(eq(o.id, id)).get();
  if (!row) throw notFound("Message not found");
  return row;
}

/** An administrator sends a failed (or held) message again: it goes back in the queue, due now. */
export function retryOutboxMessage({ id, userId, ipAddress }: { id: number; userId: number; ipAddress?: string }) {
  db.transaction(
    (tx) => {
      const row = tx.select().from(o).where(eq(o.id, id)).get();
      if (!row) throw notFound("Message not found");
      if (row.status !== "failed" && row.status !== "held")
        throw new Response("Only failed or held messages can be sent again", { status: 409 });
      // A message about a booking that has since been cancelled (or whose details were removed) would tell the
      // person something no longer true: an old confirmation, an invite to a place they gave up.
      if (row.bookingId !== null && !row.kind.startsWith("booking_cancelled") && !row.kind.startsWith("session_cancelled")) {
        const booking = tx
          .select({ status: schema.bookings.status, anonymisedAt: schema.bookings.anonymisedAt })
          .from(schema.bookings)
          .where(eq(schema.bookings.id, row.bookingId))
          .get();
        if (!booking || booking.anonymisedAt || booking.status === "cancelled")
          throw new Response("The booking has been cancelled since, so this message is out of date", { status: 409 });
      }
      tx.update(o)
        .set({ status: "queued", attempts: 0, nextAttemptAt: clock(), lastError: null })
        .where(and(eq(o.id, id), inArray(o.status, ["failed", "held"])))
        .run();
      audit({ userId, action: "email.retry", entityType: "email", entityId: id, ipAddress }, tx);
    },
    { behavior: "immediate" },
  );
}

export type PersonEmail = {
  id: number;
  kind: string;
  kindLabel: string;
  status: EmailStatus;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  /** To their line manager, not to them (ADR 026). */
  toManager: boolean;
};

/**
 * What was sent about each booking of a session, oldest first, for the organiser's view of who was told what
 * (issue 15): what, when, and whether it went, with the error where it did not.
 */
export function emailsBySessionBooking({ sessionId }: { sessionId: number }): Record<number, PersonEmail[]> {
  const rows = db
    .select({
      id: o.id,
      bookingId: o.bookingId,
      kind: o.kind,
      status: o.status,
      createdAt: o.createdAt,
      sentAt: o.sentAt,
      lastError: o.lastError,
    })
    .from(o)
    .where(and(eq(o.sessionId, sessionId), sql`${o.bookingId} is not null`))
    .orderBy(o.id)
    .all();
  const byBooking: Record<number, PersonEmail[]> = {};
  for (const r of rows)
    (byBooking[r.bookingId!] ??= []).push({
      id: r.id,
      kind: r.kind,
      kindLabel: EMAIL_KINDS[r.kind as EmailKind] ?? r.kind,
      status: r.status,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      lastError: r.lastError,
      toManager: r.kind.startsWith("manager_"),
    });
  return byBooking;
}

/**
 * The personal links in a message (manage, feedback, follow-up, certificate), with their secrets hidden: an
 * organiser reading what was sent must not be able to open someone's booking or answer as them.
 */
export function withoutSecretLinks(text: string): string {
  return text.replace(/(\/(?:booking|feedback|follow-up(?:\/manager)?)\/)[A-Za-z0-9_-]{20,}/g, "$1[their private link]");
}

/** A message about a booking of this session, for its organisers (its private links hidden); a 404 for any other. */
export function getSessionMessage({ sessionId, id }: { sessionId: number; id: number }) {
  const row = getOutboxMessage({ id });
  if (row.sessionId !== sessionId || row.bookingId === null) throw notFound("Message not found");
  return { ...row, textBody: withoutSecretLinks(row.textBody), htmlBody: withoutSecretLinks(row.htmlBody) };
}
