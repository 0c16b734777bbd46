/**
 * The waiting list: places counted, each person's position (computed from queue order, so always 1..n), and
 * promotion of the first people waiting when places free up, in the transaction that freed them.
 */
import { and, asc, count, eq, lt, or, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { queueBookingEmail } from "~/models/outbox.server";
import { clock } from "~/utils/clock.server";

import type { DbOrTx } from "../../db/client";
import { preparedOn } from "../../db/prepared";

const b = schema.bookings;

export function countBookings({ tx = db, sessionId, status }: { tx?: DbOrTx; sessionId: number; status: "confirmed" | "waitlisted" }) {
  const query = preparedOn(tx, "bookings.count", (d) =>
    d
      .select({ n: count() })
      .from(b)
      .where(and(eq(b.sessionId, sql.placeholder("sessionId")), eq(b.status, sql.placeholder("status"))))
      .prepare(),
  );
  return query.get({ sessionId, status })?.n ?? 0;
}

/** 1 for the first person waiting; null when not on the waiting list. */
export function waitingListPosition({ bookingId, tx = db }: { bookingId: number; tx?: DbOrTx }): number | null {
  const me = preparedOn(tx, "bookings.queue-place", (d) =>
    d
      .select({ sessionId: b.sessionId, status: b.status, waitlistedAt: b.waitlistedAt })
      .from(b)
      .where(eq(b.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id: bookingId });
  if (!me || me.status !== "waitlisted" || !me.waitlistedAt) return null;
  const ahead = preparedOn(tx, "bookings.waiting-ahead", (d) => {
    const at = sql.placeholder("waitlistedAt");
    return d
      .select({ n: count() })
      .from(b)
      .where(
        and(
          eq(b.sessionId, sql.placeholder("sessionId")),
          eq(b.status, "waitlisted"),
          or(lt(b.waitlistedAt, at), and(eq(b.waitlistedAt, at), lt(b.id, sql.placeholder("id")))),
        ),
      )
      .prepare();
  }).get({ sessionId: me.sessionId, waitlistedAt: me.waitlistedAt.getTime(), id: bookingId })!.n;
  return ahead + 1;
}

/**
 * Fills free places from the waiting list, first come first served, inside the caller's transaction.
 * Only for sessions still to come: nobody is promoted into a session that has started or was cancelled.
 */
export function promoteFromWaitingList({ tx, sessionId, now = clock() }: { tx: DbOrTx; sessionId: number; now?: Date }): number[] {
  const session = tx.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId)).get();
  if (!session) return [];
  if (session.status !== "scheduled" || session.startsAt <= now) return [];
  const free = session.capacity - countBookings({ tx, sessionId, status: "confirmed" });
  if (free <= 0) return [];
  const next = tx
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.sessionId, sessionId), eq(b.status, "waitlisted")))
    .orderBy(asc(b.waitlistedAt), asc(b.id))
    .limit(free)
    .all()
    .map((r) => r.id);
  for (const id of next) {
    tx.update(b).set({ status: "confirmed", confirmedAt: now, updatedAt: now }).where(eq(b.id, id)).run();
    queueBookingEmail(tx, id, { kind: "promoted" }, now);
  }
  return next;
}
