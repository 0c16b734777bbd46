/**
 * The product's vocabularies, with the words users see for each value. Shared by the schema (CHECK
 * constraints), validation and pages, so a value cannot exist in one place and not another. It imports
 * nothing: db/ (below the app) and the browser bundle (above it) both read it.
 */

export const ROLES = ["admin", "organiser", "facilitator", "reporter"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  organiser: "Organiser",
  facilitator: "Facilitator",
  reporter: "Reporting lead",
};
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, including staff accounts and the email outbox.",
  organiser: "Programmes, sessions, bookings, attendance, feedback forms, reports and the action plan.",
  facilitator: "Opens attendance registers and marks who came.",
  reporter: "Reads evaluation reports, training figures and the action plan.",
};

export const SECTORS = [
  "council_department",
  "police",
  "health",
  "housing_provider",
  "voluntary_sector",
  "school",
  "business",
  "hotel",
  "licensed_venue",
  "other",
] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = {
  council_department: "Council department",
  police: "Police",
  health: "NHS or health",
  housing_provider: "Housing provider",
  voluntary_sector: "Voluntary or community sector",
  school: "School or college",
  business: "Business",
  hotel: "Hotel",
  licensed_venue: "Licensed venue (pub, bar, club)",
  other: "Other",
};

export const PROGRAMME_CATEGORIES = ["training", "awareness_event", "workshop", "campaign"] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<ProgrammeCategory, string> = {
  training: "Training",
  awareness_event: "Awareness event",
  workshop: "Workshop",
  campaign: "Campaign",
};

export const SESSION_STATUSES = ["scheduled", "cancelled"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SERIES_PATTERNS = ["weekly", "fortnightly", "monthly"] as const;
export type SeriesPattern = (typeof SERIES_PATTERNS)[number];

export const BOOKING_STATUSES = ["confirmed", "waitlisted", "cancelled"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: "Confirmed",
  waitlisted: "On the waiting list",
  cancelled: "Cancelled",
};

export const ATTENDANCE = ["unknown", "attended", "no_show"] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  unknown: "Not marked",
  attended: "Attended",
  no_show: "Did not attend",
};

export const BOOKING_SOURCES = ["online", "phone", "walk_in", "import"] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

/**
 * A programme has one form of each kind but `consultation`: its evaluation on the day, the attendee's
 * follow-up weeks later, and the line manager's follow-up at the same time (ADR 026).
 */
export const FORM_KINDS = ["evaluation", "consultation", "follow_up", "manager"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FORM_STATUSES = ["draft", "open", "closed"] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const QUESTION_TYPES = [
  "single_choice",
  "multiple_choice",
  "yes_no",
  "scale",
  "agreement",
  "grid",
  "ranking",
  "short_text",
  "long_text",
  "quote",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single_choice: "One answer from a list (including rating scales)",
  multiple_choice: "Several answers from a list",
  yes_no: "Yes or no",
  scale: "A number on a scale (for example 0 to 10, or 1 to 5)",
  agreement: "Agree or disagree (strongly agree to strongly disagree)",
  grid: "A grid: several rows answered on one scale",
  ranking: "Rank your top choices",
  short_text: "Short text",
  long_text: "Long text",
  quote: "A comment we may share, with permission",
};

export const RESPONSE_CHANNELS = ["attendee_link", "anonymous_link", "paper"] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];

export const RAG_STATUSES = ["complete", "green", "amber", "red", "blue"] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

export const TARGET_METRICS = [
  "people_trained",
  "organisations_reached",
  "sessions_delivered",
  "pct_extremely_useful",
  "pct_recommend",
  "bookings",
  "pct_applying",
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
export const TARGET_LABELS: Record<TargetMetric, string> = {
  people_trained: "People trained (attended)",
  organisations_reached: "Organisations reached (attended)",
  sessions_delivered: "Sessions delivered",
  pct_extremely_useful: "% finding it extremely useful (top box)",
  pct_recommend: "% who would recommend it",
  bookings: "Places booked",
  pct_applying: "% applying the learning at follow-up",
};

/** Every kind of email the service sends, with the words the outbox shows for it. */
export const EMAIL_KINDS = {
  booking_confirmed: "Booking confirmed",
  waitlisted: "Added to the waiting list",
  promoted: "Promoted from the waiting list",
  session_changed: "Session changed",
  booking_moved: "Booking moved",
  booking_cancelled: "Booking cancelled",
  session_cancelled: "Session cancelled",
  reminder: "Reminder",
  feedback_request: "Feedback request",
  feedback_chaser: "Feedback chaser",
  manage_link: "Manage link resent",
  certificate: "Certificate of attendance",
  follow_up_request: "Follow-up request",
  follow_up_chaser: "Follow-up chaser",
  manager_request: "Line manager follow-up request",
  manager_chaser: "Line manager follow-up chaser",
} as const;
export type EmailKind = keyof typeof EMAIL_KINDS;

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed", "held"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The four-point usefulness scale the partnership's evaluations report on ("over 85% … extremely useful"). */
export const USEFULNESS_SCALE = ["Extremely useful", "Very useful", "Somewhat useful", "Not useful"] as const;
export const AGREEMENT_SCALE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"] as const;

/** Who may read reports, training figures and action plans (admins may do everything). */
export const REPORT_ROLES = ["organiser", "reporter"] as const;

export const BREAKDOWNS = ["programme", "organisation", "sector", "department", "month", "quarter"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  programme: "By programme",
  organisation: "By organisation",
  sector: "By sector",
  department: "By department or team",
  month: "By month",
  quarter: "By quarter",
};

/** How a question is set up (its JSON column): what each type of question needs. */
export type QuestionConfig = {
  /** Choices for single/multiple choice, ranking; the scale for grids. */
  options?: string[];
  /** Grid rows, each answered on `options`. */
  rows?: string[];
  /** Multiple choice: offer "Other, please say". */
  allowOther?: boolean;
  /** Ranking: how many to rank ("your top 4"). */
  maxRank?: number;
  /** Numeric scales. */
  min?: number;
  max?: number;
  minLabel?: string;
  maxLabel?: string;
  /** Free text: the longest answer accepted. */
  maxLength?: number;
};

/** In the booking form's list of the council's departments (from the staff list): "not listed, I will type it". */
export const OTHER_DEPARTMENT = "other";
