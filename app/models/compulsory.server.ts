/**
 * Compulsory training (e.g. "all staff and managers on housing estates"). HR's staff list is uploaded as a
 * CSV; each requirement names the programmes that satisfy it and how often; coverage compares the two by
 * email address, using attendances only (a booking is not training).
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { PROGRAMME_LIST_ERROR, programmesExist } from "~/models/programme.server";
import { clock } from "~/utils/clock.server";
import { readCsv } from "~/utils/csv-read.server";
import { addUkCalendar, dayNumberKey, ukDateKey } from "~/utils/dates";
import { notFound } from "~/utils/http.server";

const s = schema.staffMembers;

export type StaffUploadReport = {
  added: number;
  updated: number;
  unchanged: number;
  left: number;
  rejoined: number;
  skipped: Array<{ line: number; reason: string }>;
  missingColumns: string[];
  /** Why nothing was changed, when the file could not be used at all. */
  refused: string | null;
  /** The first people the upload marks (or would mark) as having left, for the organiser to check. */
  leaving: Array<{ name: string; department: string }>;
};

const HEADERS: Record<"name" | "email" | "department" | "role", string[]> = {
  name: ["name", "full name", "staff name"],
  email: ["email", "email address", "work email"],
  department: ["department", "team", "department or team", "service"],
  role: ["role", "job role", "job title", "title"],
};

const emailSchema = z.email();

/** One collator for a whole sort: String.localeCompare makes one per comparison, seconds for a big list. */
const byText = new Intl.Collator("en-GB");

/** Several times the staff of the largest council; a 5 MB file holds about this many rows. */
export const MAX_STAFF_ROWS = 50_000;

/**
 * Replaces the staff list with the uploaded one: new people are added, changed details updated, and anyone
 * no longer listed is marked as having left (they drop out of coverage; their history is kept). Rows that
 * cannot be used are listed with the reason, and nothing else is lost. With `apply: false` nothing is written:
 * the report says what the upload would do, so the organiser can check it first.
 */
