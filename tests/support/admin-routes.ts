/** The staff pages, with who may open them, shared by the access-control and accessibility tests. */
import { insertBookingRow, insertProgramme, insertSession, openServerDatabase } from "./fixtures";
import type { Role } from "../../domain/vocabulary";

/**
 * Every route file under /admin, with the roles allowed to use it (admins may use everything). A new admin
 * route that is not listed here fails the first test, so nothing ships without a role check being tested.
 */
const REPORTERS: Role[] = ["organiser", "reporter"];

/** `page: false` marks downloads and raw documents (a CSV, an email's own HTML), which are not app pages. */
export const ADMIN_ROUTES: Record<string, { path: string; roles: Role[] | "all"; page?: false }> = {
  "admin._index": { path: "/admin", roles: "all" },
  "admin.account.two-step": { path: "/admin/account/two-step", roles: "all" },
  "admin.users._index": { path: "/admin/users", roles: [] },
  "admin.users.new": { path: "/admin/users/new", roles: [] },
  "admin.programmes._index": { path: "/admin/programmes", roles: ["organiser"] },
  "admin.programmes.new": { path: "/admin/programmes/new", roles: ["organiser"] },
  "admin.programmes.$programmeId._index": { path: "/admin/programmes/:programmeId", roles: ["organiser"] },
  "admin.programmes.$programmeId.edit": { path: "/admin/programmes/:programmeId/edit", roles: ["organiser"] },
  "admin.programmes.$programmeId.translations": { path: "/admin/programmes/:programmeId/translations", roles: ["organiser"] },
  "admin.programmes.$programmeId.sessions.new": { path: "/admin/programmes/:programmeId/sessions/new", roles: ["organiser"] },
  "admin.sessions._index": { path: "/admin/sessions", roles: ["organiser", "facilitator"] },
  "admin.people": { path: "/admin/people", roles: ["organiser"] },
  "admin.sessions.$sessionId._index": { path: "/admin/sessions/:sessionId", roles: ["organiser"] },
  "admin.sessions.$sessionId.edit": { path: "/admin/sessions/:sessionId/edit", roles: ["organiser"] },
  "admin.sessions.$sessionId.cancel": { path: "/admin/sessions/:sessionId/cancel", roles: ["organiser"] },
  "admin.sessions.$sessionId.bookings.new": { path: "/admin/sessions/:sessionId/bookings/new", roles: ["organiser"] },
  "admin.sessions.$sessionId.register": { path: "/admin/sessions/:sessionId/register", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId.sign-in-sheet": { path: "/admin/sessions/:sessionId/sign-in-sheet", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId.check-in": { path: "/admin/sessions/:sessionId/check-in", roles: ["organiser", "facilitator"] },
  "admin.sessions.$sessionId.attendees[.]csv": { path: "/admin/sessions/:sessionId/attendees.csv", roles: ["organiser"], page: false },
  "admin.bookings.$bookingId.move": { path: "/admin/bookings/:bookingId/move", roles: ["organiser"] },
  "admin.bookings.$bookingId.cancel": { path: "/admin/bookings/:bookingId/cancel", roles: ["organiser"] },
  "admin.sessions.$sessionId.feedback": { path: "/admin/sessions/:sessionId/feedback", roles: ["organiser"] },
  "admin.sessions.$sessionId.emails.$messageId": { path: "/admin/sessions/:sessionId/emails/:sessionMessageId", roles: ["organiser"] },
  "admin.forms._index": { path: "/admin/forms", roles: ["organiser"] },
  "admin.forms.new": { path: "/admin/forms/new", roles: ["organiser"] },
  "admin.forms.$formId._index": { path: "/admin/forms/:formId", roles: ["organiser"] },
  "admin.forms.$formId.settings": { path: "/admin/forms/:formId/settings", roles: ["organiser"] },
  "admin.forms.$formId.preview": { path: "/admin/forms/:formId/preview", roles: ["organiser"] },
  "admin.forms.$formId.qr": { path: "/admin/forms/:consultationId/qr", roles: ["organiser"] },
  "admin.forms.$formId.results": { path: "/admin/forms/:consultationId/results", roles: REPORTERS },
  "admin.forms.$formId.results.figures[.]csv": { path: "/admin/forms/:consultationId/results/figures.csv", roles: REPORTERS, page: false },
  "admin.forms.$formId.results.responses[.]csv": {
    path: "/admin/forms/:consultationId/results/responses.csv",
    roles: REPORTERS,
    page: false,
  },
  "admin.forms.$formId.questions.new": { path: "/admin/forms/:formId/questions/new", roles: ["organiser"] },
  "admin.forms.$formId.questions.$questionId._index": { path: "/admin/forms/:formId/questions/:questionId", roles: ["organiser"] },
  "admin.forms.$formId.questions.$questionId.delete": {
    path: "/admin/forms/:formId/questions/:unansweredQuestionId/delete",
    roles: ["organiser"],
  },
  "admin.settings": { path: "/admin/settings", roles: [] },
  "admin.subject-access": { path: "/admin/subject-access", roles: [] },
  "admin.subject-access[.]csv": { path: "/admin/subject-access.csv", roles: [], page: false },
  "admin.outbox._index": { path: "/admin/outbox", roles: [] },
  "admin.outbox.$messageId": { path: "/admin/outbox/:messageId", roles: [] },
  "admin.outbox.$messageId.html": { path: "/admin/outbox/:messageId/html", roles: [], page: false },
  "admin.reports._index": { path: "/admin/reports", roles: REPORTERS },
  "admin.reports.programmes.$programmeId._index": { path: "/admin/reports/programmes/:programmeId", roles: REPORTERS },
  "admin.reports.programmes.$programmeId.paper": { path: "/admin/reports/programmes/:programmeId/paper", roles: REPORTERS },
  "admin.reports.programmes.$programmeId.narrative": { path: "/admin/reports/programmes/:programmeId/narrative", roles: ["organiser"] },
  "admin.reports.programmes.$programmeId.figures[.]csv": {
    path: "/admin/reports/programmes/:programmeId/figures.csv",
    roles: REPORTERS,
    page: false,
  },
  "admin.reports.programmes.$programmeId.responses[.]csv": {
    path: "/admin/reports/programmes/:programmeId/responses.csv",
    roles: REPORTERS,
    page: false,
  },
  "admin.training._index": { path: "/admin/training", roles: REPORTERS },
  "admin.training.export[.]csv": { path: "/admin/training/export.csv", roles: REPORTERS, page: false },
  "admin.training.compulsory._index": { path: "/admin/training/compulsory", roles: REPORTERS },
  "admin.training.compulsory.staff": { path: "/admin/training/compulsory/staff", roles: ["organiser"] },
  "admin.training.compulsory.new": { path: "/admin/training/compulsory/new", roles: ["organiser"] },
  "admin.training.compulsory.$requirementId._index": { path: "/admin/training/compulsory/:requirementId", roles: REPORTERS },
  "admin.training.compulsory.$requirementId.edit": { path: "/admin/training/compulsory/:requirementId/edit", roles: ["organiser"] },
  "admin.training.compulsory.$requirementId.export[.]csv": {
    path: "/admin/training/compulsory/:requirementId/export.csv",
    roles: REPORTERS,
    page: false,
  },
  "admin.plans._index": { path: "/admin/plans", roles: REPORTERS },
  "admin.plans.import": { path: "/admin/plans/import", roles: ["organiser"] },
  "admin.plans.$planId._index": { path: "/admin/plans/:planId", roles: REPORTERS },
  "admin.plans.$planId.print": { path: "/admin/plans/:planId/print", roles: REPORTERS },
  "admin.plans.$planId.export[.]csv": { path: "/admin/plans/:planId/export.csv", roles: REPORTERS, page: false },
  "admin.plans.$planId.actions.$actionId._index": { path: "/admin/plans/:planId/actions/:actionId", roles: ["organiser"] },
  "admin.plans.$planId.actions.$actionId.targets.new": { path: "/admin/plans/:planId/actions/:actionId/targets/new", roles: ["organiser"] },
  "admin.plans.$planId.actions.$actionId.targets.$targetId": {
    path: "/admin/plans/:planId/actions/:actionId/targets/:targetId",
    roles: ["organiser"],
  },
};

export function fillPath(path: string, ids: Record<string, string>) {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!ids[name]) throw new Error(`No id for :${name}`);
    return ids[name]!;
  });
}

