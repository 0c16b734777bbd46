/** Direct inserts for arranging test situations (a closed session, a past one) that the UI rightly refuses to create. */
import { randomUUID } from "node:crypto";

import { openDatabase, type Db } from "../../db/client";
import * as schema from "../../db/schema";

export function openServerDatabase(file: string) {
  return openDatabase(file, { migrate: false });
}

export function insertProgramme(db: Db, overrides: Partial<typeof schema.programmes.$inferInsert> = {}) {
  return db
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
  }: { programmeId: number; startsInHours?: number; hours?: number; capacity?: number; closesHoursBefore?: number } & Partial<typeof schema.sessions.$inferInsert>,
) {
  const startsAt = new Date(Date.now() + startsInHours * 3600_000);
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
