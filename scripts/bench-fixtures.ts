/**
 * Builds a large database for benchmarks: years of a partnership's history, with a chosen number of
 * bookings and feedback answers (default 200,000 and 1,000,000). Deterministic, so runs compare.
 *
 *   npx tsx scripts/bench-fixtures.ts --db bench/.tmp/large.db --bookings 200000 --answers 1000000
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";

import bcrypt from "bcryptjs";

import { FREQUENCY_SCALE, STANDARD_EVALUATION, STANDARD_FOLLOW_UP, STANDARD_MANAGER } from "../app/utils/standard-evaluation";
import { openDatabase } from "../db/client";
import { SECTORS, USEFULNESS_SCALE } from "../domain/vocabulary";

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The staff account the benchmark signs in as: a reporter, the role L&D leads have. */
export const BENCH_USER = { email: "bench-reporter@example.org", password: "bench-reporter-password" };

export type FixtureSize = { bookings: number; answers: number };

export function buildFixture(file: string, size: FixtureSize = { bookings: 200_000, answers: 1_000_000 }) {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const { sqlite } = openDatabase(file);
  sqlite.pragma("synchronous = OFF");
  const random = prng(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  const PROGRAMMES = 20;
  const PER_SESSION = 25;
  const sessionsNeeded = Math.ceil(size.bookings / PER_SESSION);
  const ORGANISATIONS = 5_000;
  const PEOPLE = Math.max(1000, Math.floor(size.bookings / 4));
  const DEPARTMENTS = [
    "Housing Estates",
    "Resident Services",
    "Adult Social Care",
    "Children's Social Care",
    "Homelessness",
    "Community Safety",
    "Licensing",
    "Libraries",
    "Environmental Health",
    "Finance",
  ];
  // Answers per response with the standard form: usefulness, recommend, confidence before/after, and
  // sometimes text: about 4.6. Responses are spread over bookings that attended.
  const GRID_ROWS = ["Homelessness", "Ill mental health", "Substance misuse"];
  const GRID_OPTIONS = ["Confident", "Not confident", "Don't know"];
  const answersPerResponse = 4 + 0.6 + 0.3 + GRID_ROWS.length;
  const responsesNeeded = Math.ceil(size.answers / answersPerResponse);

  const now = Date.now();
  const span = 10 * 365 * 24 * 3600_000;
  const start = now - span;

  const run = sqlite.transaction(() => {
    sqlite
      .prepare("insert into users (email, name, role, password_hash) values (?, 'Bench reporter', 'reporter', ?)")
      .run(BENCH_USER.email, bcrypt.hashSync(BENCH_USER.password, 4));
    const insertOrg = sqlite.prepare("insert into organisations (name, normalised_name, sector) values (?, ?, ?)");
    for (let i = 0; i < ORGANISATIONS; i++) insertOrg.run(`Organisation ${i}`, `organisation ${i}`, pick(SECTORS));

    const insertProgramme = sqlite.prepare(
      "insert into programmes (slug, title, summary, category, default_capacity, default_duration_minutes) values (?, ?, 'Benchmark programme', 'training', 30, 120)",
    );
    const insertForm = sqlite.prepare("insert into forms (kind, programme_id, title, public_token) values (?, ?, ?, ?)");
    const insertQuestion = sqlite.prepare(
      "insert into questions (form_id, position, type, metric, prompt, required, config) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const forms: Array<{
      formId: number;
      questions: number[];
      followUp: { formId: number; questions: number[] };
      manager: { formId: number; questions: number[] };
    }> = [];
    // The follow-up and line manager's forms every programme has (ADR 026), with their standard questions.
    const standardForm = (kind: "follow_up" | "manager", p: number, definitions: typeof STANDARD_FOLLOW_UP) => {
      const formId = Number(insertForm.run(kind, p, `${kind} ${p}`, `bench-${kind}-token-${p}-xxxxxxxxxxxx`).lastInsertRowid);
      const questions = definitions.map((q, i) =>
        Number(insertQuestion.run(formId, i + 1, q.type, q.metric, q.prompt, q.required ? 1 : 0, JSON.stringify(q.config)).lastInsertRowid),
      );
      return { formId, questions };
    };
    for (let p = 1; p <= PROGRAMMES; p++) {
      insertProgramme.run(`bench-${p}`, `Benchmark programme ${p}`);
      const formId = Number(insertForm.run("evaluation", p, `Feedback ${p}`, `bench-form-token-${p}-xxxxxxxxxxxx`).lastInsertRowid);
      const questions = STANDARD_EVALUATION.map((q, i) =>
        Number(insertQuestion.run(formId, i + 1, q.type, q.metric, q.prompt, q.required ? 1 : 0, JSON.stringify(q.config)).lastInsertRowid),
      );
      questions.push(
        Number(
          insertQuestion.run(
            formId,
            questions.length + 1,
            "grid",
            null,
            "How confident are you supporting victims who have also experienced:",
            1,
            JSON.stringify({ rows: GRID_ROWS, options: GRID_OPTIONS }),
          ).lastInsertRowid,
        ),
      );
      forms.push({
        formId,
        questions,
        followUp: standardForm("follow_up", p, STANDARD_FOLLOW_UP),
        manager: standardForm("manager", p, STANDARD_MANAGER),
      });
    }

    const insertSession = sqlite.prepare(
      "insert into sessions (programme_id, starts_at, ends_at, venue, capacity, booking_closes_at, attendance_taken_at, feedback_token) values (?, ?, ?, 'Hall', ?, ?, ?, ?)",
    );
    const insertBooking = sqlite.prepare(
      `insert into bookings (session_id, name, email, email_normalised, organisation_id, organisation_name, sector, department, job_role, status, attendance, confirmed_at, manage_token, feedback_token, calendar_uid, feedback_given_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, 'Officer', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertResponse = sqlite.prepare(
      "insert into responses (form_id, session_id, booking_id, channel, submitted_at, updated_at) values (?, ?, ?, 'attendee_link', ?, ?)",
    );
    const insertAnswer = sqlite.prepare(
      "insert into answers (response_id, question_id, form_id, session_id, choice, number, text) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertQuote = sqlite.prepare(
      "insert into answers (response_id, question_id, form_id, session_id, text, quote_permission, quote_attribution) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertGrid = sqlite.prepare(
      "insert into answers (response_id, question_id, form_id, session_id, row_key, choice) values (?, ?, ?, ?, ?, ?)",
    );

    let bookings = 0;
    let responses = 0;
    let answers = 0;
    let followUpAnswers = 0;
    const setAsked = sqlite.prepare("update bookings set follow_up_asked_at = ? where id = ?");
    const setGiven = sqlite.prepare("update bookings set follow_up_given_at = ? where id = ?");
    // Past sessions are 10 of 10.5 years, and 85% of their bookings attend.
    const responseChance = Math.min(1, (1.03 * responsesNeeded) / (size.bookings * 0.85 * (span / (span + 180 * 24 * 3600_000))));
    for (let s = 0; s < sessionsNeeded; s++) {
      const programmeId = 1 + (s % PROGRAMMES);
      const startsAt = Math.floor(start + (s / sessionsNeeded) * (span + 180 * 24 * 3600_000));
      const past = startsAt < now;
      const sessionId = Number(
        insertSession.run(
          programmeId,
          startsAt,
          startsAt + 2 * 3600_000,
          PER_SESSION,
          startsAt - 86_400_000,
          past ? startsAt + 2 * 3600_000 : null,
          `bench-session-token-${s}-xxxxxxxxxx`,
        ).lastInsertRowid,
      );
      const form = forms[programmeId - 1]!;
      const seen = new Set<number>();
      for (let k = 0; k < PER_SESSION && bookings < size.bookings; k++) {
        let person = Math.floor(random() * PEOPLE);
        while (seen.has(person)) person = (person + 1) % PEOPLE;
        seen.add(person);
        const org = person % ORGANISATIONS;
        const email = `person${person}@org${org}.example`;
        const attended = past && random() < 0.85;
        const attendance = past ? (attended ? "attended" : "no_show") : "unknown";
        const respond = attended && random() < responseChance && answers < size.answers;
        const id = `${s}-${k}`;
        const bookingId = Number(
          insertBooking.run(
            sessionId,
            `Person ${person}`,
            email,
            email,
            org + 1,
            `Organisation ${org}`,
            pick(SECTORS),
            pick(DEPARTMENTS),
            "confirmed",
            attendance,
            startsAt - 7 * 86_400_000,
            `m-${id}-xxxxxxxxxxxxxxxxxxxxxx`,
            `f-${id}-xxxxxxxxxxxxxxxxxxxxxx`,
            `u-${id}`,
            respond ? startsAt + 86_400_000 : null,
          ).lastInsertRowid,
        );
        bookings++;
        if (!respond) continue;
        const responseId = Number(
          insertResponse.run(form.formId, sessionId, bookingId, startsAt + 86_400_000, startsAt + 86_400_000).lastInsertRowid,
        );
        responses++;
        const q = form.questions;
        const before = 1 + Math.floor(random() * 3);
        insertAnswer.run(
          responseId,
          q[0],
          form.formId,
          sessionId,
          random() < 0.85 ? USEFULNESS_SCALE[0] : pick(USEFULNESS_SCALE.slice(1)),
          null,
          null,
        );
        insertAnswer.run(responseId, q[1], form.formId, sessionId, random() < 0.95 ? "Yes" : "No", null, null);
        insertAnswer.run(responseId, q[2], form.formId, sessionId, null, before, null);
        const after = Math.min(5, before + 1 + Math.floor(random() * 2));
        insertAnswer.run(responseId, q[3], form.formId, sessionId, null, after, null);
        answers += 4;
        // Two in three of them answer the follow-up 8 weeks on, where it has come: not counted in `answers`, so
        // there are as many answers from the day as before follow-ups existed.
        const followedUp = startsAt + 8 * 7 * 86_400_000 < now;
        if (followedUp) setAsked.run(startsAt + 8 * 7 * 86_400_000, bookingId);
        if (followedUp && random() < 0.67) {
          const f = form.followUp;
          const at = startsAt + 9 * 7 * 86_400_000;
          const laterId = Number(insertResponse.run(f.formId, sessionId, bookingId, at, at).lastInsertRowid);
          setGiven.run(at, bookingId);
          const applied = random() < 0.65;
          insertAnswer.run(laterId, f.questions[0], f.formId, sessionId, applied ? "Yes" : "No", null, null);
          insertAnswer.run(
            laterId,
            f.questions[1],
            f.formId,
            sessionId,
            applied ? pick(FREQUENCY_SCALE.slice(0, 3)) : FREQUENCY_SCALE[3],
            null,
            null,
          );
          insertAnswer.run(laterId, f.questions[3], f.formId, sessionId, null, Math.max(1, after - (random() < 0.3 ? 1 : 0)), null);
          followUpAnswers += 3;
        }
        if (random() < 0.6) {
          insertAnswer.run(responseId, q[4], form.formId, sessionId, null, null, "Use what I learned with my team.");
          answers++;
        }
        if (random() < 0.3) {
          insertQuote.run(
            responseId,
            q[5],
            form.formId,
            sessionId,
            "A really useful session.",
            random() < 0.5 ? 1 : 0,
            random() < 0.5 ? "organisation" : "anonymous",
          );
          answers++;
        }
        for (const row of GRID_ROWS) {
          insertGrid.run(responseId, q[6], form.formId, sessionId, row, random() < 0.7 ? GRID_OPTIONS[0] : pick(GRID_OPTIONS.slice(1)));
          answers++;
        }
      }
    }

    // A council staff list of 5,000 (some of whom attended), one compulsory requirement with refreshers,
    // and a plan with a target of every kind, so those pages are measured against the same history.
    const insertStaff = sqlite.prepare("insert into staff_members (name, email, department, job_role) values (?, ?, ?, 'Officer')");
    for (let i = 0; i < 5_000; i++) insertStaff.run(`Person ${i}`, `person${i}@org${i % ORGANISATIONS}.example`, pick(DEPARTMENTS));
    const requirementId = Number(
      sqlite.prepare("insert into training_requirements (title, refresher_months) values ('Domestic abuse awareness', 24)").run()
        .lastInsertRowid,
    );
    for (const programmeId of [1, 2])
      sqlite
        .prepare("insert into training_requirement_programmes (requirement_id, programme_id) values (?, ?)")
        .run(requirementId, programmeId);

    const planStart = new Date(now - 365 * 24 * 3600_000).toISOString().slice(0, 10);
    const planEnd = new Date(now + 365 * 24 * 3600_000).toISOString().slice(0, 10);
    const planId = Number(
      sqlite.prepare("insert into action_plans (title, starts_on, ends_on) values ('Benchmark plan', ?, ?)").run(planStart, planEnd)
        .lastInsertRowid,
    );
    const insertPriority = sqlite.prepare("insert into plan_priorities (plan_id, position, title) values (?, ?, ?)");
    const insertAction = sqlite.prepare(
      "insert into plan_actions (plan_id, priority_id, position, key_action, deadline_text, deadline_on) values (?, ?, ?, ?, ?, ?)",
    );
    const insertTarget = sqlite.prepare(
      "insert into action_targets (action_id, label, metric, target_value, sector, window_starts_on, window_ends_on) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertTargetProgramme = sqlite.prepare("insert into action_target_programmes (target_id, programme_id) values (?, ?)");
    const metrics = [
      "people_trained",
      "organisations_reached",
      "sessions_delivered",
      "pct_extremely_useful",
      "pct_recommend",
      "bookings",
      "pct_applying",
    ] as const;
    let position = 0;
    for (let p = 1; p <= 3; p++) {
      const priorityId = Number(insertPriority.run(planId, p, `${p}. Benchmark priority ${p}`).lastInsertRowid);
      for (let a = 0; a < 10; a++) {
        position++;
        const actionId = Number(
          insertAction.run(planId, priorityId, position, `Benchmark action ${position}`, "March", planEnd).lastInsertRowid,
        );
        if (a % 2) continue;
        const metric = metrics[position % metrics.length]!;
        const targetId = Number(
          insertTarget.run(
            actionId,
            `Target ${position}`,
            metric,
            metric.startsWith("pct") ? 85 : 500,
            metric === "organisations_reached" ? "hotel" : null,
            position % 3 ? planStart : new Date(start).toISOString().slice(0, 10),
            planEnd,
          ).lastInsertRowid,
        );
        if (position % 4) insertTargetProgramme.run(targetId, 1 + (position % PROGRAMMES));
      }
    }
    return { sessions: sessionsNeeded, bookings, responses, answers, followUpAnswers };
  });
  const counts = run();
  sqlite.pragma("optimize");
  sqlite.exec("analyze");
  sqlite.close();
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: "string" }, bookings: { type: "string" }, answers: { type: "string" } } });
  const file = values.db ?? "bench/.tmp/large.db";
  const started = Date.now();
  const counts = buildFixture(file, { bookings: Number(values.bookings ?? 200_000), answers: Number(values.answers ?? 1_000_000) });
  console.log(`Built ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
}