export function uploadStaffList({
  text,
  userId,
  apply = true,
  now = clock(),
}: {
  text: string;
  userId: number;
  apply?: boolean;
  now?: Date;
}): StaffUploadReport {
  const report: StaffUploadReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    left: 0,
    rejoined: 0,
    skipped: [],
    missingColumns: [],
    refused: null,
    leaving: [],
  };
  const read = readCsv(text, { maxRows: MAX_STAFF_ROWS, what: "a staff list" });
  if (!read.ok) return { ...report, refused: read.message };
  const records = read.records;
  const header = (records[0] ?? []).map((h) =>
    h
      .toLowerCase()
      .replace(/[^a-z ]+/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
  const index = Object.fromEntries(
    Object.entries(HEADERS).map(([k, aliases]) => [k, header.findIndex((h) => aliases.includes(h))]),
  ) as Record<keyof typeof HEADERS, number>;
  report.missingColumns = (["name", "email", "department"] as const).filter((k) => index[k] < 0);
  if (report.missingColumns.length)
    return { ...report, refused: `The list needs columns called ${report.missingColumns.join(", ")} (and optionally role)` };

  const rows: Array<{ name: string; email: string; department: string; jobRole: string }> = [];
  const seen = new Set<string>();
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const cell = (k: keyof typeof HEADERS) => (index[k] >= 0 ? (record[index[k]] ?? "").trim() : "");
    if (record.every((c) => !c.trim())) return;
    const email = cell("email").toLowerCase();
    if (!cell("name")) return report.skipped.push({ line, reason: "No name" });
    if (!emailSchema.safeParse(email).success) return report.skipped.push({ line, reason: `“${cell("email")}” is not an email address` });
    if (!cell("department")) return report.skipped.push({ line, reason: "No department" });
    if (seen.has(email)) return report.skipped.push({ line, reason: `${email} is listed more than once` });
    seen.add(email);
    rows.push({
      name: cell("name").slice(0, 120),
      email,
      department: cell("department").slice(0, 120),
      jobRole: cell("role").slice(0, 120),
    });
  });
  // Everyone not on the new list is marked as having left, so a list with no usable rows (the wrong file, or
  // only a header) would empty the staff list. Refuse it and change nothing.
  if (!rows.length)
    return {
      ...report,
      refused: report.skipped.length
        ? `None of the ${report.skipped.length} rows could be used, so nothing was changed`
        : "The list has nobody on it, so nothing was changed",
    };

  db.transaction((tx) => {
    const existing = new Map(
      tx
        .select()
        .from(s)
        .all()
        .map((r) => [r.email, r]),
    );
    // A list without a role column leaves the roles already held alone rather than blanking them.
    const hasRoles = index.role >= 0;
    // Prepared once: a list of tens of thousands of people is written in a second, not rebuilt row by row.
    const field = (name: string) => sql`${sql.placeholder(name)}`;
    const insert = tx
      .insert(s)
      .values({ name: field("name"), email: field("email"), department: field("department"), jobRole: field("jobRole") })
      .prepare();
    const update = tx
      .update(s)
      .set({ name: field("name"), department: field("department"), jobRole: field("jobRole"), leftAt: null, updatedAt: now })
      .where(eq(s.id, field("id")))
      .prepare();
    for (const row of rows) {
      const before = existing.get(row.email);
      const jobRole = hasRoles ? row.jobRole : (before?.jobRole ?? "");
      if (!before) {
        if (apply) insert.run({ ...row, jobRole });
        report.added++;
      } else if (before.name !== row.name || before.department !== row.department || before.jobRole !== jobRole || before.leftAt) {
        if (before.leftAt) report.rejoined++;
        else report.updated++;
        if (apply) update.run({ ...row, jobRole, id: before.id });
      } else {
        report.unchanged++;
      }
    }
    const gone = [...existing.values()]
      .filter((r) => !r.leftAt && !seen.has(r.email))
      .sort((a, b) => byText.compare(a.department, b.department) || byText.compare(a.name, b.name));
    report.left = gone.length;
    report.leaving = gone.slice(0, 100).map((r) => ({ name: r.name, department: r.department }));
    if (!apply) return;
    const ids = gone.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500)
      tx.update(s)
        .set({ leftAt: now, updatedAt: now })
        .where(inArray(s.id, ids.slice(i, i + 500)))
        .run();
    countUnderStaffDepartments(tx);
    audit(
      {
        userId,
        action: "staff_list.upload",
        entityType: "staff_list",
        details: { ...report, skipped: report.skipped.length, leaving: undefined },
      },
      tx,
    );
  });
  return report;
}

/**
 * Training figures count a booking whose email is on the staff list under the list's department (migration
 * 0010 does it for new bookings). After an upload, every booking that still holds its details follows the list;
 * anonymised ones keep theirs (ADR 017). Setting the id rewrites the booking's attendance fact by trigger.
 */
function countUnderStaffDepartments(tx: Pick<typeof db, "run">) {
  const b = schema.bookings;
  const d = schema.departmentKeys;
  tx.run(sql`
    insert or ignore into ${d} (${sql.identifier(d.key.name)}, ${sql.identifier(d.label.name)})
    select lower(trim(${s.department})), trim(${s.department}) from ${s} where ${s.leftAt} is null and trim(${s.department}) <> '' order by ${s.id}`);
  tx.run(sql`
    update ${b} set ${sql.identifier(b.departmentId.name)} = (
        select ${d.id} from ${s} join ${d} on ${d.key} = lower(trim(${s.department}))
        where ${s.email} = ${b.emailNormalised} and ${s.leftAt} is null)
    where ${b.anonymisedAt} is null
      and exists (select 1 from ${s} where ${s.email} = ${b.emailNormalised} and ${s.leftAt} is null and trim(${s.department}) <> '')
      and ${b.departmentId} is not (
        select ${d.id} from ${s} join ${d} on ${d.key} = lower(trim(${s.department}))
        where ${s.email} = ${b.emailNormalised} and ${s.leftAt} is null)`);
}

