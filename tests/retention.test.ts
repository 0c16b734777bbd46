/**
 * Retention removes people's details, never their figures (ADR 017). Every figure a committee or L&D reads is
 * computed, retention runs, and every figure is computed again: they must be identical. It runs twice: once
 * when only the older session has expired (so one person has one anonymised and one intact booking), and
 * once three years after the last session, when everything has.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { sqlite } from "~/db.server";
import { importActionPlan, getPlanView } from "~/models/action-plan.server";
import { type AttendeeDetails, createBooking, markAttendance } from "~/models/booking.server";
import { getCoverage, saveRequirement, uploadStaffList } from "~/models/compulsory.server";
import { getDashboard } from "~/models/dashboard.server";
import { submitFeedback } from "~/models/feedback.server";
import { getEvaluationFormId } from "~/models/form.server";
import { saveTarget, targetSchema } from "~/models/plan-target.server";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { listQuestions } from "~/models/question.server";
import { aggregateRows, anonymisedResponseRows, getEvaluationReport, listDeliveredSessions } from "~/models/report.server";
import { anonymiseExpiredBookings } from "~/models/retention.server";
import { createSessions, sessionFieldsSchema } from "~/models/session.server";
import { BREAKDOWNS, trainingBreakdown } from "~/models/training.server";
import { createUser } from "~/models/user.server";

const CREATED = new Date("2026-05-01T09:00:00Z");
/** Figures are read as of this moment, before and after each retention run. */
const READ_AT = new Date("2028-01-10T09:00:00Z");
const FIRST = "2026-06-10";
const SECOND = "2027-09-15";
/** Only the first session has been over for 2 years. */
const PARTLY = new Date("2028-07-01T00:00:00Z");
/** Three years after the last session. */
const LATER = new Date("2030-09-15T12:00:00Z");

let userId: number;
let programmeId: number;
let requirementId: number;
let planId: number;

const fields = (date: string) =>
  sessionFieldsSchema.parse({
    date,
    startTime: "10:00",
    endTime: "12:00",
    deliveryMode: "in_person",
    venue: "Hall",
    capacity: "10",
    bookingClosesHours: "0",
  });

const person = (email: string, department: string | null, organisation: string, sector: AttendeeDetails["sector"]): AttendeeDetails => ({
  name: email.split("@")[0]!,
  email,
  organisation,
  sector,
  jobRole: "Officer",
  department,
  accessNeeds: null,
});

// Two council officers (one on the staff list, typing her department two ways), a hotel manager who came
// twice and a partner who booked and did not come.
const ALICE = person("alice@council.example", "Housing Estates", "Safer City Council", "council_department");
const ALICE_AGAIN = { ...ALICE, email: "Alice@Council.example", department: "housing estates " };
const BOB = person("bob@council.example", "Licensing", "Safer City Council", "council_department");
const CAROL = person("carol@aurora.example", null, "Hotel Aurora", "hotel");
const DAN = person("dan@partner.example", null, "Partner Trust", "voluntary_sector");

function book(sessionId: number, who: AttendeeDetails, attended: boolean, day: string) {
  const result = createBooking({ sessionId, attendee: who, now: CREATED });
  if (!result.ok) throw new Error(`setup: ${JSON.stringify(result)}`);
  markAttendance({ bookingId: result.bookingId, attendance: attended ? "attended" : "no_show", userId, now: new Date(`${day}T12:30:00Z`) });
  return result.bookingId;
}

function giveFeedback(bookingId: number, day: string) {
  const token = (sqlite().prepare("select feedback_token from bookings where id = ?").get(bookingId) as { feedback_token: string })
    .feedback_token;
  const qs = listQuestions({ formId: getEvaluationFormId({ programmeId })! });
  const byMetric = (m: string) => qs.find((q) => q.metric === m)!;
  const result = submitFeedback({
    target: { channel: "attendee_link", token },
    values: {
      [`q${byMetric("usefulness").id}`]: "Extremely useful",
      [`q${byMetric("recommend").id}`]: "Yes",
      [`q${byMetric("confidence_before").id}`]: "2",
      [`q${byMetric("confidence_after").id}`]: "4",
    },
    now: new Date(`${day}T15:00:00Z`),
  });
  if (!result.ok) throw new Error(`setup: ${JSON.stringify(result)}`);
}

/** Everything a report, the training pages, the dashboard, compulsory training and the plan show. */
function everyFigure() {
  const report = getEvaluationReport({ scope: { programmeId }, now: READ_AT });
  return {
    report,
    figuresCsv: aggregateRows(report),
    responsesCsv: anonymisedResponseRows({ scope: { programmeId }, now: READ_AT }),
    firstSession: getEvaluationReport({
      scope: { programmeId, sessionId: listDeliveredSessions({ programmeId, now: READ_AT })[0]!.id },
      now: READ_AT,
    }),
    training: BREAKDOWNS.map((by) => trainingBreakdown({ by, from: null, to: null })),
    trainingThisYear: trainingBreakdown({ by: "department", from: "2027-01-01", to: "2027-12-31" }),
    dashboard: getDashboard({ now: READ_AT }),
    coverage: getCoverage({ requirementId, now: READ_AT }),
    plan: getPlanView({ planId, now: READ_AT }),
    facts: sqlite().prepare("select * from attendance_facts order by booking_id").all(),
  };
}

