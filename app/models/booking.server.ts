/**
 * Bookings, waiting lists and attendance. The rules that must hold whatever the concurrency:
 * - confirmed bookings never exceed capacity; when full, new bookings join the waiting list;
 * - a cancellation promotes the first person waiting, in the same transaction;
 * - waiting-list positions are computed from queue order, so they are always 1..n;
 * - one active booking per person (email, case-insensitive) per session.
 * Every write runs in a `BEGIN IMMEDIATE` transaction: the write lock is taken before the capacity is
 * read, so two servers on one database cannot both take the last place. Within one process,
 * better-sqlite3's transactions are synchronous and cannot interleave at all.
 */
import { randomUUID } from "node:crypto";

import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { inviteSequence } from "~/models/calendar.server";
import { listStaffDepartments } from "~/models/compulsory.server";
import { findOrCreateOrganisation, organisationIsKnown } from "~/models/organisation.server";
import { queueBookingEmail } from "~/models/outbox.server";
import { unseenByPublicPages } from "~/models/public-pages.server";
import { getSessionRow } from "~/models/session.server";
import { countBookings, promoteFromWaitingList, waitingListPosition } from "~/models/waiting-list.server";
import { clock } from "~/utils/clock.server";
import { ukDateKey } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { str, type FieldErrors, type FormResult } from "~/utils/forms";
import { msg, type Locale, type MessageKey } from "~/utils/i18n";
import { newCalendarUid, newSecretToken } from "~/utils/tokens.server";

import type { DbOrTx } from "../../db/client";
import { msAt as ms, preparedOn, valueAt as v } from "../../db/prepared";
import { OTHER_DEPARTMENT, SECTORS, type Attendance, type BookingSource, type Role } from "../../domain/vocabulary";

const b = schema.bookings;

/** Whose details a form takes: the person's own ("your"), or someone's typed in by staff ("their"). */
type Whose = "your" | "their";

