/**
 * A person's subject access request and their right to erasure (issue 15; UK GDPR Articles 15 and 17), for
 * administrators: everything held about an email address (their bookings, the answers linked to them, the
 * emails sent, the staff list, and where they were named as someone's line manager), and removing their
 * details the way retention does, so every figure stays as it was (ADR 017). Both are audited under a hash of
 * the address, never the address itself, so the audit log does not keep what was erased.
 */
import { createHmac } from "node:crypto";

import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { cancelBookingIn } from "~/models/booking.server";
import { removeBookingDetails } from "~/models/retention.server";
import { resolveSessionSecret } from "~/models/staff-session.server";
import { bookingReference } from "~/utils/booking-reference";
import { clock } from "~/utils/clock.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { newSecretToken } from "~/utils/tokens.server";

import { ATTENDANCE_LABELS, BOOKING_STATUS_LABELS, EMAIL_KINDS, SECTOR_LABELS, type EmailKind } from "../../domain/vocabulary";

const b = schema.bookings;

export const subjectSchema = z.object({
  email: z
    .string({ error: "Enter the person's email address" })
    .trim()
    .min(1, "Enter the person's email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like name@example.com" }))
    .transform((v) => v.toLowerCase()),
});

/**
 * How the audit log names the person: enough to match a later request for the same address, nothing more. Keyed
 * with the service's secret, so a list of addresses cannot be hashed to find who asked.
 */
export function subjectKey(email: string) {
  return createHmac("sha256", resolveSessionSecret(getEnv())).update(`subject:${email.toLowerCase()}`).digest("hex").slice(0, 16);
}

type Item = [label: string, value: string];

export type SubjectAccessReport = ReturnType<typeof subjectAccessReport>;

/** In UK time, as the person would read it. */
const when = (d: Date | null) => (d ? formatDateTime(d) : "");

