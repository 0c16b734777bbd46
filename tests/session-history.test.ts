/** A session's history in words (issue 15): what moved, from what to what, and who was told. */
import { beforeAll, describe, expect, it } from "vitest";

import { createBooking } from "~/models/booking.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { sessionHistory } from "~/models/session-history.server";
import { cancelSession, createSessions, sessionFieldsSchema, updateSession } from "~/models/session.server";
import { createUser } from "~/models/user.server";

let userId: number;
let programmeId: number;
const NOW = new Date("2027-01-10T12:00:00Z");

const fields = (overrides: Record<string, string> = {}) =>
  sessionFieldsSchema.parse({
    date: "2027-03-14",
    startTime: "10:00",
    endTime: "12:00",
    deliveryMode: "in_person",
    venue: "Committee Room 1",
    onlineUrl: "",
    capacity: "2",
    bookingClosesHours: "24",
    facilitatorId: "",
    notesForAttendees: "",
    ...overrides,
  });

beforeAll(async () => {
  userId = (await createUser({ email: "history@test.example", name: "Hana Organiser", role: "organiser", password: "organiser password" }))
    .id;
  programmeId = createProgramme({
    data: programmeSchema.parse({
      title: "History",
      summary: "S",
      category: "workshop",
      defaultCapacity: "20",
      defaultDurationMinutes: "120",
    }),
    userId,
  }).id;
});

describe("a session's history", () => {
  it("says what moved and where, newest first, and who did it", () => {
    const sessionId = createSessions({ programmeId, fields: fields(), userId, now: NOW })[0]!;
    createBooking({
      sessionId: sessionId,
      attendee: {
        name: "A",
        email: "a@x.example",
        organisation: "Org",
        sector: "hotel",
        jobRole: "R",
        department: null,
        accessNeeds: null,
      },
      now: NOW,
    });
    updateSession({
      sessionId: sessionId,
      fields: fields({ startTime: "13:00", endTime: "15:00", venue: "Guildhall" }),
      userId,
      now: NOW,
    });
    updateSession({
      sessionId: sessionId,
      fields: fields({ date: "2027-03-15", startTime: "13:00", endTime: "15:00", venue: "Guildhall", capacity: "5" }),
      userId,
      now: NOW,
    });
    updateSession({
      sessionId: sessionId,
      fields: fields({
        date: "2027-03-15",
        startTime: "13:00",
        endTime: "15:00",
        venue: "Guildhall",
        capacity: "5",
        notesForAttendees: "Bring ID",
      }),
      userId,
      now: NOW,
    });
    expect(sessionHistory({ sessionId: sessionId }).map((h) => `${h.text} (${h.who})`)).toEqual([
      "Details changed that attendees are not emailed about (facilitator, notes or booking deadline) (Hana Organiser)",
      "Start moved from 1pm on 14 Mar 2027 to 1pm on 15 Mar 2027; End moved from 3pm on 14 Mar 2027 to 3pm on 15 Mar 2027; Places raised from 2 to 5. Anyone booked was told (Hana Organiser)",
      "Start moved from 10am to 1pm; End moved from midday to 3pm; Venue changed from Committee Room 1 to Guildhall. Anyone booked was told (Hana Organiser)",
      "Scheduled (Hana Organiser)",
    ]);
  });

  it("says how many were told of a cancellation, and nothing about telling when nobody was booked", () => {
    const emptyId = createSessions({ programmeId, fields: fields({ date: "2027-04-01" }), userId, now: NOW })[0]!;
    cancelSession({ sessionId: emptyId, reason: "Trainer unwell", userId, now: NOW });
    expect(sessionHistory({ sessionId: emptyId })[0]!.text).toBe("Cancelled: Trainer unwell. Nobody was booked");
  });
});
