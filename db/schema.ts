/**
 * The single source of truth for the database. Migrations under db/migrations are generated from this
 * file with `npm run db:generate` and applied at start-up.
 *
 * Conventions:
 * - instants are INTEGER milliseconds since the epoch, UTC (drizzle `timestamp_ms` gives Date objects);
 * - calendar dates with no time (action-plan deadlines, target windows) are TEXT `YYYY-MM-DD`;
 * - enumerations are TEXT with a CHECK constraint, so a bad value cannot be written by any path;
 * - lists that are only ever read whole (a programme's aims, a question's options) are JSON TEXT.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import {
  ATTENDANCE,
  BOOKING_SOURCES,
  BOOKING_STATUSES,
  EMAIL_STATUSES,
  FORM_KINDS,
  FORM_STATUSES,
  PROGRAMME_CATEGORIES,
  QUESTION_TYPES,
  RAG_STATUSES,
  RESPONSE_CHANNELS,
  ROLES,
  SECTORS,
  SERIES_PATTERNS,
  SESSION_STATUSES,
  TARGET_METRICS,
  type QuestionConfig,
} from "../domain/vocabulary";

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(now);
const updatedAt = () => integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now);

function inList(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);
}

// ---------------------------------------------------------------------------------------------------------
// Staff and access
// ---------------------------------------------------------------------------------------------------------

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Always stored lower-case, so look-ups are exact. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash").notNull(),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    lastSignedInAt: integer("last_signed_in_at", { mode: "timestamp_ms" }),
    /**
     * Two-step verification (issue 17, ADR 029): the authenticator's secret, encrypted with a key derived from
     * SESSION_SECRET (a copy of the database alone cannot make codes); when it was turned on; and the last
     * 30-second step a code was accepted for, so that no code is accepted twice.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: integer("totp_enabled_at", { mode: "timestamp_ms" }),
    totpLastStep: integer("totp_last_step"),
    /** The council identity provider's `iss` and `sub` for this person, once they have signed in through it (ADR 029). */
    oidcSubject: text("oidc_subject"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_oidc_subject_unique").on(t.oidcSubject),
    check("users_role_check", inList("role", ROLES)),
  ],
);

/**
 * Signed-in staff sessions. The cookie carries a random id; only its SHA-256 is stored, so a copy of the
 * database cannot be used to sign in. Deleting the row signs the person out everywhere that cookie went.
 */
export const authSessions = sqliteTable(
  "auth_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_expires_idx").on(t.expiresAt)],
);

/** Single-use codes for signing in without the authenticator (a lost phone): only their SHA-256 is kept. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_hash_unique").on(t.codeHash), index("recovery_codes_user_idx").on(t.userId)],
);

/** Every sign-in attempt, kept so repeated failures can be slowed down across restarts. */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ipAddress: text("ip_address").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_attempts_email_idx").on(t.email, t.createdAt), index("sign_in_attempts_ip_idx").on(t.ipAddress, t.createdAt)],
);

/** Who did what to which record. Written in the same transaction as the change it records. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Dotted verb, e.g. `session.cancel`, `booking.attendance`. */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    /** JSON: what changed (before/after) or the reason given. Never passwords. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    ipAddress: text("ip_address"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.createdAt),
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_user_idx").on(t.userId, t.createdAt),
  ],
);

/** Small site-wide settings an admin can change without a deploy (e.g. the support panel text). */
export const siteSettings = sqliteTable("site_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: updatedAt(),
  updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
});

// ---------------------------------------------------------------------------------------------------------
// Organisations, programmes and sessions
// ---------------------------------------------------------------------------------------------------------

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Lower-case, punctuation and extra spaces removed: "Hotel  Aurora Ltd." and "hotel aurora ltd" are one. */
    normalisedName: text("normalised_name").notNull(),
    sector: text("sector", { enum: SECTORS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organisations_normalised_name_unique").on(t.normalisedName),
    index("organisations_sector_idx").on(t.sector),
    check("organisations_sector_check", inList("sector", SECTORS)),
  ],
);