const text = (label: string, max: number, whose: Whose = "your") =>
  z
    .string({ error: `Enter ${whose} ${label}` })
    .trim()
    .min(1, `Enter ${whose} ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

/** The public form's version: its messages are catalogue keys, put in the page's language by the route (ADR 028). */
const ownText = (required: MessageKey, tooLong: MessageKey, max: number) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong);

const optionalText = (message: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null);

const email = (whose: Whose, optional: boolean) => {
  const required = whose === "your" ? msg("booking.error.email.required") : `Enter ${whose} email address`;
  const address = z
    .string({ error: required })
    .trim()
    .max(254, whose === "your" ? msg("booking.error.email.tooLong") : "Email address must be 254 characters or fewer");
  const valid = z.email({
    error: whose === "your" ? msg("booking.error.email.format") : "Enter an email address in the correct format, like name@example.com",
  });
  // A walk-in may have no email address: then nothing is ever sent to them.
  return optional
    ? address
        .optional()
        .transform((v) => v ?? "")
        .pipe(z.union([z.literal(""), valid]))
    : address.min(1, required).pipe(valid);
};

/**
 * The attendee's details as a form takes them, its messages addressed to whoever fills it in (issue 15): the
 * attendee's own in every language (catalogue keys), staff's in English.
 */
function attendeeFields(whose: Whose, { emailOptional = false }: { emailOptional?: boolean } = {}) {
  const own = whose === "your";
  return z.object({
    name: own ? ownText("booking.error.name.required", "booking.error.name.tooLong", 120) : text("full name", 120, whose),
    email: email(whose, emailOptional),
    organisation: (own
      ? ownText("booking.error.organisation.required", "booking.error.organisation.tooLong", 150)
      : text("organisation", 150, whose)
    ).refine((v) => /[\p{L}\p{N}]/u.test(v), {
      error: own
        ? msg("booking.error.organisation.letters")
        : "Enter the name of their organisation in letters or numbers. If they do not work for one, enter “None”",
    }),
    sector: z.enum(SECTORS, { error: own ? msg("booking.error.sector.required") : "Select the type of organisation they work for" }),
    jobRole: own ? ownText("booking.error.jobRole.required", "booking.error.jobRole.tooLong", 120) : text("job role", 120, whose),
    department: optionalText(own ? msg("booking.error.department.tooLong") : "Department or team must be 120 characters or fewer", 120),
    accessNeeds: optionalText(own ? msg("booking.error.accessNeeds.tooLong") : "Access needs must be 500 characters or fewer", 500),
    /** Council staff only, where the programme asks: for the manager's follow-up weeks later (ADR 026). */
    managerEmail: z
      .string()
      .trim()
      .max(254, own ? msg("booking.error.managerEmail.tooLong") : "Their line manager's email address must be 254 characters or fewer")
      .optional()
      .transform((v) => v || null)
      .pipe(
        z
          .email({
            error: own
              ? msg("booking.error.managerEmail.format")
              : "Enter their line manager's email address in the correct format, like name@example.com",
          })
          .nullable(),
      ),
  });
}

/** The attendee's details, as posted by the public booking form. */
export const attendeeSchema = attendeeFields("your");
/** As staff type them for someone else: a phone booking (they need the confirmation, so an email address). */
export const staffAttendeeSchema = attendeeFields("their");
/** A walk-in added on the register: they may have no email address (issue 15). */
export const walkInAttendeeSchema = attendeeFields("their", { emailOptional: true });

export const publicBookingSchema = attendeeSchema.extend({
  consent: z.literal("yes", { error: msg("booking.error.consent") }),
  /** The honeypot: people never see it, bots fill it in. */
  website: z.string().max(0).optional(),
});

/** As checked; the line manager's address is for the booking form alone (walk-ins and phone bookings leave it out). */
export type AttendeeDetails = Omit<z.output<typeof attendeeSchema>, "managerEmail"> & { managerEmail?: string | null };

/**
 * Council staff choose their department from the uploaded staff list's (plus "Other", then typed), so that
 * L&D can count training by department; everyone else types it, or not. Without a staff list, everyone types.
 */
export function chooseDepartment({
  sector,
  choice,
  typed,
  departments,
}: {
  sector: string;
  choice: string;
  typed: string;
  /** The staff list's departments, or how to read them: read only for council staff (not on every booking of a rush). */
  departments: readonly string[] | (() => readonly string[]);
}): { ok: true; department: string | null } | { ok: false; field: "staffDepartment" | "department"; message: string } {
  const text = typed.trim();
  if (sector !== "council_department") return { ok: true, department: text || null };
  const listed = typeof departments === "function" ? departments() : departments;
  if (!listed.length) return { ok: true, department: text || null };
  if (!choice) return { ok: false, field: "staffDepartment", message: msg("booking.error.staffDepartment.required") };
  if (choice === OTHER_DEPARTMENT)
    return text ? { ok: true, department: text } : { ok: false, field: "department", message: msg("booking.error.department.required") };
  const found = listed.find((d) => d.trim().toLowerCase() === choice.trim().toLowerCase());
  return found
    ? { ok: true, department: found }
    : { ok: false, field: "staffDepartment", message: msg("booking.error.staffDepartment.listed") };
}

export type BookingRefusal =
  { ok: false; reason: "duplicate"; existingBookingId: number } | { ok: false; reason: "cancelled" | "started" | "closed" };

export type BookingResult =
  { ok: true; bookingId: number; manageToken: string; status: "confirmed" | "waitlisted"; position: number | null } | BookingRefusal;

/** Catalogue keys: the public pages say them in the page's language, staff pages in English. */
export const REFUSAL_MESSAGES: Record<Exclude<BookingRefusal["reason"], "duplicate">, MessageKey> = {
  cancelled: "booking.refused.cancelled",
  started: "booking.refused.started",
  closed: "booking.refused.closed",
};

function isUniqueViolation(error: unknown) {
  return error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT_UNIQUE");
}

function programmeAsksForManager(tx: DbOrTx, programmeId: number) {
  return Boolean(
    tx.select({ ask: schema.programmes.askLineManager }).from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get()?.ask,
  );
}

function findActiveBooking(tx: DbOrTx, sessionId: number, emailNormalised: string) {
  return preparedOn(tx, "bookings.active-for-email", (d) =>
    d
      .select({ id: b.id })
      .from(b)
      // 'cancelled' written into the SQL, not bound: SQLite uses the partial unique index (one active booking per
      // person) only when the query's condition is its own, word for word.
      .where(
        and(eq(b.sessionId, sql.placeholder("sessionId")), eq(b.emailNormalised, sql.placeholder("email")), ne(b.status, sql`'cancelled'`)),
      )
      .prepare(),
  ).get({ sessionId, email: emailNormalised });
}

/**
 * The booking row as insertBooking writes it, every column a value given when it runs. Times are given in ms
 * and passed through as they are (`ms`): drizzle's own conversion of a placeholder's Date fails on null.
 */
function prepareInsertBooking(d: DbOrTx) {
  return d
    .insert(b)
    .values({
      sessionId: v("sessionId"),
      name: v("name"),
      email: v("email"),
      emailNormalised: v("emailNormalised"),
      organisationId: v("organisationId"),
      organisationName: v("organisationName"),
      sector: v("sector"),
      department: v("department"),
      jobRole: v("jobRole"),
      accessNeeds: v("accessNeeds"),
      managerEmail: v("managerEmail"),
      managerToken: v("managerToken"),
      status: v("status"),
      confirmedAt: ms("confirmedAt"),
      waitlistedAt: ms("waitlistedAt"),
      attendance: v("attendance"),
      attendanceMarkedAt: ms("attendanceMarkedAt"),
      attendanceMarkedBy: v("attendanceMarkedBy"),
      source: v("source"),
      manageToken: v("manageToken"),
      feedbackToken: v("feedbackToken"),
      calendarUid: v("calendarUid"),
      locale: v("locale"),
      consentedAt: ms("consentedAt"),
      createdBy: v("createdBy"),
      createdAt: ms("createdAt"),
      updatedAt: ms("updatedAt"),
    })
    .returning({ id: b.id, manageToken: b.manageToken })
    .prepare();
}

/**
 * Writes a booking: the one place a booking row is made, whether it was booked online, by phone, at the door
 * or by the demo data. The checks (capacity, duplicates, whether booking is open) are the caller's.
 */
export function insertBooking({
  tx,
  sessionId,
  attendee,
  status,
  source,
  attended = false,
  userId = null,
  consented = false,
  managerEmail = null,
  locale = "en",
  now,
}: {
  tx: DbOrTx;
  sessionId: number;
  /** Their line manager's address is given apart (below), never taken from what was posted. */
  attendee: AttendeeDetails;
  status: "confirmed" | "waitlisted";
  source: BookingSource;
  /** Marked as attended as they are added (a walk-in). */
  attended?: boolean;
  userId?: number | null;
  /** They ticked the privacy notice themselves (a walk-in checking in on their phone); online bookings always do. */
  consented?: boolean;
  /** Only where the programme asks for it (ADR 026): the caller decides, so a forged post cannot add one. */
  managerEmail?: string | null;
  /** The language their emails and invites are written in (ADR 028). */
  locale?: Locale;
  now: Date;
}): { id: number; manageToken: string } {
  const organisation = findOrCreateOrganisation({ name: attendee.organisation, sector: attendee.sector, tx });
  return preparedOn(tx, "bookings.insert", prepareInsertBooking).get({
    sessionId,
    name: attendee.name,
    email: attendee.email,
    // A walk-in with no email address is still one person of their own (figures count people by this).
    emailNormalised: attendee.email ? attendee.email.toLowerCase() : `no-email-${randomUUID()}`,
    organisationId: organisation.id,
    organisationName: attendee.organisation,
    sector: attendee.sector,
    // Not given: null, as the column's own default (these columns have none).
    department: attendee.department ?? null,
    jobRole: attendee.jobRole,
    accessNeeds: attendee.accessNeeds ?? null,
    managerEmail,
    managerToken: managerEmail ? newSecretToken() : null,
    status,
    confirmedAt: status === "confirmed" ? now.getTime() : null,
    waitlistedAt: status === "waitlisted" ? now.getTime() : null,
    attendance: attended ? "attended" : "unknown",
    attendanceMarkedAt: attended ? now.getTime() : null,
    attendanceMarkedBy: attended ? userId : null,
    source,
    manageToken: newSecretToken(),
    feedbackToken: newSecretToken(),
    calendarUid: newCalendarUid(getEnv().PUBLIC_URL),
    locale,
    // Only people booking for themselves tick the privacy notice; staff record the others' bookings.
    consentedAt: source === "online" || consented ? now.getTime() : null,
    createdBy: userId,
    createdAt: now.getTime(),
    updatedAt: now.getTime(),
  })!;
}

/**
 * Books a place, or a place on the waiting list when the session is full. Attendees cannot book after
 * booking closes; organisers taking a phone booking can, until the session starts.
 */
export function createBooking({
  sessionId,
  attendee,
  source = "online",
  userId = null,
  ipAddress,
  locale = "en",
  now = clock(),
}: {
  sessionId: number;
  attendee: AttendeeDetails;
  source?: BookingSource;
  userId?: number | null;
  ipAddress?: string;
  /** The language the attendee booked in: their emails and invites are written in it. */
  locale?: Locale;
  now?: Date;
}): BookingResult {
  const emailNormalised = attendee.email.toLowerCase();
  // Only a confirmed place changes what the public pages show (places left); a rush is mostly the waiting list.
  return unseenByPublicPages({
    write: () => bookPlace({ sessionId, attendee, emailNormalised, source, userId, ipAddress, locale, now }),
    unseen: (result) => !result.ok || result.status === "waitlisted",
  });
}

function bookPlace({
  sessionId,
  attendee,
  emailNormalised,
  source,
  userId,
  ipAddress,
  locale,
  now,
}: {
  sessionId: number;
  attendee: AttendeeDetails;
  emailNormalised: string;
  source: BookingSource;
  userId: number | null;
  ipAddress?: string;
  locale: Locale;
  now: Date;
}): BookingResult {
  try {
    return db.transaction(
      (tx): BookingResult => {
        const session = getSessionRow({ sessionId, tx });
        if (session.status === "cancelled") return { ok: false, reason: "cancelled" };
        if (session.startsAt <= now) return { ok: false, reason: "started" };
        if (source === "online" && session.bookingClosesAt <= now) return { ok: false, reason: "closed" };

        const existing = findActiveBooking(tx, sessionId, emailNormalised);
        if (existing) {
          // The person who typed the address sees nothing of the booking; its owner gets the link by email.
          queueBookingEmail(tx, existing.id, { kind: "manage_link" }, now);
          return { ok: false, reason: "duplicate", existingBookingId: existing.id };
        }

        const confirmed = countBookings({ tx, sessionId, status: "confirmed" });
        const status = confirmed < session.capacity ? "confirmed" : "waitlisted";
        // A line manager's address is kept only where the programme asks for one (never on a forged post).
        const keepManager = attendee.managerEmail ? programmeAsksForManager(tx, session.programmeId) : false;
        const { id: bookingId, manageToken } = insertBooking({
          tx,
          sessionId,
          attendee,
          managerEmail: keepManager ? (attendee.managerEmail ?? null) : null,
          status,
          source,
          userId,
          locale,
          now,
        });
        if (userId) {
          audit(
            {
              userId,
              action: "booking.create",
              entityType: "booking",
              entityId: bookingId,
              details: { sessionId, source, status },
              ipAddress,
            },
            tx,
          );
        }
        const position = status === "waitlisted" ? waitingListPosition({ bookingId, tx }) : null;
        queueBookingEmail(tx, bookingId, position ? { kind: "waitlisted", position } : { kind: "booking_confirmed" }, now);
        return { ok: true, bookingId, manageToken, status, position };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // The partial unique index is the last word on duplicates, should two requests for one person race.
    if (isUniqueViolation(error)) {
      const existing = findActiveBooking(db, sessionId, emailNormalised);
      if (existing) {
        queueBookingEmail(db, existing.id, { kind: "manage_link" }, now);
        return { ok: false, reason: "duplicate", existingBookingId: existing.id };
      }
    }
    throw error;
  }
}

/**
 * The attendee in a public form's answers (the booking form, a walk-in checking in): the fields as checked, and
 * the department chosen as `chooseDepartment` says, from the staff list for council staff; or the errors beside
 * their fields.
 */
export function attendeeFromForm(
  form: FormResult<z.output<typeof publicBookingSchema>>,
): { ok: true; attendee: AttendeeDetails } | { ok: false; errors: FieldErrors } {
  const department = chooseDepartment({
    sector: str(form.values, "sector"),
    choice: str(form.values, "staffDepartment"),
    typed: str(form.values, "department"),
    departments: listStaffDepartments,
  });
  const manager = form.ok ? managerProblem(form.data) : null;
  if (!form.ok || !department.ok || manager)
    return {
      ok: false,
      errors: {
        ...(form.ok ? {} : form.errors),
        ...(department.ok ? {} : { [department.field]: department.message }),
        ...(manager ? { managerEmail: manager } : {}),
      },
    };
  const { consent: _consent, website: _website, ...attendee } = form.data;
  return { ok: true, attendee: { ...attendee, department: department.department } };
}

/** Why a line manager's email cannot be kept: only council staff are asked, and it must be someone else's. */
function managerProblem({ managerEmail, email, sector }: { managerEmail: string | null; email: string; sector: string }) {
  if (!managerEmail) return null;
  if (sector !== "council_department") return msg("booking.error.managerEmail.notStaff");
  if (managerEmail.toLowerCase() === email.toLowerCase()) return msg("booking.error.managerEmail.own");
  return null;
}

/** A booking rule refused the change; `field` names the form field the message belongs beside, if one. */
export class BookingRuleError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
  ) {
    super(message);
  }
}

export { inviteSequence };

/**
 * Cancels a booking. A confirmed place goes to the first person waiting, in the same transaction.
 * Attendees cannot cancel once the session has started; organisers can (e.g. to tidy the register).
 */
export function cancelBooking({
  bookingId,
  by,
  reason = null,
  userId = null,
  ipAddress,
  now = clock(),
}: {
  bookingId: number;
  by: "attendee" | "organiser";
  reason?: string | null;
  userId?: number | null;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction((tx) => cancelBookingIn(tx, { bookingId, by, reason, userId, ipAddress, now }), { behavior: "immediate" });
}

/**
 * `cancelBooking` inside the caller's transaction. `notify: false` tells nobody (a person whose details are
 * being erased at their request); the next person waiting is given the place, and told, either way.
 */
export function cancelBookingIn(
  tx: DbOrTx,
  {
    bookingId,
    by,
    reason = null,
    userId = null,
    ipAddress,
    notify = true,
    now,
  }: {
    bookingId: number;
    by: "attendee" | "organiser";
    reason?: string | null;
    userId?: number | null;
    ipAddress?: string;
    notify?: boolean;
    now: Date;
  },
) {
  const booking = getBookingRow({ bookingId, tx });
  if (booking.status === "cancelled") throw new BookingRuleError("This booking has already been cancelled.");
  const session = getSessionRow({ sessionId: booking.sessionId, tx });
  if (by === "attendee" && session.startsAt <= now)
    throw new BookingRuleError("This session has already started, so the booking can no longer be cancelled online.");
  tx.update(b)
    .set({
      status: "cancelled",
      cancelledAt: now,
      cancelledBy: by,
      cancellationReason: reason,
      calendarSequence: booking.calendarSequence + 1,
      updatedAt: now,
    })
    .where(eq(b.id, bookingId))
    .run();
  if (notify) queueBookingEmail(tx, bookingId, { kind: "booking_cancelled", by, reason, hadPlace: booking.status === "confirmed" }, now);
  const promoted = booking.status === "confirmed" ? promoteFromWaitingList({ tx, sessionId: booking.sessionId, now }) : [];
  if (userId) {
    audit(
      {
        userId,
        action: "booking.cancel",
        entityType: "booking",
        entityId: bookingId,
        details: { sessionId: booking.sessionId, reason, was: booking.status, promoted },
        ipAddress,
      },
      tx,
    );
  }
  return { promoted, wasStatus: booking.status };
}

/** An organiser gives a specific person on the waiting list a free place (out of queue order if need be). */
export function promoteBooking({
  bookingId,
  userId,
  ipAddress,
  now = clock(),
}: {
  bookingId: number;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const booking = getBookingRow({ bookingId, tx });
      if (booking.status !== "waitlisted") throw new BookingRuleError("Only someone on the waiting list can be given a place.");
      const session = getSessionRow({ sessionId: booking.sessionId, tx });
      if (session.status !== "scheduled" || session.startsAt <= now)
        throw new BookingRuleError("This session has started or been cancelled.");
      if (countBookings({ tx, sessionId: session.id, status: "confirmed" }) >= session.capacity) {
        throw new BookingRuleError("The session is full. Raise the number of places or cancel a booking first.");
      }
      tx.update(b).set({ status: "confirmed", confirmedAt: now, updatedAt: now }).where(eq(b.id, bookingId)).run();
      queueBookingEmail(tx, bookingId, { kind: "promoted" }, now);
      audit(
        { userId, action: "booking.promote", entityType: "booking", entityId: bookingId, details: { sessionId: session.id }, ipAddress },
        tx,
      );
    },
    { behavior: "immediate" },
  );
}

/**
 * Moves a booking to another session of the same programme. The booking keeps its identity (and calendar
 * UID, so the attendee's calendar entry moves rather than duplicates); it is confirmed if the new session
 * has room and waiting otherwise. The place it leaves goes to the first person waiting.
 */
export function moveBooking({
  bookingId,
  toSessionId,
  userId,
  ipAddress,
  now = clock(),
}: {
  bookingId: number;
  toSessionId: number;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const booking = getBookingRow({ bookingId, tx });
      if (booking.status === "cancelled") throw new BookingRuleError("A cancelled booking cannot be moved.");
      const from = getSessionRow({ sessionId: booking.sessionId, tx });
      const to = getSessionRow({ sessionId: toSessionId, tx });
      if (to.id === from.id) throw new BookingRuleError("Choose a different session.");
      if (to.programmeId !== from.programmeId)
        throw new BookingRuleError("A booking can only move to another session of the same programme.");
      if (to.status !== "scheduled" || to.startsAt <= now)
        throw new BookingRuleError("Choose a session that has not started or been cancelled.");
      if (findActiveBooking(tx, to.id, booking.emailNormalised))
        throw new BookingRuleError(`${booking.name} is already booked on that session.`);
      const status = countBookings({ tx, sessionId: to.id, status: "confirmed" }) < to.capacity ? "confirmed" : "waitlisted";
      tx.update(b)
        .set({
          sessionId: to.id,
          status,
          confirmedAt: status === "confirmed" ? now : null,
          waitlistedAt: status === "waitlisted" ? now : null,
          attendance: "unknown",
          attendanceMarkedAt: null,
          attendanceMarkedBy: null,
          // Keeps the invite's SEQUENCE (session's + booking's) strictly above the last one sent.
          calendarSequence: Math.max(0, inviteSequence(from, booking) + 1 - to.sequence),
          updatedAt: now,
        })
        .where(eq(b.id, bookingId))
        .run();
      queueBookingEmail(
        tx,
        bookingId,
        {
          kind: "booking_moved",
          from,
          hadPlace: booking.status === "confirmed",
          position: status === "waitlisted" ? waitingListPosition({ bookingId, tx }) : null,
        },
        now,
      );
      const promoted = booking.status === "confirmed" ? promoteFromWaitingList({ tx, sessionId: from.id, now }) : [];
      audit(
        {
          userId,
          action: "booking.move",
          entityType: "booking",
          entityId: bookingId,
          details: { from: from.id, to: to.id, status, promoted },
          ipAddress,
        },
        tx,
      );
      return { status, promoted };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Attendance
// ---------------------------------------------------------------------------------------------------------

/** Registers open on the day of the session (UK time), so a facilitator can mark people at the door. */
/** Check-in in the room opens this long before a session starts (ADR 024), and the register with it. */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;

/**
 * The register can be marked from the session's day (UK time), or from when check-in opens if that is earlier (a
 * session just after midnight).
 */
export function registerIsOpen(session: { startsAt: Date; status: string }, now = clock()) {
  return (
    session.status === "scheduled" &&
    (ukDateKey(now) >= ukDateKey(session.startsAt) || now.getTime() >= session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS)
  );
}

export function markAttendance({
  bookingId,
  attendance,
  userId,
  ipAddress,
  now = clock(),
}: {
  bookingId: number;
  attendance: Attendance;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const booking = getBookingRow({ bookingId, tx });
      if (booking.status !== "confirmed") throw new BookingRuleError("Only confirmed bookings are on the register.");
      const session = getSessionRow({ sessionId: booking.sessionId, tx });
      if (!registerIsOpen(session, now)) throw new BookingRuleError("The register opens on the day of the session.");
      tx.update(b)
        .set({ attendance, attendanceMarkedAt: now, attendanceMarkedBy: userId, updatedAt: now })
        .where(eq(b.id, bookingId))
        .run();
      if (!session.attendanceTakenAt)
        tx.update(schema.sessions).set({ attendanceTakenAt: now }).where(eq(schema.sessions.id, session.id)).run();
      audit(
        {
          userId,
          action: "booking.attendance",
          entityType: "booking",
          entityId: bookingId,
          details: { sessionId: session.id, attendance, was: booking.attendance },
          ipAddress,
        },
        tx,
      );
      return { name: booking.name };
    },
    { behavior: "immediate" },
  );
}

export function markUnmarkedAsNoShow({
  sessionId,
  userId,
  ipAddress,
  now = clock(),
}: {
  sessionId: number;
  userId: number;
  ipAddress?: string;
  now?: Date;
}) {
  return db.transaction(
    (tx) => {
      const session = getSessionRow({ sessionId, tx });
      if (!registerIsOpen(session, now)) throw new BookingRuleError("The register opens on the day of the session.");
      const changed = tx
        .update(b)
        .set({ attendance: "no_show", attendanceMarkedAt: now, attendanceMarkedBy: userId, updatedAt: now })
        .where(and(eq(b.sessionId, sessionId), eq(b.status, "confirmed"), eq(b.attendance, "unknown")))
        .run().changes;
      if (!session.attendanceTakenAt)
        tx.update(schema.sessions).set({ attendanceTakenAt: now }).where(eq(schema.sessions.id, sessionId)).run();
      audit(
        {
          userId,
          action: "session.mark_remaining_no_show",
          entityType: "session",
          entityId: sessionId,
          details: { marked: changed },
          ipAddress,
        },
        tx,
      );
      return changed;
    },
    { behavior: "immediate" },
  );
}

/**
 * Someone who came without booking. They are added as confirmed and attended; if the session was full
 * its capacity is raised to fit them (the room had space on the day), and that is recorded. If they had
 * a booking after all, that booking is marked attended instead of adding a second one.
 */
/**
 * What each role may do when someone arrives without a booking (docs/decisions/016-what-a-facilitator-may-do.md).
 * A facilitator records who came; the number of places and the list of organisations, which plans and reports
 * are built on, are an organiser's to change.
 */
export const WALK_IN_RULES: Record<Role, { raiseCapacity: boolean; addOrganisation: boolean }> = {
  admin: { raiseCapacity: true, addOrganisation: true },
  organiser: { raiseCapacity: true, addOrganisation: true },
  facilitator: { raiseCapacity: false, addOrganisation: false },
  reporter: { raiseCapacity: false, addOrganisation: false },
};

/** "All 20 places are taken", or "The only place is taken". */
export function placesTaken(capacity: number): string {
  return capacity === 1 ? "The only place is taken" : `All ${capacity} places are taken`;
}

/**
 * Adds someone who came without booking, as attended. A full session takes them only when the person adding
 * them may raise its number of places and says to (`raiseCapacity`); a new organisation only when they may add
 * one. Someone already booked (or waiting) keeps their booking, marked attended.
 */
export function addWalkIn({
  sessionId,
  attendee,
  userId,
  role,
  raiseCapacity = false,
  ipAddress,
  now = clock(),
}: {
  sessionId: number;
  attendee: AttendeeDetails;
  userId: number;
  role: Role;
  raiseCapacity?: boolean;
  ipAddress?: string;
  now?: Date;
}) {
  const may = WALK_IN_RULES[role];
  return db.transaction(
    (tx) => {
      const session = getSessionRow({ sessionId, tx });
      if (!registerIsOpen(session, now)) throw new BookingRuleError("Walk-ins can be added from the day of the session.");
      const confirmed = countBookings({ tx, sessionId, status: "confirmed" });
      // Without an email address there is no booking of theirs to find: they are someone new.
      const existing = attendee.email ? findActiveBooking(tx, sessionId, attendee.email.toLowerCase()) : undefined;
      const needsPlace = !existing || getBookingRow({ bookingId: existing.id, tx }).status !== "confirmed";
      let capacityRaisedTo: number | null = null;
      if (needsPlace && confirmed >= session.capacity) {
        if (!may.raiseCapacity)
          throw new BookingRuleError(
            `${placesTaken(session.capacity)}, and only an organiser can add more. Write their details on the sign-in sheet for an organiser to add.`,
          );
        if (!raiseCapacity)
          throw new BookingRuleError(
            `${placesTaken(session.capacity)}. To add them, confirm that the number of places goes up to ${confirmed + 1}.`,
            "raiseCapacity",
          );
        capacityRaisedTo = confirmed + 1;
        tx.update(schema.sessions).set({ capacity: capacityRaisedTo, updatedAt: now }).where(eq(schema.sessions.id, sessionId)).run();
      }
      if (!existing && !may.addOrganisation && !organisationIsKnown({ name: attendee.organisation, tx }))
        throw new BookingRuleError(
          "That organisation is not on the service's list yet, and only an organiser can add one. Check the spelling, or write their details on the sign-in sheet for an organiser to add.",
          "organisation",
        );
      let bookingId: number;
      if (existing) {
        bookingId = existing.id;
        tx.update(b)
          .set({
            status: "confirmed",
            confirmedAt: now,
            attendance: "attended",
            attendanceMarkedAt: now,
            attendanceMarkedBy: userId,
            updatedAt: now,
          })
          .where(eq(b.id, existing.id))
          .run();
      } else {
        bookingId = insertBooking({ tx, sessionId, attendee, status: "confirmed", source: "walk_in", attended: true, userId, now }).id;
      }
      if (!session.attendanceTakenAt)
        tx.update(schema.sessions).set({ attendanceTakenAt: now }).where(eq(schema.sessions.id, sessionId)).run();
      audit(
        {
          userId,
          action: "booking.walk_in",
          entityType: "booking",
          entityId: bookingId,
          details: { sessionId, existing: Boolean(existing), capacityRaisedTo },
          ipAddress,
        },
        tx,
      );
      return { bookingId, existing: Boolean(existing), capacityRaisedTo };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reading bookings
// ---------------------------------------------------------------------------------------------------------

export function getBookingRow({ bookingId, tx = db }: { bookingId: number; tx?: DbOrTx }) {
  const row = tx.select().from(b).where(eq(b.id, bookingId)).get();
  if (!row) throw new Response("Booking not found", { status: 404, statusText: "Not Found" });
  return row;
}

/** The attendee's own booking, found by the secret in their manage link. */
export function getBookingByManageToken({ token }: { token: string }) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new Response("Booking not found", { status: 404, statusText: "Not Found" });
  const row = db
    .select({ booking: b, session: schema.sessions, programme: schema.programmes })
    .from(b)
    .innerJoin(schema.sessions, eq(schema.sessions.id, b.sessionId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    .where(eq(b.manageToken, token))
    .get();
  if (!row || row.booking.anonymisedAt) throw new Response("Booking not found", { status: 404, statusText: "Not Found" });
  return { ...row, position: waitingListPosition({ bookingId: row.booking.id }) };
}

export type SessionBookingRow = {
  id: number;
  name: string;
  email: string;
  organisationName: string;
  sector: (typeof SECTORS)[number];
  department: string | null;
  jobRole: string;
  accessNeeds: string | null;
  status: "confirmed" | "waitlisted" | "cancelled";
  attendance: Attendance;
  source: BookingSource;
  attendanceMarkedBy: number | null;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancellationReason: string | null;
  feedbackToken: string;
  position: number | null;
};

/** A session's bookings for its organisers: confirmed (by name), waiting list (in queue order), cancelled. */
export function listBookingsForSession({ sessionId }: { sessionId: number }) {
  const rows = db
    .select({
      id: b.id,
      name: b.name,
      email: b.email,
      organisationName: b.organisationName,
      sector: b.sector,
      department: b.department,
      jobRole: b.jobRole,
      accessNeeds: b.accessNeeds,
      status: b.status,
      attendance: b.attendance,
      source: b.source,
      attendanceMarkedBy: b.attendanceMarkedBy,
      createdAt: b.createdAt,
      cancelledAt: b.cancelledAt,
      cancelledBy: b.cancelledBy,
      cancellationReason: b.cancellationReason,
      feedbackToken: b.feedbackToken,
      waitlistedAt: b.waitlistedAt,
      locale: b.locale,
    })
    .from(b)
    .where(eq(b.sessionId, sessionId))
    .orderBy(asc(b.waitlistedAt), asc(b.id))
    .all();
  const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name, "en-GB");
  const waitlisted = rows.filter((r) => r.status === "waitlisted").map((r, i) => ({ ...r, position: i + 1 }));
  return {
    confirmed: rows
      .filter((r) => r.status === "confirmed")
      .map((r) => ({ ...r, position: null }))
      .sort(byName),
    waitlisted,
    cancelled: rows
      .filter((r) => r.status === "cancelled")
      .map((r) => ({ ...r, position: null }))
      .sort((x, y) => (y.cancelledAt?.getTime() ?? 0) - (x.cancelledAt?.getTime() ?? 0)),
  };
}

export function countActiveBookingsForEmail({ sessionId, email }: { sessionId: number; email: string }) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(b)
    .where(and(eq(b.sessionId, sessionId), eq(b.emailNormalised, email.toLowerCase()), ne(b.status, "cancelled")))
    .get()!.n;
}