beforeAll(async () => {
  userId = (await createUser({ email: "keeper@test.example", name: "Keeper", role: "organiser", password: "organiser password" })).id;
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
  const [first] = createSessions({ programmeId, fields: fields(FIRST), userId, now: CREATED });
  const [second] = createSessions({ programmeId, fields: fields(SECOND), userId, now: CREATED });
  const aliceFirst = book(first!, ALICE, true, FIRST);
  book(first!, BOB, true, FIRST);
  const carolFirst = book(first!, CAROL, true, FIRST);
  book(first!, DAN, false, FIRST);
  const aliceSecond = book(second!, ALICE_AGAIN, true, SECOND);
  book(second!, CAROL, true, SECOND);
  giveFeedback(aliceFirst, FIRST);
  giveFeedback(carolFirst, FIRST);
  giveFeedback(aliceSecond, SECOND);

  // Alice is on the staff list; Bob has left it.
  uploadStaffList({
    text: "name,email,department\nAlice,alice@council.example,Housing Estates\nErin,erin@council.example,Housing Estates\n",
    userId,
  });
  requirementId = saveRequirement({
    input: { title: "DAHA for estate staff", department: "", refresherMonths: 36, programmeIds: [programmeId] },
    userId,
  });

  planId = importActionPlan({
    title: "VAWG plan",
    startsOn: "2026-04-01",
    endsOn: "2029-03-31",
    rows: [
      {
        line: 2,
        priority: "Train staff",
        keyAction: "DAHA training",
        deadlineText: "March 2029",
        deadlineOn: "2029-03-31",
        ongoing: false,
        outcome: "",
        lead: "",
        notes: "",
        rag: "",
        ragReason: "",
      },
    ],
    userId,
  });
  const actionId = getPlanView({ planId, now: READ_AT }).priorities[0]!.actions[0]!.id;
  for (const [metric, targetValue] of [
    ["people_trained", "3"],
    ["organisations_reached", "2"],
    ["pct_recommend", "90"],
    ["sessions_delivered", "2"],
  ])
    saveTarget({
      planId,
      actionId,
      input: targetSchema.parse({ label: metric, metric, targetValue, windowStartsOn: "2026-04-01", programmeIds: [String(programmeId)] }),
      userId,
    });
});

describe("retention", () => {
  it("leaves every figure as it was, while removing the details behind them", () => {
    const before = everyFigure();
    // The fixture is what it should be: 3 people, 5 attendances, Alice's two spellings one department.
    expect(before.report.headline).toMatchObject({ people: 3, attended: 5 });
    const byDepartment = before.training[BREAKDOWNS.indexOf("department")]!;
    expect(byDepartment.totals).toEqual({ attendances: 5, people: 3 });
    expect(byDepartment.rows.find((r) => r.label === "Housing Estates")).toMatchObject({ attendances: 2, people: 1 });
    expect(before.coverage.people.find((p) => p.email === "alice@council.example")).toMatchObject({
      status: "trained",
      lastTrained: SECOND,
    });

    expect(anonymiseExpiredBookings({ now: PARTLY })).toBe(4);
    expect(everyFigure()).toEqual(before);
    // The expired bookings hold nothing that names anyone.
    const expired = sqlite()
      .prepare("select name, email, email_normalised, department, job_role from bookings where anonymised_at is not null")
      .all();
    expect(JSON.stringify(expired)).not.toMatch(/bob|alice|carol|dan|Housing|Licensing|Officer/i);
    // Bob's only booking has gone and he is not on the staff list: nothing links his id to an address any more.
    // Alice and Carol still have a booking within the period; Alice is on the staff list.
    const addresses = () =>
      (sqlite().prepare("select email_normalised from people order by id").all() as Array<{ email_normalised: string }>).map(
        (r) => r.email_normalised,
      );
    expect(addresses().filter((a) => a.includes("@"))).toEqual(["alice@council.example", "carol@aurora.example"]);

    expect(anonymiseExpiredBookings({ now: LATER })).toBe(2);
    expect(everyFigure()).toEqual(before);
    expect(addresses().filter((a) => a.includes("@"))).toEqual(["alice@council.example"]);

    // Once Alice leaves the staff list, the next run forgets her address too; her figures stay.
    uploadStaffList({ text: "name,email,department\nErin,erin@council.example,Housing Estates\n", userId });
    const withoutAlice = everyFigure();
    expect(anonymiseExpiredBookings({ now: LATER })).toBe(0);
    expect(addresses().filter((a) => a.includes("@"))).toEqual([]);
    expect(everyFigure()).toEqual(withoutAlice);
  });

  it("counts a person who books again after being forgotten as a new person, and says nothing else changed", () => {
    const before = trainingBreakdown({ by: "programme", from: null, to: null }).totals;
    const [third] = createSessions({ programmeId, fields: fields("2030-10-01"), userId, now: LATER });
    book(third!, BOB, true, "2030-10-01");
    expect(trainingBreakdown({ by: "programme", from: null, to: null }).totals).toEqual({
      attendances: before.attendances + 1,
      people: before.people + 1,
    });
  });
});