/**
 * Ids for each :param, from a running server's database. The sessions, bookings and programme are built here,
 * relative to the run's clock; the plan, consultation and email come from the demo data, where they do not
 * depend on the day it was seeded.
 */
export function adminRouteIds(databasePath: string) {
  const { db, sqlite } = openServerDatabase(databasePath);
  const programme = insertProgramme(db, { title: "Staff pages under test" });
  const session = insertSession(db, { programmeId: programme.id, startsInHours: 7 * 24, capacity: 2 });
  const booking = insertBookingRow(db, { sessionId: session.id });
  // Somewhere to move the booking to.
  insertSession(db, { programmeId: programme.id, startsInHours: 14 * 24 });
  const form = { id: programme.formId };
  const consultation = sqlite.prepare("select id from forms where kind = 'consultation' limit 1").get() as { id: number };
  const question = sqlite.prepare("select id from questions where form_id = ? order by position limit 1").get(form.id) as { id: number };
  const message = sqlite.prepare("select id from email_outbox where ics_method = 'REQUEST' order by id limit 1").get() as { id: number };
  // A message about the booking that failed to send, for the session's own view of it (and sending it again).
  const sessionMessage = Number(
    sqlite
      .prepare(
        "insert into email_outbox (kind, dedupe_key, booking_id, session_id, to_address, subject, text_body, html_body, status, last_error) values ('booking_confirmed', ?, ?, ?, 'person@test.example', 'Your booking', 'Dear person', '<p>Dear person</p>', 'failed', 'Mailbox unavailable') returning id",
      )
      .pluck()
      .get(`test-message-${booking.id}`, booking.id, session.id),
  );
  const plan = sqlite.prepare("select id from action_plans order by id limit 1").get() as { id: number };
  const target = sqlite
    .prepare(
      "select t.id, t.action_id from action_targets t join plan_actions a on a.id = t.action_id where a.plan_id = ? order by t.id limit 1",
    )
    .get(plan.id) as { id: number; action_id: number };
  // A requirement to look at (the demo has none): made here, as an organiser would.
  const requirement = Number(
    sqlite
      .prepare("insert into training_requirements (title, refresher_months) values ('Test requirement', 24) returning id")
      .pluck()
      .get(),
  );
  sqlite.prepare("insert into training_requirement_programmes (requirement_id, programme_id) values (?, ?)").run(requirement, programme.id);
  sqlite.close();
  const ids: Record<string, string> = {
    sessionId: String(session.id),
    programmeId: String(programme.id),
    bookingId: String(booking.id),
    formId: String(form.id),
    consultationId: String(consultation.id),
    questionId: String(question.id),
    messageId: String(message.id),
    sessionMessageId: String(sessionMessage),
    planId: String(plan.id),
    actionId: String(target.action_id),
    targetId: String(target.id),
    requirementId: String(requirement),
  };
  // A question nobody has answered, so deleting it is allowed. An allowed role's POST deletes it, so each
  // check can ask for a fresh one.
  const refreshUnanswered = () => {
    const { sqlite: db } = openServerDatabase(databasePath);
    ids.unansweredQuestionId = String(
      db
        .prepare(
          "insert into questions (form_id, position, type, prompt, config) values (?, 99, 'short_text', 'Spare question', '{}') returning id",
        )
        .pluck()
        .get(form.id),
    );
    db.close();
  };
  refreshUnanswered();
  return { ids, refreshUnanswered };
}
