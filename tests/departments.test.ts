/**
 * Departments for L&D (issue 12, item 10): council staff choose theirs from the staff list's; a booking whose
 * email is on the staff list counts under the list's department; the compulsory-training list says who is
 * already booked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sqlite } from "~/db.server";
import { type AttendeeDetails, chooseDepartment, createBooking, markAttendance } from "~/models/booking.server";
import { getCoverage, saveRequirement, uploadStaffList } from "~/models/compulsory.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { createSessions, sessionFieldsSchema } from "~/models/session.server";
import { trainingBreakdown } from "~/models/training.server";
import { createUser } from "~/models/user.server";

import { attendeeForm, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { OTHER_DEPARTMENT } from "../domain/vocabulary";

const NOW = new Date("2026-05-01T09:00:00Z");
const fields = (date: string, capacity = "10") =>
  sessionFieldsSchema.parse({
    date,
    startTime: "10:00",
    endTime: "12:00",
    deliveryMode: "in_person",
    venue: "Hall",
    capacity,
    bookingClosesHours: "0",
  });
const staff = (email: string, department: string | null): AttendeeDetails => ({
  name: email.split("@")[0]!,
  email,
  organisation: "Safer City Council",
  sector: "council_department",
  jobRole: "Officer",
  department,
  accessNeeds: null,
});

describe("choosing a department", () => {
  const departments = ["Housing Estates", "Licensing"];
  it("asks council staff for one from the list, or Other and typed; leaves everyone else to type it, or not", () => {
    expect(chooseDepartment({ sector: "council_department", choice: "housing estates", typed: "", departments })).toEqual({
      ok: true,
      department: "Housing Estates",
    });
    expect(chooseDepartment({ sector: "council_department", choice: "", typed: "Licensing", departments })).toMatchObject({
      ok: false,
      field: "staffDepartment",
    });
    expect(chooseDepartment({ sector: "council_department", choice: OTHER_DEPARTMENT, typed: " Parks ", departments })).toEqual({
      ok: true,
      department: "Parks",
    });
    expect(chooseDepartment({ sector: "council_department", choice: OTHER_DEPARTMENT, typed: "", departments })).toEqual({
      ok: false,
      field: "department",
      message: "booking.error.department.required",
    });
    expect(chooseDepartment({ sector: "council_department", choice: "Made up", typed: "", departments })).toMatchObject({
      ok: false,
      message: "booking.error.staffDepartment.listed",
    });
    expect(chooseDepartment({ sector: "hotel", choice: "", typed: "", departments })).toEqual({ ok: true, department: null });
    expect(chooseDepartment({ sector: "council_department", choice: "", typed: "Parks", departments: [] })).toEqual({
      ok: true,
      department: "Parks",
    });
    // The staff list is read only when the answer depends on it: not for a hotel's booking in a rush.
    let read = 0;
    const fromList = () => (read++, departments);
    expect(chooseDepartment({ sector: "hotel", choice: "", typed: "Front desk", departments: fromList })).toEqual({
      ok: true,
      department: "Front desk",
    });
    expect(read).toBe(0);
    expect(chooseDepartment({ sector: "council_department", choice: "housing estates", typed: "", departments: fromList })).toEqual(
      chooseDepartment({ sector: "council_department", choice: "housing estates", typed: "", departments }),
    );
    expect(read).toBe(1);
  });
});

describe("training figures by the staff list's department", () => {
  let userId: number;
  let programmeId: number;
  let next: number;
  const byDepartment = () =>
    Object.fromEntries(
      trainingBreakdown({ by: "department", from: null, to: null }).rows.map((r) => [
        r.label,
        { people: r.people, attendances: r.attendances },
      ]),
    );
  const attended = (sessionId: number, who: AttendeeDetails, day: string) => {
    const booked = createBooking({ sessionId, attendee: who, now: NOW });
    if (!booked.ok) throw new Error("setup");
    markAttendance({ bookingId: booked.bookingId, attendance: "attended", userId, now: new Date(`${day}T12:00:00Z`) });
    return booked.bookingId;
  };

  beforeAll(async () => {
    userId = (await createUser({ email: "dept@test.example", name: "Dept", role: "organiser", password: "organiser password" })).id;
    programmeId = createProgramme({
      data: programmeSchema.parse({
        title: "DAHA",
        summary: "S",
        category: "training",
        defaultCapacity: "10",
        defaultDurationMinutes: "120",
      }),
      userId,
    }).id;
    const [past] = createSessions({ programmeId, fields: fields("2026-06-10"), userId, now: NOW });
    attended(past!, staff("ann@council.example", null), "2026-06-10");
    attended(past!, staff("ben@council.example", "estates"), "2026-06-10");
    attended(past!, staff("cat@council.example", "Parks"), "2026-06-10");
    attended(past!, staff("dan@council.example", null), "2026-06-10");
    attended(past!, { ...staff("guest@hotel.example", null), organisation: "Hotel Aurora", sector: "hotel" }, "2026-06-10");
    next = createSessions({ programmeId, fields: fields("2026-09-10", "1"), userId, now: NOW })[0]!;
  });

  it("counts people on the staff list under its department, from the upload on and for bookings made after it", () => {
    // No department is missing information only for council staff: other organisations have none to give.
    expect(byDepartment()).toEqual({
      estates: { people: 1, attendances: 1 },
      Parks: { people: 1, attendances: 1 },
      "Council staff: department not given": { people: 2, attendances: 2 },
      "Other organisations (no council department)": { people: 1, attendances: 1 },
    });
    uploadStaffList({
      text: "name,email,department\nAnn,ann@council.example,Housing Estates\nBen,Ben@Council.example,Housing Estates\n",
      userId,
      now: NOW,
    });
    const after = byDepartment();
    expect(after["Housing Estates"]).toEqual({ people: 2, attendances: 2 });
    expect(after.Parks).toEqual({ people: 1, attendances: 1 });
    expect(after.estates).toBeUndefined();
    // What Ben typed is kept on his booking; only the figures follow the list.
    expect(sqlite().prepare("select department from bookings where email_normalised = 'ben@council.example'").pluck().get()).toBe(
      "estates",
    );
    // A booking made now counts under the list's department at once.
    const [later] = createSessions({ programmeId, fields: fields("2026-07-01"), userId, now: NOW });
    attended(later!, staff("ann@council.example", "Some other team"), "2026-07-01");
    expect(byDepartment()["Housing Estates"]).toEqual({ people: 2, attendances: 3 });
  });

  it("keeps an anonymised booking's department when a later list moves the person", () => {
    const before = byDepartment();
    anonymiseExpiredBookings({ now: new Date("2028-06-20T00:00:00Z") });
    expect(byDepartment()).toEqual(before);
    uploadStaffList({
      text: "name,email,department\nAnn,ann@council.example,Licensing\nBen,ben@council.example,Licensing\n",
      userId,
      now: NOW,
    });
    // The June session's bookings are anonymised and keep Housing Estates; Ann's July booking follows her move.
    expect(byDepartment()).toMatchObject({ "Housing Estates": { people: 2, attendances: 2 }, Licensing: { people: 1, attendances: 1 } });
  });

  it("says on the compulsory-training list who already has a place, or is waiting for one", () => {
    uploadStaffList({
      text: "name,email,department\nDee,dee@council.example,Licensing\nEd,ed@council.example,Licensing\nFay,fay@council.example,Licensing\n",
      userId,
      now: NOW,
    });
    const requirementId = saveRequirement({
      input: { title: "DAHA for all", department: "", refresherMonths: null, programmeIds: [programmeId] },
      userId,
    });
    expect(createBooking({ sessionId: next, attendee: staff("dee@council.example", null), now: NOW })).toMatchObject({
      status: "confirmed",
    });
    expect(createBooking({ sessionId: next, attendee: staff("ed@council.example", null), now: NOW })).toMatchObject({
      status: "waitlisted",
    });
    const people = getCoverage({ requirementId, now: NOW }).people;
    const of = (email: string) => people.find((p) => p.email === email)!;
    expect(of("dee@council.example")).toMatchObject({
      status: "not_trained",
      booked: { startsAt: new Date("2026-09-10T09:00:00Z"), waiting: false },
    });
    expect(of("ed@council.example")).toMatchObject({ status: "not_trained", booked: { waiting: true } });
    expect(of("fay@council.example")).toMatchObject({ status: "not_trained", booked: null });
    expect(getCoverage({ requirementId, now: NOW }).totals.booked).toBe(2);
  });
});

describe("the booking form for council staff", () => {
  let server: RunningServer;
  let sessionId: number;
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    const { db, sqlite: raw } = openServerDatabase(server.databasePath);
    sessionId = insertSession(db, { programmeId: insertProgramme(db, { title: "Staff departments" }).id, startsInHours: 30 * 24 }).id;
    raw.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists the staff list's departments under “Council department”, and keeps the choice when something else is wrong", async () => {
    const client = new Client(server.url);
    const page = decodeHtml(await (await client.get(`/events/${sessionId}`)).text());
    // The demo's staff list is on the server: its departments are offered, and Other.
    expect(page).toMatch(/<select class="govuk-select *" id="f-staffDepartment" name="staffDepartment"/);
    expect(page).toContain('<option value="Housing Estates">Housing Estates</option>');
    expect(page).toContain('<option value="other">Other (not listed)</option>');

    const missing = await client.post(`/events/${sessionId}`, attendeeForm("dept", { sector: "council_department" }));
    expect(missing.status).toBe(400);
    expect(decodeHtml(await missing.text())).toContain("Select your department or team. If it is not listed, choose Other");

    const other = await client.post(
      `/events/${sessionId}`,
      attendeeForm("dept", { sector: "council_department", staffDepartment: "Housing Estates", name: "" }),
    );
    expect(other.status).toBe(400);
    expect(await other.text()).toMatch(/<option value="Housing Estates" selected="">|value="Housing Estates" selected/);

    const ok = await client.post(
      `/events/${sessionId}`,
      attendeeForm("dept", { sector: "council_department", staffDepartment: "Housing Estates" }),
    );
    expect(ok.status).toBe(303);
    const { sqlite: raw } = openServerDatabase(server.databasePath);
    expect(raw.prepare("select department from bookings where email_normalised = 'persondept@test.example'").pluck().get()).toBe(
      "Housing Estates",
    );
    raw.close();
  });
});