export const programmes = sqliteTable(
  "programmes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull().default(""),
    aims: text("aims", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    audience: text("audience").notNull().default(""),
    category: text("category", { enum: PROGRAMME_CATEGORIES }).notNull(),
    defaultCapacity: integer("default_capacity").notNull(),
    defaultDurationMinutes: integer("default_duration_minutes").notNull(),
    /**
     * A sensitive programme (e.g. one about domestic abuse) is shown in calendars, feeds and email subjects
     * under `publicTitle`, so a shared calendar or a phone's lock screen does not reveal the topic.
     */
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    publicTitle: text("public_title"),
    reminderDaysBefore: integer("reminder_days_before").notNull().default(2),
    feedbackChaserDays: integer("feedback_chaser_days").notNull().default(7),
    /** Days after a session ends that its feedback stays open. */
    feedbackOpenDays: integer("feedback_open_days").notNull().default(28),
    /** Weeks after a session ends that its follow-up forms go to those who attended (ADR 026). */
    followUpWeeks: integer("follow_up_weeks").notNull().default(8),
    /** Whether the booking form asks council staff for their line manager's email, for the manager's follow-up. */
    askLineManager: integer("ask_line_manager", { mode: "boolean" }).notNull().default(false),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("programmes_slug_unique").on(t.slug),
    check("programmes_category_check", inList("category", PROGRAMME_CATEGORIES)),
    check("programmes_capacity_check", sql`default_capacity > 0`),
    check("programmes_duration_check", sql`default_duration_minutes > 0`),
    check("programmes_public_title_check", sql`sensitive = 0 or length(trim(coalesce(public_title, ''))) > 0`),
  ],
);

/**
 * A programme's public words in another language (ADR 028): an empty field is not translated, and the English
 * is shown in its place, marked as English.
 */
export const programmeTranslations = sqliteTable(
  "programme_translations",
  {
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    title: text("title").notNull().default(""),
    publicTitle: text("public_title").notNull().default(""),
    summary: text("summary").notNull().default(""),
    aims: text("aims", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.locale] })],
);