/** Everything held about the address, grouped as the page and the download show it. */
export function subjectAccessReport({ email }: { email: string }) {
  const address = email.toLowerCase();
  const bookings = db
    .select({ booking: b, session: schema.sessions, programme: schema.programmes })
    .from(b)
    .innerJoin(schema.sessions, eq(schema.sessions.id, b.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(and(eq(b.emailNormalised, address), isNull(b.anonymisedAt)))
    .orderBy(asc(schema.sessions.startsAt))
    .all();
  const named = db
    .select({ booking: b, session: schema.sessions, programme: schema.programmes })
    .from(b)
    .innerJoin(schema.sessions, eq(schema.sessions.id, b.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(and(sql`lower(${b.managerEmail}) = ${address}`, isNull(b.anonymisedAt)))
    .all();
  const bookingIds = bookings.map((r) => r.booking.id);
  const namedIds = named.map((r) => r.booking.id);

  // Answers given through their own links on named forms; as a line manager, the manager's form only.
  const answerRows = (ids: number[], kinds: Array<"evaluation" | "follow_up" | "manager">) =>
    ids.length
      ? db
          .select({
            responseId: schema.responses.id,
            bookingId: schema.responses.bookingId,
            formTitle: schema.forms.title,
            submittedAt: schema.responses.submittedAt,
            prompt: schema.questions.prompt,
            rowKey: schema.answers.rowKey,
            choice: schema.answers.choice,
            number: schema.answers.number,
            text: schema.answers.text,
            rank: schema.answers.rank,
          })
          .from(schema.responses)
          .innerJoin(schema.forms, eq(schema.forms.id, schema.responses.formId))
          .innerJoin(schema.answers, eq(schema.answers.responseId, schema.responses.id))
          .innerJoin(schema.questions, eq(schema.questions.id, schema.answers.questionId))
          .where(and(inArray(schema.responses.bookingId, ids), inArray(schema.forms.kind, kinds)))
          .orderBy(asc(schema.responses.id), asc(schema.questions.position), asc(schema.answers.id))
          .all()
      : [];
  const group = (rows: ReturnType<typeof answerRows>) => {
    const responses = new Map<number, { formTitle: string; submittedAt: Date; items: Item[] }>();
    for (const r of rows) {
      const entry = responses.get(r.responseId) ?? { formTitle: r.formTitle, submittedAt: r.submittedAt, items: [] };
      const value = `${r.rowKey ? `${r.rowKey}: ` : ""}${r.choice ?? (r.number !== null ? String(r.number) : (r.text ?? ""))}${r.rank ? ` (ranked ${r.rank})` : ""}`;
      entry.items.push([r.prompt, value]);
      responses.set(r.responseId, entry);
    }
    return [...responses.values()];
  };

  const emails = db
    .select({
      id: schema.emailOutbox.id,
      kind: schema.emailOutbox.kind,
      subject: schema.emailOutbox.subject,
      to: schema.emailOutbox.toAddress,
      status: schema.emailOutbox.status,
      createdAt: schema.emailOutbox.createdAt,
      sentAt: schema.emailOutbox.sentAt,
    })
    .from(schema.emailOutbox)
    .where(
      or(
        sql`lower(${schema.emailOutbox.toAddress}) = ${address}`,
        bookingIds.length ? inArray(schema.emailOutbox.bookingId, bookingIds) : sql`0`,
      ),
    )
    .orderBy(asc(schema.emailOutbox.id))
    .all()
    // Emails to a line manager about someone's booking are the manager's, not the attendee's.
    .filter((e) => e.to.toLowerCase() === address || !e.kind.startsWith("manager_"));

  const staff = db
    .select()
    .from(schema.staffMembers)
    .where(sql`lower(${schema.staffMembers.email}) = ${address}`)
    .all();

  return {
    email: address,
    bookings: bookings.map(({ booking: x, session, programme }) => ({
      id: x.id,
      title: `${programme.title}, ${formatDate(session.startsAt)}`,
      items: [
        ["Booking reference", bookingReference(x.id)],
        ["Training", programme.title],
        ["Session starts", when(session.startsAt)],
        ["Status", BOOKING_STATUS_LABELS[x.status]],
        ["Attendance", ATTENDANCE_LABELS[x.attendance]],
        ["Name", x.name],
        ["Email address", x.email],
        ["Organisation", x.organisationName],
        ["Type of organisation", SECTOR_LABELS[x.sector]],
        ["Department or team", x.department ?? ""],
        ["Job role", x.jobRole],
        ["Access needs", x.accessNeeds ?? ""],
        ["Line manager's email address", x.managerEmail ?? ""],
        ["Booked", when(x.createdAt)],
        ["Privacy notice read", when(x.consentedAt)],
        ["Cancelled", x.cancelledAt ? `${when(x.cancelledAt)}${x.cancellationReason ? `: ${x.cancellationReason}` : ""}` : ""],
        ["Certificate code", x.certificateCode ?? ""],
      ] satisfies Item[],
    })),
    answers: group(answerRows(bookingIds, ["evaluation", "follow_up"])),
    asLineManager: named.map(({ booking: x, session, programme }) => ({
      id: x.id,
      item: [`Named as line manager by ${x.name}`, `${programme.title}, ${formatDate(session.startsAt)}`] satisfies Item,
    })),
    managerAnswers: group(answerRows(namedIds, ["manager"])),
    emails: emails.map((e) => ({
      id: e.id,
      item: [
        `${EMAIL_KINDS[e.kind as EmailKind] ?? e.kind}: ${e.subject}`,
        `${e.status}${e.sentAt ? `, sent ${when(e.sentAt)}` : `, written ${when(e.createdAt)}`}, to ${e.to}`,
      ] satisfies Item,
    })),
    staffList: staff.map((m) => ({
      id: m.id,
      items: [
        ["Name", m.name],
        ["Email address", m.email],
        ["Department", m.department],
        ["Job role", m.jobRole],
        ["Left the list", when(m.leftAt)],
      ] satisfies Item[],
    })),
    bookingIds,
    namedIds,
  };
}

/** The report as rows for the download: section, item, field, value. */
export function subjectAccessRows(report: SubjectAccessReport): unknown[][] {
  const rows: unknown[][] = [["Section", "Item", "Field", "Value"]];
  for (const x of report.bookings) for (const [k, v] of x.items) rows.push(["Booking", x.title, k, v]);
  for (const a of report.answers) for (const [k, v] of a.items) rows.push(["Answers", `${a.formTitle}, ${when(a.submittedAt)}`, k, v]);
  for (const n of report.asLineManager) rows.push(["Line manager", "", n.item[0], n.item[1]]);
  for (const a of report.managerAnswers)
    for (const [k, v] of a.items) rows.push(["Line manager's answers", `${a.formTitle}, ${when(a.submittedAt)}`, k, v]);
  for (const e of report.emails) rows.push(["Email", "", e.item[0], e.item[1]]);
  for (const s of report.staffList) for (const [k, v] of s.items) rows.push(["Staff list", "", k, v]);
  return rows;
}

export function auditSubjectAccess({ email, userId, ipAddress }: { email: string; userId: number; ipAddress?: string }) {
  audit({ userId, action: "person.subject_access", entityType: "person", details: { subject: subjectKey(email) }, ipAddress });
}

/**
 * Erases the person's details: their bookings as retention would (figures unchanged), their address where
 * someone named them as line manager (that booking's manager link stops working), and every email to them.
 * The staff list is the council's own upload: an entry there is reported, and goes with the next upload.
 */
export function eraseSubject({
  email,
  userId,
  ipAddress,
  now = clock(),
}: {
  email: string;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  const report = subjectAccessReport({ email });
  return db.transaction(
    (tx) => {
      // A place on a session still to come is given up first, so it goes to the next person waiting rather than
      // being held by nobody; the person is not emailed about it (they asked for their details to go).
      const upcoming = tx
        .select({ id: b.id })
        .from(b)
        .innerJoin(schema.sessions, eq(schema.sessions.id, b.sessionId))
        .where(
          and(
            inArray(b.id, report.bookingIds.length ? report.bookingIds : [0]),
            sql`${b.status} <> 'cancelled'`,
            sql`${schema.sessions.startsAt} > ${now.getTime()}`,
          ),
        )
        .all();
      for (const { id } of upcoming)
        cancelBookingIn(tx, { bookingId: id, by: "organiser", reason: null, userId, ipAddress, notify: false, now });
      const bookings = removeBookingDetails({ tx, bookingIds: report.bookingIds, label: "Removed on request", now });
      for (const id of report.namedIds)
        tx.update(b)
          .set({ managerEmail: null, managerToken: sql`case when ${b.managerToken} is null then null else ${newSecretToken()} end` })
          .where(eq(b.id, id))
          .run();
      const emails = tx
        .delete(schema.emailOutbox)
        .where(sql`lower(${schema.emailOutbox.toAddress}) = ${report.email}`)
        .run().changes;
      audit(
        {
          userId,
          action: "person.erase",
          entityType: "person",
          details: {
            subject: subjectKey(report.email),
            bookings,
            placesGivenUp: upcoming.length,
            namedAsManager: report.namedIds.length,
            emails,
          },
          ipAddress,
        },
        tx,
      );
      return { bookings, placesGivenUp: upcoming.length, namedAsManager: report.namedIds.length, onStaffList: report.staffList.length };
    },
    { behavior: "immediate" },
  );
}
