/**
 * Direct inserts for arranging test situations (a closed session, a past one) that the UI rightly refuses to
 * create. Times are relative to the run's frozen clock (testNow), so a fixture is the same at any hour.
 */
import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";

import { createFollowUpForms, createStandardEvaluationForm } from "~/models/programme.server";

import { testNow } from "./clock";
import { openDatabase, type Db } from "../../db/client";
import * as schema from "../../db/schema";

export function openServerDatabase(file: string) {
  return openDatabase(file, { migrate: false });
}

export function insertProgramme(db: Db, overrides: Partial<typeof schema.programmes.$inferInsert> = {}) {
  const programme = db
    .insert(schema.programmes)
    .values({
      slug: `test-${randomUUID().slice(0, 8)}`,
      title: "Test programme",
      summary: "A programme made by a test.",
      category: "training",
      defaultCapacity: 20,
      defaultDurationMinutes: 120,
      ...overrides,
    })
    .returning()
    .get();
  // As a programme made in the app has: the standard evaluation form and the two follow-ups.
  const formId = createStandardEvaluationForm({ tx: db, programmeId: programme.id, title: programme.title, userId: null });
  const [followUpFormId, managerFormId] = createFollowUpForms({ tx: db, programmeId: programme.id, title: programme.title, userId: null });
  return { ...programme, formId, followUpFormId: followUpFormId!, managerFormId: managerFormId! };
}

export function insertSession(
  db: Db,
  {
    programmeId,
    startsInHours = 24 * 14,
    hours = 2,
    capacity = 20,
    closesHoursBefore = 24,
    ...overrides
  }: { programmeId: number; startsInHours?: number; hours?: number; capacity?: number; closesHoursBefore?: number } & Partial<
    typeof schema.sessions.$inferInsert
  >,
) {
  // On a whole minute, as sessions made in the app are (calendar files carry no milliseconds).
  const startsAt = new Date(Math.floor((testNow().getTime() + startsInHours * 3600_000) / 60_000) * 60_000);
  return db
    .insert(schema.sessions)
    .values({
      programmeId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + hours * 3600_000),
      venue: "Test Hall, 1 Test Street, London",
      capacity,
      bookingClosesAt: new Date(startsAt.getTime() - closesHoursBefore * 3600_000),
      ...overrides,
    })
    .returning()
    .get();
}

/** A booking row (confirmed, unless overridden), with its manage and feedback tokens. */
export function insertBookingRow(
  db: Db,
  { sessionId, ...overrides }: { sessionId: number } & Partial<typeof schema.bookings.$inferInsert>,
) {
  const id = randomUUID();
  return db
    .insert(schema.bookings)
    .values({
      sessionId,
      name: "Test Attendee",
      email: `${id}@test.example`,
      emailNormalised: `${id}@test.example`,
      organisationName: "Hotel Aurora",
      sector: "hotel",
      jobRole: "Night manager",
      status: "confirmed",
      confirmedAt: testNow(),
      createdAt: testNow(),
      updatedAt: testNow(),
      manageToken: `manage-${id}`,
      feedbackToken: `feedback-${id}`,
      calendarUid: `${id}@test.example`,
      ...overrides,
    })
    .returning()
    .get();
}

/**
 * A session that ended `endedHoursAgo` hours ago (so its feedback is open for the programme's 28 days), with
 * an anonymous feedback link and `attended` people marked as having come, none of whom has given feedback.
 */
export function insertEndedSession(
  db: Db,
  { programmeId, endedHoursAgo = 24, attended = 2 }: { programmeId: number; endedHoursAgo?: number; attended?: number },
) {
  const session = insertSession(db, { programmeId, startsInHours: -endedHoursAgo - 2, hours: 2, feedbackToken: `session-${randomUUID()}` });
  const bookings = Array.from({ length: attended }, (_, i) =>
    insertBookingRow(db, { sessionId: session.id, name: `Attendee ${i + 1}`, attendance: "attended", attendanceMarkedAt: session.endsAt }),
  );
  db.update(schema.sessions).set({ attendanceTakenAt: session.endsAt }).where(eq(schema.sessions.id, session.id)).run();
  return { session, bookings };
}

export function attendeeForm(n: number | string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: `Test Person ${n}`,
    email: `person${n}@test.example`,
    organisation: "Test Organisation",
    sector: "business",
    jobRole: "Tester",
    department: "",
    accessNeeds: "",
    consent: "yes",
    website: "",
    ...overrides,
  };
}

/** The manage-booking token from a booking post's redirect. */
export function tokenFrom(response: Response): string {
  const location = response.headers.get("location") ?? "";
  const match = /^\/booking\/([A-Za-z0-9_-]+)$/.exec(location);
  if (!match) throw new Error(`Expected a redirect to a manage-booking page, got ${response.status} ${location}`);
  return match[1]!;
}

/** What the manage page says: status (from data-booking-status) and waiting-list position. */
export async function bookingState(base: string, token: string): Promise<{ status: string; position: number | null }> {
  const html = await (await fetch(`${base}/booking/${token}`)).text();
  const status = /data-booking-status="([a-z]+)"/.exec(html)?.[1];
  if (!status) throw new Error(`No booking status on the manage page:\n${html.slice(0, 500)}`);
  const position = /data-testid="waitlist-position">(\d+)</.exec(html)?.[1];
  return { status, position: position ? Number(position) : null };
}
