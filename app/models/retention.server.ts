import { and, eq, isNull, lt, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";

/** The privacy notice promises this: booking details are kept for 2 years after the session. */
export const BOOKING_RETENTION_MONTHS = 24;

/**
 * Removes names, contact details, departments, job roles and access needs from bookings whose session ended
 * more than the retention period ago, with the emails sent about them; the manage, feedback and line manager's
 * links and the certificate's code stop working. Organisation, sector,
 * attendance and the booking's person and department ids stay, so no figure changes: a person who came
 * twice is still one person, and an attendance keeps its department (ADR 017). Then any person none of
 * whose bookings holds their details, and who is not on the current staff list, loses the email behind
 * their id: their figures stay, but nothing links them to an address.
 */
export function anonymiseExpiredBookings({ now = clock() }: { now?: Date } = {}): number {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - BOOKING_RETENTION_MONTHS);
  const expired = db
    .select({ id: schema.bookings.id })
    .from(schema.bookings)
    .innerJoin(schema.sessions, sql`${schema.sessions.id} = ${schema.bookings.sessionId}`)
    .where(and(isNull(schema.bookings.anonymisedAt), lt(schema.sessions.endsAt, cutoff)))
    .limit(5000)
    .all()
    .map((r) => r.id);
  if (!expired.length) {
    // Someone who has left the staff list since the last run.
    forgetPeopleWithoutDetails(db);
    return 0;
  }
  return db.transaction((tx) => removeBookingDetails({ tx, bookingIds: expired, label: "Removed after retention period", now }));
}

/**
 * Removes the personal details of these bookings as retention does, so every figure stays as it was (ADR 017):
 * name, email, job role, department, access needs and the line manager's address go, the links' secrets and
 * the certificate's code stop working, and the emails about the bookings are deleted. Then anyone left with no
 * details loses the address behind their person id. In the caller's transaction; returns how many changed.
 */
export function removeBookingDetails({ tx, bookingIds, label, now }: { tx: DbOrTx; bookingIds: number[]; label: string; now: Date }) {
  let changed = 0;
  for (const id of bookingIds) {
    changed += tx
      .update(schema.bookings)
      .set({
        name: label,
        email: "",
        emailNormalised: `removed-${id}`,
        jobRole: "",
        department: null,
        accessNeeds: null,
        // Free text an organiser or the person typed ("off sick"): it may name them.
        cancellationReason: null,
        manageToken: newSecretToken(),
        feedbackToken: newSecretToken(),
        // The certificate can no longer be checked: the name it would confirm is gone.
        certificateCode: null,
        managerEmail: null,
        // A new secret, not none: the old link stops working, and the follow-up figures still know a manager
        // was named (their response rate's denominator), so retention leaves them as they were.
        managerToken: sql`case when ${schema.bookings.managerToken} is null then null else ${newSecretToken()} end`,
        anonymisedAt: now,
      })
      .where(and(eq(schema.bookings.id, id), isNull(schema.bookings.anonymisedAt)))
      .run().changes;
    // The emails about the booking hold the same details (and a line manager's address): they go too, and so
    // does the reason an organiser typed when cancelling it, from the audit log (the entry itself stays).
    tx.delete(schema.emailOutbox).where(eq(schema.emailOutbox.bookingId, id)).run();
    tx.run(
      sql`update ${schema.auditLog} set ${sql.identifier(schema.auditLog.details.name)} = json_remove(${schema.auditLog.details}, '$.reason')
        where ${schema.auditLog.entityType} = 'booking' and ${schema.auditLog.entityId} = ${id} and ${schema.auditLog.action} = 'booking.cancel'`,
    );
  }
  forgetPeopleWithoutDetails(tx);
  return changed;
}

/**
 * Staff on the list keep the link, so compulsory-training coverage and refresher dates stay right while they
 * work here (the privacy notice says so); a pseudonym has no "@", so it can never match an address.
 */
function forgetPeopleWithoutDetails(tx: Pick<typeof db, "run">) {
  const p = schema.people;
  const b = schema.bookings;
  const staff = schema.staffMembers;
  tx.run(sql`
    update ${p} set ${sql.identifier(p.emailNormalised.name)} = 'removed-person-' || ${p.id}
    where instr(${p.emailNormalised}, '@') > 0
      and not exists (select 1 from ${b} where ${b.personId} = ${p.id} and ${b.anonymisedAt} is null)
      and not exists (select 1 from ${staff} where ${staff.email} = ${p.emailNormalised} and ${staff.leftAt} is null)`);
}