/** A repeating pattern that created several sessions at once (e.g. 10 licensed-venue sessions). */
export const sessionSeries = sqliteTable(
  "session_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    pattern: text("pattern", { enum: SERIES_PATTERNS }).notNull(),
    occurrences: integer("occurrences").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  () => [check("session_series_pattern_check", inList("pattern", SERIES_PATTERNS))],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "restrict" }),
    seriesId: integer("series_id").references(() => sessionSeries.id, { onDelete: "set null" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    /** Venue name and address as attendees should read it; null for online-only sessions. */
    venue: text("venue"),
    onlineUrl: text("online_url"),
    capacity: integer("capacity").notNull(),
    bookingClosesAt: integer("booking_closes_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("scheduled"),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    cancelledReason: text("cancelled_reason"),
    /** RFC 5545 SEQUENCE: bumped whenever time or place changes, so calendar updates replace the old invite. */
    sequence: integer("sequence").notNull().default(0),
    facilitatorId: integer("facilitator_id").references(() => users.id, { onDelete: "set null" }),
    notesForAttendees: text("notes_for_attendees").notNull().default(""),
    /** When attendance was last recorded: feedback requests go to attendees only once a register exists. */
    attendanceTakenAt: integer("attendance_taken_at", { mode: "timestamp_ms" }),
    feedbackClosesAt: integer("feedback_closes_at", { mode: "timestamp_ms" }),
    /** Secret for the session's anonymous feedback link and QR code (for the room, and walk-ins). */
    feedbackToken: text("feedback_token"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sessions_feedback_token_unique").on(t.feedbackToken),
    index("sessions_starts_idx").on(t.startsAt),
    index("sessions_programme_starts_idx").on(t.programmeId, t.startsAt),
    // A series' sessions in order: "Session 2 of 4" is a position in it.
    index("sessions_series_idx").on(t.seriesId, t.startsAt, t.id),
    check("sessions_status_check", inList("status", SESSION_STATUSES)),
    check("sessions_time_check", sql`ends_at > starts_at`),
    check("sessions_capacity_check", sql`capacity >= 0`),
    check("sessions_place_check", sql`venue is not null or online_url is not null`),
  ],
);

/** A change of time or place, kept so attendees can be told exactly what changed. */
export const sessionChanges = sqliteTable(
  "session_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    /** The session's sequence after this change. */
    sequence: integer("sequence").notNull(),
    changes: text("changes", { mode: "json" })
      .$type<Array<{ field: "startsAt" | "endsAt" | "venue" | "onlineUrl"; before: string | null; after: string | null }>>()
      .notNull(),
    changedBy: integer("changed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("session_changes_sequence_unique").on(t.sessionId, t.sequence)],
);

export const bookings = sqliteTable(
  "bookings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    /** Lower-case email: one active booking per person per session is enforced on this. */
    emailNormalised: text("email_normalised").notNull(),
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    /** As the attendee typed it; the organisation link is what reports group by. */
    organisationName: text("organisation_name").notNull(),
    sector: text("sector", { enum: SECTORS }).notNull(),
    department: text("department"),
    /**
     * Who this is for reports: `people.id` of the email and `department_keys.id` of the department, set by
     * triggers (migration 0008) while the booking holds personal details and kept when retention removes
     * them, so a person who came twice stays one person and an attendance keeps its department
     * (docs/decisions/017-retention-keeps-the-figures.md). No foreign key: adding one would make SQLite
     * rebuild this table and drop its triggers.
     */
    personId: integer("person_id"),
    departmentId: integer("department_id"),
    jobRole: text("job_role").notNull(),
    accessNeeds: text("access_needs"),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    /** Queue order for the waiting list; positions are computed from it, so they are always 1..n. */
    waitlistedAt: integer("waitlisted_at", { mode: "timestamp_ms" }),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    cancelledBy: text("cancelled_by", { enum: ["attendee", "organiser", "system"] }),
    cancellationReason: text("cancellation_reason"),
    attendance: text("attendance", { enum: ATTENDANCE }).notNull().default("unknown"),
    attendanceMarkedAt: integer("attendance_marked_at", { mode: "timestamp_ms" }),
    attendanceMarkedBy: integer("attendance_marked_by").references(() => users.id, { onDelete: "set null" }),
    source: text("source", { enum: BOOKING_SOURCES }).notNull().default("online"),
    /** Secret for the manage-booking page; 256 random bits, base64url. */
    manageToken: text("manage_token").notNull(),
    /** Separate secret for the attendee's own feedback link, so forwarding it cannot cancel a booking. */
    feedbackToken: text("feedback_token").notNull(),
    /** Stable calendar UID for every invite about this booking. */
    calendarUid: text("calendar_uid").notNull(),
    /** Last SEQUENCE sent in an invite for this booking; every new invite must be higher. */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    consentedAt: integer("consented_at", { mode: "timestamp_ms" }),
    /**
     * When this attendee gave feedback through their own link. On an anonymous form this is the only trace
     * (the response itself has no booking), kept to the day so it cannot be matched to a response by time.
     */
    feedbackGivenAt: integer("feedback_given_at", { mode: "timestamp_ms" }),
    /** When the retention period ended and the person's details were removed (see the privacy notice). */
    anonymisedAt: integer("anonymised_at", { mode: "timestamp_ms" }),
    /**
     * The code printed on the attendee's certificate of attendance, by which anyone they show it to can check it
     * (ADR 023): given the first time a certificate is made or emailed, removed with the person's details.
     */
    certificateCode: text("certificate_code"),
    /**
     * Council staff's line manager, given on the booking form where the programme asks for it: asked weeks
     * later whether they have seen a change (ADR 026). Removed with the person's details.
     */
    managerEmail: text("manager_email"),
    /** Secret for the manager's follow-up link; it opens only the manager's own form. */
    managerToken: text("manager_token"),
    /** Like `feedbackGivenAt`, for the attendee's follow-up and the manager's (the day only on an anonymous form). */
    followUpGivenAt: integer("follow_up_given_at", { mode: "timestamp_ms" }),
    managerGivenAt: integer("manager_given_at", { mode: "timestamp_ms" }),
    /** The language the attendee booked in (ADR 028): every email and invite to them is written in it. */
    locale: text("locale").notNull().default("en"),
    /**
     * When the follow-up request went to the attendee, and to their manager: who was asked, whatever the
     * programme's weeks are changed to later, so a response rate's denominator is the people asked (ADR 026).
     */
    followUpAskedAt: integer("follow_up_asked_at", { mode: "timestamp_ms" }),
    managerAskedAt: integer("manager_asked_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("bookings_manage_token_unique").on(t.manageToken),
    uniqueIndex("bookings_feedback_token_unique").on(t.feedbackToken),
    uniqueIndex("bookings_calendar_uid_unique").on(t.calendarUid),
    // Partial: most bookings never get a certificate, and a booking's insert need not touch it.
    uniqueIndex("bookings_certificate_code_unique")
      .on(t.certificateCode)
      .where(sql`certificate_code is not null`),
    uniqueIndex("bookings_manager_token_unique")
      .on(t.managerToken)
      .where(sql`manager_token is not null`),
    uniqueIndex("bookings_one_active_per_person")
      .on(t.sessionId, t.emailNormalised)
      .where(sql`status <> 'cancelled'`),
    index("bookings_session_status_idx").on(t.sessionId, t.status, t.waitlistedAt),
    index("bookings_organisation_idx").on(t.organisationId),
    index("bookings_email_idx").on(t.emailNormalised),
    index("bookings_person_idx").on(t.personId),
    // Bookings that gave feedback but did not come (or were cancelled): their responses may not count.
    index("bookings_feedback_review_idx")
      .on(t.sessionId)
      .where(
        sql.raw(
          "(feedback_given_at is not null or follow_up_given_at is not null or manager_given_at is not null) and (status <> 'confirmed' or attendance <> 'attended')",
        ),
      ),
    index("bookings_sector_idx").on(t.sector),
    check("bookings_status_check", inList("status", BOOKING_STATUSES)),
    check("bookings_attendance_check", inList("attendance", ATTENDANCE)),
    check("bookings_sector_check", inList("sector", SECTORS)),
    check("bookings_source_check", inList("source", BOOKING_SOURCES)),
    check("bookings_waitlist_check", sql`status <> 'waitlisted' or waitlisted_at is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Feedback and consultation forms
// ---------------------------------------------------------------------------------------------------------

export const forms = sqliteTable(
  "forms",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: FORM_KINDS }).notNull(),
    /** Set for a programme's forms (used by all its sessions); null for a standalone consultation. */
    programmeId: integer("programme_id").references(() => programmes.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    introduction: text("introduction").notNull().default(""),
    /** An anonymous form never shows an answer next to a name, even to organisers. */
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: FORM_STATUSES }).notNull().default("open"),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }),
    /** Secret for the anonymous public link (consultations; sessions use their own per-session link). */
    publicToken: text("public_token").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("forms_public_token_unique").on(t.publicToken),
    uniqueIndex("forms_one_of_each_kind")
      .on(t.programmeId, t.kind)
      .where(sql`kind <> 'consultation'`),
    check("forms_kind_check", inList("kind", FORM_KINDS)),
    check("forms_status_check", inList("status", FORM_STATUSES)),
    check("forms_programme_check", sql`kind = 'consultation' or programme_id is not null`),
  ],
);

export const questions = sqliteTable(
  "questions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formId: integer("form_id")
      .notNull()
      .references(() => forms.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    type: text("type", { enum: QUESTION_TYPES }).notNull(),
    /**
     * Marks a question that headline figures are computed from (`usefulness`, `recommend`,
     * `confidence_before`, `confidence_after`, `recommend_score`); null for the rest.
     */
    metric: text("metric"),
    prompt: text("prompt").notNull(),
    hint: text("hint").notNull().default(""),
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    config: text("config", { mode: "json" })
      .$type<QuestionConfig>()
      .notNull()
      .default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("questions_form_position_idx").on(t.formId, t.position),
    uniqueIndex("questions_form_metric_unique")
      .on(t.formId, t.metric)
      .where(sql`metric is not null`),
    check("questions_type_check", inList("type", QUESTION_TYPES)),
  ],
);

export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formId: integer("form_id")
      .notNull()
      .references(() => forms.id, { onDelete: "cascade" }),
    /** The session the answers are about (null for consultations). */
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "set null" }),
    /**
     * Set only for per-booking links on non-anonymous forms; one response per booking and form. On a manager's
     * form it is the booking the manager answered about.
     */
    bookingId: integer("booking_id").references(() => bookings.id, { onDelete: "set null" }),
    channel: text("channel", { enum: RESPONSE_CHANNELS }).notNull(),
    /**
     * Room link only: SHA-256 of the random value in the cookie the link leaves on the device, so sending the
     * form again from that device replaces the earlier answers (docs/decisions/009-report-figures.md).
     */
    deviceKey: text("device_key"),
    /** Set when an organiser judged a room-link response not genuine: it then counts in no figure. */
    voidedAt: integer("voided_at", { mode: "timestamp_ms" }),
    voidedBy: integer("voided_by").references(() => users.id, { onDelete: "set null" }),
    voidReason: text("void_reason"),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("responses_form_booking_unique")
      .on(t.formId, t.bookingId)
      .where(sql`booking_id is not null`),
    index("responses_form_session_idx").on(t.formId, t.sessionId),
    index("responses_session_idx").on(t.sessionId),
    // The few responses the counting rule must look at (app/models/response-count.server.ts).
    index("responses_review_idx").on(t.sessionId).where(sql.raw("channel <> 'attendee_link' or voided_at is not null")),
    check("responses_channel_check", inList("channel", RESPONSE_CHANNELS)),
  ],
);

/**
 * One row per atomic answer, so reports count with SQL rather than parsing blobs:
 * - a choice (or yes/no, agreement) → `choice`;
 * - multiple choice → one row per ticked option; "Other" text in `text`;
 * - a numeric scale → `number`;
 * - a grid → one row per grid row: `rowKey` + `choice`;
 * - a ranking → one row per ranked option: `choice` + `rank` (1 = first);
 * - free text → `text`;
 * - a quote → `text`, `quotePermission`, `quoteAttribution`.
 * `sessionId` and `formId` are copied from the response so report queries can use a covering index.
 */
export const answers = sqliteTable(
  "answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    formId: integer("form_id").notNull(),
    sessionId: integer("session_id"),
    rowKey: text("row_key"),
    choice: text("choice"),
    rank: integer("rank"),
    number: real("number"),
    text: text("text"),
    quotePermission: integer("quote_permission", { mode: "boolean" }),
    quoteAttribution: text("quote_attribution", { enum: ["organisation", "anonymous"] }),
  },
  (t) => [
    index("answers_response_idx").on(t.responseId),
    // Covers every report aggregate (docs/decisions/010-reporting-speed.md): grouped columns first, so
    // counting needs no sort; the session last, as a filter read from the index itself.
    index("answers_report_idx").on(t.questionId, t.rowKey, t.choice, t.rank, t.number, t.sessionId, t.responseId),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Strategic action plans and targets
// ---------------------------------------------------------------------------------------------------------

export const actionPlans = sqliteTable("action_plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  /** The plan's period; progress against time for RAG is measured from `startsOn`. */
  startsOn: text("starts_on").notNull(),
  endsOn: text("ends_on").notNull(),
  description: text("description").notNull().default(""),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const planPriorities = sqliteTable(
  "plan_priorities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
  },
  (t) => [uniqueIndex("plan_priorities_title_unique").on(t.planId, t.title)],
);

export const planActions = sqliteTable(
  "plan_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => actionPlans.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => planPriorities.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    keyAction: text("key_action").notNull(),
    /** The deadline as the plan's authors wrote it ("Ongoing- quarterly updates", "25 th November 2019"). */
    deadlineText: text("deadline_text").notNull().default(""),
    /** A date read from `deadlineText` where one can be read; null otherwise. */
    deadlineOn: text("deadline_on"),
    /** No end: shown BLUE rather than judged against a deadline. */
    ongoing: integer("ongoing", { mode: "boolean" }).notNull().default(false),
    outcome: text("outcome").notNull().default(""),
    lead: text("lead").notNull().default(""),
    notes: text("notes").notNull().default(""),
    /** RAG as written in an imported plan, kept for the record. */
    importedRag: text("imported_rag"),
    ragOverride: text("rag_override", { enum: RAG_STATUSES }),
    ragOverrideReason: text("rag_override_reason"),
    ragOverriddenBy: integer("rag_overridden_by").references(() => users.id, { onDelete: "set null" }),
    ragOverriddenAt: integer("rag_overridden_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("plan_actions_priority_idx").on(t.priorityId, t.position),
    check("plan_actions_rag_check", sql`rag_override is null or ${inList("rag_override", RAG_STATUSES)}`),
    check("plan_actions_override_reason_check", sql`rag_override is null or length(trim(coalesce(rag_override_reason, ''))) > 0`),
  ],
);

/** A number measured live from the data, e.g. "50 professionals trained in MARAC and DASH by March". */
export const actionTargets = sqliteTable(
  "action_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actionId: integer("action_id")
      .notNull()
      .references(() => planActions.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    metric: text("metric", { enum: TARGET_METRICS }).notNull(),
    targetValue: real("target_value").notNull(),
    /** For organisations reached: count only this sector (e.g. hotels). */
    sector: text("sector", { enum: SECTORS }),
    /** Inclusive window of session dates counted. */
    windowStartsOn: text("window_starts_on").notNull(),
    windowEndsOn: text("window_ends_on"),
    createdAt: createdAt(),
  },
  (t) => [index("action_targets_action_idx").on(t.actionId), check("action_targets_metric_check", inList("metric", TARGET_METRICS))],
);

/** Which programmes a target counts; none means all programmes. */
export const actionTargetProgrammes = sqliteTable(
  "action_target_programmes",
  {
    targetId: integer("target_id")
      .notNull()
      .references(() => actionTargets.id, { onDelete: "cascade" }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.targetId, t.programmeId] })],
);

/** The editable words of an evaluation report: a summary and next steps to sit beside the figures. */
export const evaluationNarratives = sqliteTable(
  "evaluation_narratives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    /** Null: the narrative for the programme as a whole. */
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "cascade" }),
    summary: text("summary").notNull().default(""),
    nextSteps: text("next_steps").notNull().default(""),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("evaluation_narratives_programme_unique")
      .on(t.programmeId)
      .where(sql`session_id is null`),
    uniqueIndex("evaluation_narratives_session_unique")
      .on(t.sessionId)
      .where(sql`session_id is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Compulsory training (L&D)
// ---------------------------------------------------------------------------------------------------------

/** Staff who must complete training, uploaded from HR's list. */
export const staffMembers = sqliteTable(
  "staff_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    department: text("department").notNull(),
    jobRole: text("job_role").notNull().default(""),
    /** Set when a later upload no longer lists the person; they drop out of coverage figures. */
    leftAt: integer("left_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("staff_members_email_unique").on(t.email), index("staff_members_department_idx").on(t.department)],
);

export const trainingRequirements = sqliteTable("training_requirements", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  /** Null: everyone on the staff list; otherwise only this department. */
  department: text("department"),
  /** Months before a refresher is due; null means once is enough. */
  refresherMonths: integer("refresher_months"),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

/** Attending any one of these programmes satisfies the requirement. */
export const trainingRequirementProgrammes = sqliteTable(
  "training_requirement_programmes",
  {
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => trainingRequirements.id, { onDelete: "cascade" }),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.requirementId, t.programmeId] })],
);

// ---------------------------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------------------------

/**
 * Every message is written here in the same transaction as the change that causes it, then delivered by
 * the sender. `dedupeKey` (kind, booking, sequence) makes a second write of the same message a no-op.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    bookingId: integer("booking_id").references(() => bookings.id, { onDelete: "set null" }),
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    toName: text("to_name"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** The calendar file, if any, and its METHOD (REQUEST or CANCEL). */
    icsContent: text("ics_content"),
    icsMethod: text("ics_method", { enum: ["REQUEST", "CANCEL", "PUBLISH"] }),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(now),
    /** A sender claims a message until this time; another sender may take it over afterwards. */
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    /** Which sender's claim it is, so a sender only ever completes messages it claimed itself. */
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    messageId: text("message_id"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_unique").on(t.dedupeKey),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_booking_idx").on(t.bookingId),
    // Each session's page lists the emails about its bookings (issue 15).
    index("email_outbox_session_idx").on(t.sessionId),
    index("email_outbox_created_idx").on(t.createdAt),
    check("email_outbox_status_check", inList("status", EMAIL_STATUSES)),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Reporting: a narrow copy of every attendance, kept by triggers (migration 0004), for fast L&D figures
// ---------------------------------------------------------------------------------------------------------

/**
 * One row per distinct attendee email, so "unique people" is a count of small integers. Once none of a
 * person's bookings holds their details and they are not on the current staff list, retention replaces the
 * email with `removed-person-<id>`: the id, and every figure counted on it, stays.
 */
export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    emailNormalised: text("email_normalised").notNull(),
  },
  (t) => [uniqueIndex("people_email_unique").on(t.emailNormalised)],
);

/** Departments or teams as typed, grouped case- and space-insensitively ("Housing Estates " = "housing estates"). */
export const departmentKeys = sqliteTable(
  "department_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    /** The first spelling seen, to show in reports. */
    label: text("label").notNull(),
  },
  (t) => [uniqueIndex("department_keys_key_unique").on(t.key)],
);

/**
 * Every confirmed booking marked attended on a scheduled session, as integers. Triggers on bookings and
 * sessions keep it exact in the same transaction as any change (see docs/decisions/010-reporting-speed.md);
 * nothing else writes it. Dates are the session's UTC date: `day` is days since 1970-01-01, `month` is
 * YYYYMM, `quarter` is YYYY*10 + 1..4 (calendar quarters).
 */
export const attendanceFacts = sqliteTable(
  "attendance_facts",
  {
    bookingId: integer("booking_id").primaryKey(),
    personId: integer("person_id").notNull(),
    day: integer("day").notNull(),
    month: integer("month").notNull(),
    quarter: integer("quarter").notNull(),
    programmeId: integer("programme_id").notNull(),
    organisationId: integer("organisation_id"),
    sector: text("sector").notNull(),
    departmentId: integer("department_id"),
  },
  (t) => [
    index("attendance_facts_person_idx").on(t.personId, t.day, t.programmeId),
    index("attendance_facts_programme_idx").on(t.programmeId, t.personId, t.day),
    index("attendance_facts_organisation_idx").on(t.organisationId, t.personId, t.day, t.programmeId),
    index("attendance_facts_sector_idx").on(t.sector, t.personId, t.day, t.programmeId),
    index("attendance_facts_department_idx").on(t.departmentId, t.personId, t.day, t.programmeId),
    index("attendance_facts_month_idx").on(t.month, t.personId, t.day, t.programmeId),
    index("attendance_facts_quarter_idx").on(t.quarter, t.personId, t.day, t.programmeId),
  ],
);