export function countStaff() {
  return db.get<{ active: number; left: number }>(
    sql`select coalesce(sum(${s.leftAt} is null), 0) as active, coalesce(sum(${s.leftAt} is not null), 0) as left from ${s}`,
  )!;
}

export function listStaffDepartments() {
  return db
    .all<{ department: string }>(
      sql`select min(${s.department}) as department from ${s} where ${s.leftAt} is null group by lower(trim(${s.department})) order by 1`,
    )
    .map((r) => r.department);
}

// ---------------------------------------------------------------------------------------------------------
// Requirements and coverage
// ---------------------------------------------------------------------------------------------------------

export const requirementSchema = z.object({
  title: z.string().trim().min(1, "Enter a name for the requirement").max(150, "Name must be 150 characters or fewer"),
  department: z.string().trim().max(120).default(""),
  refresherMonths: z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || /^\d+$/.test(v), "Enter the number of months as a whole number, like 24")
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().min(1, "Months must be 1 or more").max(120, "Months must be 120 or fewer").nullable()),
  programmeIds: z
    .array(z.string().regex(/^\d+$/, PROGRAMME_LIST_ERROR))
    .default([])
    .transform((ids) => [...new Set(ids.map(Number))])
    .pipe(z.array(z.number()).min(1, "Select at least one programme that counts"))
    .refine(programmesExist, PROGRAMME_LIST_ERROR),
});
export type RequirementInput = z.output<typeof requirementSchema>;

export function saveRequirement({ requirementId, input, userId }: { requirementId?: number; input: RequirementInput; userId: number }) {
  return db.transaction((tx) => {
    const values = { title: input.title, department: input.department || null, refresherMonths: input.refresherMonths };
    let id = requirementId;
    if (id) {
      if (!tx.update(schema.trainingRequirements).set(values).where(eq(schema.trainingRequirements.id, id)).run().changes)
        throw notFound("Requirement not found");
      tx.delete(schema.trainingRequirementProgrammes).where(eq(schema.trainingRequirementProgrammes.requirementId, id)).run();
    } else {
      id = tx
        .insert(schema.trainingRequirements)
        .values({ ...values, createdBy: userId })
        .returning({ id: schema.trainingRequirements.id })
        .get().id;
    }
    for (const programmeId of input.programmeIds)
      tx.insert(schema.trainingRequirementProgrammes).values({ requirementId: id, programmeId }).run();
    audit(
      {
        userId,
        action: requirementId ? "requirement.update" : "requirement.create",
        entityType: "requirement",
        entityId: id,
        details: values,
      },
      tx,
    );
    return id;
  });
}

export function getRequirement({ requirementId }: { requirementId: number }) {
  const row = db.select().from(schema.trainingRequirements).where(eq(schema.trainingRequirements.id, requirementId)).get();
  if (!row) throw notFound("Requirement not found");
  const programmeIds = db
    .select({ id: schema.trainingRequirementProgrammes.programmeId })
    .from(schema.trainingRequirementProgrammes)
    .where(eq(schema.trainingRequirementProgrammes.requirementId, requirementId))
    .all()
    .map((r) => r.id);
  return { ...row, programmeIds };
}

export function listRequirements() {
  return db.select().from(schema.trainingRequirements).orderBy(asc(schema.trainingRequirements.title)).all();
}

export type CoverageStatus = "trained" | "due_soon" | "overdue" | "not_trained";
export const COVERAGE_LABELS: Record<CoverageStatus, string> = {
  trained: "Trained",
  due_soon: "Refresher due within 3 months",
  overdue: "Refresher overdue",
  not_trained: "Not yet trained",
};

/** Who on the staff list has done the training, who is due a refresher and who has not, by department. */
export function getCoverage({ requirementId, now = clock() }: { requirementId: number; now?: Date }) {
  const requirement = getRequirement({ requirementId });
  const f = schema.attendanceFacts;
  const person = schema.people;
  const programmes = requirement.programmeIds.length
    ? sql.join(
        requirement.programmeIds.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`null`;
  const staff = db.all<{ id: number; name: string; email: string; department: string; job_role: string; last_day: number | null }>(sql`
    select ${s.id}, ${s.name}, ${s.email}, ${s.department}, ${s.jobRole},
      (select max(${f.day}) from ${f} where ${f.personId} = ${person.id} and ${f.programmeId} in (${programmes})) as last_day
    from ${s} left join ${person} on ${person.emailNormalised} = ${s.email}
    where ${s.leftAt} is null ${requirement.department ? sql`and lower(trim(${s.department})) = lower(trim(${requirement.department}))` : sql``}
    order by ${s.department}, ${s.name}`);
  const today = ukDateKey(now);
  const soon = ukDateKey(addUkCalendar(now, { months: 3 })!);
  // Who already has a place (or is waiting for one) on a session still to come that would count.
  const b = schema.bookings;
  const sess = schema.sessions;
  const booked = new Map<string, { startsAt: Date; waiting: boolean }>();
  for (const row of db.all<{ email: string; starts_at: number; status: string }>(sql`
    select ${b.emailNormalised} as email, ${sess.startsAt}, ${b.status} from ${b} join ${sess} on ${sess.id} = ${b.sessionId}
    where ${sess.programmeId} in (${programmes}) and ${sess.status} = 'scheduled' and ${sess.startsAt} > ${now.getTime()}
      and ${b.status} in ('confirmed', 'waitlisted')
    order by ${b.status} = 'waitlisted', ${sess.startsAt}`))
    if (!booked.has(row.email)) booked.set(row.email, { startsAt: new Date(row.starts_at), waiting: row.status === "waitlisted" });
  const people = staff.map((row) => {
    const last = row.last_day === null ? null : dayNumberKey(row.last_day);
    let dueOn: string | null = null;
    let status: CoverageStatus = "not_trained";
    if (last) {
      status = "trained";
      if (requirement.refresherMonths) {
        const due = new Date(`${last}T12:00:00Z`);
        due.setUTCMonth(due.getUTCMonth() + requirement.refresherMonths);
        dueOn = due.toISOString().slice(0, 10);
        status = dueOn <= today ? "overdue" : dueOn <= soon ? "due_soon" : "trained";
      }
    }
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      department: row.department,
      jobRole: row.job_role,
      lastTrained: last,
      dueOn,
      status,
      /** A place already booked (or waited for) on a session to come, for anyone not up to date. */
      booked: status === "trained" ? null : (booked.get(row.email) ?? null),
    };
  });
  const departments = new Map<
    string,
    { department: string; staff: number; trained: number; dueSoon: number; overdue: number; notTrained: number; booked: number }
  >();
  for (const p of people) {
    const key = p.department.trim().toLowerCase();
    const d = departments.get(key) ?? { department: p.department, staff: 0, trained: 0, dueSoon: 0, overdue: 0, notTrained: 0, booked: 0 };
    if (p.booked) d.booked++;
    d.staff++;
    if (p.status === "trained") d.trained++;
    if (p.status === "due_soon") d.dueSoon++;
    if (p.status === "overdue") d.overdue++;
    if (p.status === "not_trained") d.notTrained++;
    departments.set(key, d);
  }
  const count = (status: CoverageStatus) => people.filter((p) => p.status === status).length;
  return {
    requirement,
    totals: {
      staff: people.length,
      trained: count("trained"),
      dueSoon: count("due_soon"),
      overdue: count("overdue"),
      notTrained: count("not_trained"),
      booked: people.filter((p) => p.booked).length,
    },
    departments: [...departments.values()].sort((a, b) => a.department.localeCompare(b.department)),
    people,
  };
}
