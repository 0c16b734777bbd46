/**
 * Demo data: fictional people and organisations; programmes and figures drawn from the partnership's own
 * papers (Behind Closed Doors: over 85% "extremely useful", 100% would recommend; licensed venues: 3 of 10
 * sessions delivered; the 2019–2021 action plan imported from its CSV).
 *
 * Dates are relative to the day the seed runs, so the demo always has past sessions with feedback and
 * future sessions open for booking. Running it again adds nothing: users are keyed by email, programmes
 * (with their sessions, bookings and feedback) by slug, the consultation and the action plan by title.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { and, asc, count, desc, eq, like, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { findPlanByTitle, importActionPlan } from "~/models/action-plan.server";
import { cancelBooking, createBooking, insertBooking } from "~/models/booking.server";
import { listRequirements, saveRequirement, uploadStaffList } from "~/models/compulsory.server";
import { delivered } from "~/models/delivered.server";
import { queueBookingEmail } from "~/models/outbox.server";
import { saveProgrammeTranslations, type ProgrammeTranslation } from "~/models/programme-translation.server";
import { createFollowUpForms, createStandardEvaluationForm } from "~/models/programme.server";
import { cancelSession, sessionFieldsSchema, sessionToFields, updateSession } from "~/models/session.server";
import { hashPassword } from "~/models/user.server";
import { parseActionPlanCsv } from "~/utils/action-plan-csv.server";
import { clock } from "~/utils/clock.server";
import { addUkCalendar, toUkParts, ukDateKey, ukLocalToUtc } from "~/utils/dates";
import { deviceKey } from "~/utils/room-device.server";
import { seededRandom } from "~/utils/seeded-random";
import { CHANGE_SCALE, FREQUENCY_SCALE, METRICS, type QuestionDefinition } from "~/utils/standard-evaluation";
import { newSecretToken } from "~/utils/tokens.server";

import DEMO_TRANSLATION_DATA from "./demo-translations.json";
import type { Tx } from "../../db/client";
import { DEMO_ACCOUNTS, DEMO_CONSULTATION_TITLE, DEMO_PLAN_TITLE, DEMO_REQUIREMENT_TITLE } from "../../db/seed-data/demo";
import { AGREEMENT_SCALE, USEFULNESS_SCALE, type ProgrammeCategory, type Sector } from "../../domain/vocabulary";

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness: the same demo every time, so figures quoted in the README hold.
// ---------------------------------------------------------------------------------------------------------

type Rng = ReturnType<typeof seededRandom>;

const FIRST_NAMES = [
  "Aisha",
  "Ben",
  "Carys",
  "Deepak",
  "Ella",
  "Femi",
  "Grace",
  "Hamza",
  "Isla",
  "Jonah",
  "Kiran",
  "Lena",
  "Marcus",
  "Nadia",
  "Owen",
  "Priya",
  "Quinn",
  "Rosa",
  "Tariq",
  "Uma",
  "Vikram",
  "Wren",
  "Yusuf",
  "Zara",
  "Alfie",
  "Bea",
  "Callum",
  "Dalia",
  "Eamon",
  "Freya",
  "Gideon",
  "Hana",
  "Imran",
  "Jess",
  "Kofi",
  "Lucia",
  "Milo",
  "Niamh",
  "Olu",
  "Pippa",
  "Rhys",
  "Saoirse",
  "Theo",
  "Ula",
  "Vera",
  "Will",
  "Xander",
  "Yasmin",
];
const SURNAMES = [
  "Adeyemi",
  "Barker",
  "Chowdhury",
  "Doyle",
  "Evans",
  "Fitzgerald",
  "Gill",
  "Hughes",
  "Iqbal",
  "Jarvis",
  "Kowalski",
  "Lindqvist",
  "Mensah",
  "Novak",
  "O'Connell",
  "Patel",
  "Quigley",
  "Rahman",
  "Sandoval",
  "Thornton",
  "Usman",
  "Varga",
  "Whitlock",
  "Yildiz",
  "Zielinski",
  "Ashdown",
  "Brennan",
  "Castell",
  "Dunmore",
  "Ellery",
  "Farrow",
  "Greaves",
  "Holloway",
  "Ingram",
  "Kaczmarek",
  "Lowther",
  "Moreau",
  "Nwosu",
  "Oakley",
  "Pennington",
];

type DemoOrg = { name: string; sector: Sector; domain: string; departments?: string[]; roles: string[] };

const COUNCIL: DemoOrg = {
  name: "Safer City Council",
  sector: "council_department",
  domain: "safercity.example",
  departments: [
    "Housing Estates",
    "Resident Services",
    "Estate Caretaking",
    "Adult Social Care",
    "Children's Social Care",
    "Homelessness",
    "Community Safety",
    "Licensing",
  ],
  roles: ["Estate officer", "Caretaker", "Housing officer", "Social worker", "Team manager", "Senior practitioner", "Licensing officer"],
};
const BUSINESSES: DemoOrg[] = [
  {
    name: "Meridian Airways",
    sector: "business",
    domain: "meridian-airways.example",
    roles: ["HR business partner", "Employee relations manager", "Wellbeing lead"],
  },
  {
    name: "Copperfield Financial",
    sector: "business",
    domain: "copperfield.example",
    roles: ["HR manager", "Head of people", "Occupational health adviser"],
  },
  {
    name: "Altus Media plc",
    sector: "business",
    domain: "altus-media.example",
    roles: ["People partner", "Office manager", "Diversity and inclusion lead"],
  },
  { name: "Harbour Lane Insurance", sector: "business", domain: "harbourlane.example", roles: ["HR adviser", "Facilities manager"] },
  {
    name: "Northgate Bank",
    sector: "business",
    domain: "northgate-bank.example",
    roles: ["Employee assistance lead", "HR director", "Security manager"],
  },
  { name: "Fleetwood & Marsh LLP", sector: "business", domain: "fleetwood-marsh.example", roles: ["Practice manager", "HR adviser"] },
];
const HOTELS: DemoOrg[] = [
  "Hotel Aurora",
  "The Gresham Rooms",
  "Riverside Grand Hotel",
  "Cheapside Inn",
  "The Monument Hotel",
  "Bishopsgate Suites",
  "Lantern Court Hotel",
  "The Aldgate Stay",
].map((name) => ({
  name,
  sector: "hotel" as const,
  domain: `${name
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "")}.example`,
  roles: ["Night manager", "Front of house manager", "Housekeeping supervisor", "Security officer", "Duty manager"],
}));
const VENUES: DemoOrg[] = [
  "The Lamplighter",
  "Vault Bar",
  "Night Owl Club",
  "The Copper Kettle",
  "Wharf Street Social",
  "The Counting House Bar",
].map((name) => ({
  name,
  sector: "licensed_venue" as const,
  domain: `${name
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "")}.example`,
  roles: ["Bar manager", "Door supervisor", "Bar staff", "General manager"],
}));
const PROFESSIONALS: DemoOrg[] = [
  {
    name: "City Police",
    sector: "police",
    domain: "citypolice.example",
    departments: ["Public Protection Unit", "Response"],
    roles: ["Detective constable", "Police constable", "Vulnerable victims coordinator"],
  },
  {
    name: "City and Riverside NHS Trust",
    sector: "health",
    domain: "cityriverside-nhs.example",
    departments: ["Emergency department", "Midwifery", "Mental health"],
    roles: ["Nurse", "Midwife", "Safeguarding lead", "GP"],
  },
  {
    name: "Riverside Homes Association",
    sector: "housing_provider",
    domain: "riverside-homes.example",
    roles: ["Tenancy officer", "Neighbourhood manager"],
  },
  {
    name: "Harbour Women's Aid",
    sector: "voluntary_sector",
    domain: "harbour-womens-aid.example",
    roles: ["IDVA", "Outreach worker", "Refuge worker"],
  },
  {
    name: "Street Link Outreach",
    sector: "voluntary_sector",
    domain: "streetlink-outreach.example",
    roles: ["Outreach worker", "Hostel key worker"],
  },
  COUNCIL,
];
const SCHOOLS: DemoOrg[] = [
  {
    name: "St Aldate's Primary School",
    sector: "school",
    domain: "st-aldates.example",
    roles: ["Designated safeguarding lead", "Class teacher", "Head of year"],
  },
  { name: "Cityside Academy", sector: "school", domain: "cityside-academy.example", roles: ["PSHE lead", "Pastoral manager", "Teacher"] },
  { name: "Wharfside College", sector: "school", domain: "wharfside-college.example", roles: ["Student welfare officer", "Tutor"] },
];

// ---------------------------------------------------------------------------------------------------------
// Programmes and their sessions
// ---------------------------------------------------------------------------------------------------------

type FeedbackProfile = {
  responseRate: number;
  /** Exact counts per usefulness option for the responses, in scale order; else weights. */
  usefulness: { exact?: number[]; weights?: number[] };
  recommendYes: number;
  confidenceBefore: [number, number];
  confidenceAfter: [number, number];
  quotes?: Array<{ org: string; text: string }>;
  comments: string[];
  /** The follow-up weeks later (ADR 026): the share applying the learning, their examples, what got in the way. */
  followUp?: { applied: number; examples: string[]; barriers: string[] };
};

/** For programmes whose demo follow-up is not written out. */
const GENERIC_FOLLOW_UP = {
  applied: 0.6,
  examples: ["I used the checklist with a colleague to decide what to do next.", "I shared the referral routes with my team."],
  barriers: ["Not enough time to follow things up.", "I have not had a situation where it came up yet."],
};

type DemoSession = {
  /** Days from the seed day, in UK dates. */
  day: number;
  start: string;
  minutes: number;
  venue?: string;
  online?: boolean;
  capacity: number;
  confirmed: number;
  waitlisted?: number;
  cancelled?: number;
  /** For past sessions: how many of the confirmed came. */
  attended?: number;
  /** Exact feedback figures (counted against responses); otherwise the programme's profile applies. */
  exactResponses?: number;
  /** Keep the day even if it is a weekend (the session that shows reminders going out tomorrow). */
  anyDay?: boolean;
  /**
   * Responses through the room link (QR code) from people who had not answered through their own link; one
   * more is sent again from the first phone as "a different person" and voided by the organiser, so the
   * review on the session's feedback page has something to show.
   */
  roomLink?: number;
};

type DemoProgramme = {
  slug: string;
  title: string;
  summary: string;
  description: string;
  aims: string[];
  audience: string;
  category: ProgrammeCategory;
  defaultCapacity: number;
  defaultDurationMinutes: number;
  sensitive?: boolean;
  publicTitle?: string;
  reminderDaysBefore?: number;
  /** The booking form asks council staff for their line manager (ADR 026). */
  askLineManager?: boolean;
  orgs: DemoOrg[];
  /** Monthly sessions; the first `pastOccurrences` fall before the seed day, the next `anchorDay` days after it. */
  series?: {
    pattern: "monthly";
    pastOccurrences: number;
    occurrences: number;
    anchorDay: number;
    start: string;
    minutes: number;
    venue: string;
    capacity: number;
    confirmedPast: number;
    confirmedFuture: number[];
  };
  sessions: DemoSession[];
  feedback: FeedbackProfile;
};

const GUILDHALL = "Committee Room 2, Safer City Council offices, 1 Guild Street, London EC2V 7HH";
const COMMUNITY_CENTRE = "Golden Lane Community Centre, 10 Fann Street, London EC1Y 0SH";
const POLICE_HQ = "Training Suite, City Police, 182 Bishopsgate, London EC2M 4NP";

/** The demo programmes' words in Spanish and Portuguese, by slug. */
const DEMO_TRANSLATIONS: Record<string, Partial<Record<"es" | "pt", ProgrammeTranslation>>> = DEMO_TRANSLATION_DATA;

const PROGRAMMES: DemoProgramme[] = [
  {
    slug: "behind-closed-doors",
    title: "Behind Closed Doors: domestic abuse and stalking in the workplace",
    summary: "An awareness event for employers: what abuse looks like at work, your duty of care, and how to support staff.",
    description:
      "A half-day event for HR professionals, managers and wellbeing leads in City businesses, delivered with the City Police Public Protection Unit and specialist support services. It balances practical information with the reality of domestic abuse and stalking.",
    aims: [
      "Support the Government's strategy to end violence against women and girls",
      "Raise the profile of the police Public Protection Unit and Vulnerable Victims Coordinator and the services they offer",
      "Showcase true partnership working and the sharing of best practice",
      "Highlight employers' responsibilities and duty of care towards employees affected by abuse",
      "Put an end to secondary victimisation in the workplace",
      "Show what abuse looks like, how it shows itself at work, and how employers can support staff and understand reporting pathways",
      "Remove myths and stereotypes about victims of abuse",
      "Identify how abuse can affect industry",
    ],
    audience: "Businesses: HR professionals, line managers and wellbeing leads",
    category: "awareness_event",
    defaultCapacity: 40,
    defaultDurationMinutes: 180,
    sensitive: true,
    publicTitle: "Partnership business briefing",
    orgs: BUSINESSES,
    sessions: [
      {
        day: -63,
        start: "09:30",
        minutes: 180,
        venue: GUILDHALL,
        capacity: 40,
        confirmed: 32,
        cancelled: 3,
        attended: 28,
        exactResponses: 23,
      },
      { day: 45, start: "09:30", minutes: 180, venue: GUILDHALL, capacity: 40, confirmed: 17 },
    ],
    feedback: {
      responseRate: 0.82,
      // 20 of 23 "Extremely useful" = 87.0%: "over 85% of feedback stating the event was extremely useful".
      usefulness: { exact: [20, 3, 0, 0] },
      // 23 of 23: "100% of people saying they would recommend this event to other colleagues".
      recommendYes: 1,
      confidenceBefore: [2, 3],
      confidenceAfter: [4, 5],
      quotes: [
        { org: "Meridian Airways", text: "Incredibly powerful session that makes you think and want to act." },
        {
          org: "Copperfield Financial",
          text: "A great session that I would recommend to any HR professional. It has made me think about how I should respond to a victim or perpetrator of domestic abuse or stalking as an employer.",
        },
        {
          org: "Altus Media plc",
          text: "Very well put together – amazing how much you covered in the time. Thought provoking and makes you want to move into action to prevent domestic abuse and stalking.",
        },
      ],
      comments: [
        "Review our domestic abuse policy and make sure managers know the reporting pathway.",
        "Brief line managers on the signs and where to signpost.",
        "Put the helpline numbers on our intranet and in the staff toilets.",
        "Talk to our employee assistance provider about stalking.",
        "Share the Spotting the Signs toolkit with the HR team.",
      ],
    },
  },
  {
    slug: "daha-housing-estate-staff",
    title: "Domestic abuse awareness for housing estate staff (DAHA)",
    summary: "Compulsory training for everyone working on our housing estates: spotting the signs of domestic abuse and responding safely.",
    description:
      "Part of our work towards Domestic Abuse Housing Alliance (DAHA) accreditation, and a recommendation of a Domestic Homicide Review. Covers recognising domestic abuse and VAWG, responding to a disclosure, recording, and referral pathways including MARAC and the Sanctuary Scheme.",
    aims: [
      "Every member of estate staff can spot the signs of domestic abuse",
      "Staff know how to respond to a disclosure safely and record it",
      "Staff know the referral pathways, including MARAC and the Sanctuary Scheme",
    ],
    audience: "Council housing estate staff and managers (compulsory)",
    category: "training",
    defaultCapacity: 15,
    defaultDurationMinutes: 180,
    orgs: [COUNCIL],
    sessions: [
      { day: -118, start: "10:00", minutes: 180, venue: COMMUNITY_CENTRE, capacity: 15, confirmed: 14, cancelled: 1, attended: 13 },
      { day: -32, start: "10:00", minutes: 180, venue: COMMUNITY_CENTRE, capacity: 15, confirmed: 15, attended: 12 },
      { day: 10, start: "10:00", minutes: 180, venue: COMMUNITY_CENTRE, capacity: 15, confirmed: 15, waitlisted: 4 },
      { day: 38, start: "13:30", minutes: 180, venue: COMMUNITY_CENTRE, capacity: 15, confirmed: 6 },
    ],
    feedback: {
      responseRate: 0.8,
      usefulness: { weights: [0.55, 0.35, 0.1, 0] },
      recommendYes: 0.95,
      confidenceBefore: [2, 3],
      confidenceAfter: [4, 5],
      comments: [
        "Log concerns on the housing system the same day.",
        "Ask the question when something does not feel right.",
        "Use the referral pathway rather than waiting for the next visit.",
      ],
      followUp: {
        applied: 0.7,
        examples: [
          "A tenant mentioned her partner checks her phone. I asked if she was safe at home, as we practised, and referred her to the IDVA the same day.",
          "I noticed repeated damage to a front door and logged it on the housing system instead of treating it as a repair.",
          "I talked a colleague through the Sanctuary Scheme referral when a resident asked about extra locks.",
        ],
        barriers: [
          "Caseloads: there is rarely time to follow up a concern on the same visit.",
          "I was not sure who to tell when the resident asked me not to pass it on.",
          "No situations have come up on my patch yet.",
        ],
      },
    },
    askLineManager: true,
  },
  {
    slug: "marac-dash-training",
    title: "MARAC and DASH risk assessment training",
    summary: "How to use the SafeLives DASH risk checklist, spot high-risk factors and refer to the MARAC — and when.",
    description:
      "For professionals across agencies. Covers the DASH risk identification checklist, high-risk factors, professional judgement, and the MARAC: how to refer, when to refer, what it does, and the local threshold compared with neighbouring boroughs.",
    aims: [
      "Agencies understand how, when and why to refer to the MARAC",
      "Practitioners can complete the DASH risk checklist with confidence",
      "Practitioners recognise high-risk factors and act on professional judgement",
    ],
    audience: "Professionals: police, health, housing, social care and voluntary sector",
    category: "workshop",
    defaultCapacity: 20,
    defaultDurationMinutes: 150,
    orgs: PROFESSIONALS,
    sessions: [
      { day: -91, start: "09:30", minutes: 150, venue: POLICE_HQ, capacity: 20, confirmed: 18, cancelled: 2, attended: 16 },
      { day: -21, start: "13:30", minutes: 150, online: true, capacity: 30, confirmed: 24, attended: 19, roomLink: 3 },
      { day: 14, start: "13:30", minutes: 150, online: true, capacity: 30, confirmed: 11 },
      { day: 60, start: "09:30", minutes: 150, venue: POLICE_HQ, capacity: 20, confirmed: 4 },
    ],
    feedback: {
      responseRate: 0.75,
      usefulness: { weights: [0.6, 0.3, 0.1, 0] },
      recommendYes: 0.97,
      confidenceBefore: [2, 3],
      confidenceAfter: [4, 5],
      comments: [
        "Complete a DASH with every disclosure rather than only when I think it is high risk.",
        "Refer to MARAC on professional judgement when the score is borderline.",
        "Share the threshold guidance with my team.",
      ],
    },
  },
  {
    slug: "safety-thirst-licensed-venues",
    title: "Safety Thirst: VAWG training for licensed venues",
    summary:
      "Training for staff of licensed venues in the Safety Thirst scheme: recognising and responding to sexual harassment and violence at night.",
    description:
      "Delivered with specialist partners for bars, pubs and clubs accredited to the Safety Thirst scheme. Covers bystander intervention, responding to disclosures, vulnerability (including LGBTQI+ customers and young people) and the Women's Safety Charter.",
    aims: [
      "Venue staff recognise and respond to sexual harassment and violence",
      "Venues sign up to the Women's Safety Charter",
      "Staff know how to support vulnerable customers and when to call the police",
    ],
    audience: "Licensed venues: managers, bar staff and door supervisors",
    category: "training",
    defaultCapacity: 16,
    defaultDurationMinutes: 120,
    orgs: VENUES,
    // Ten monthly sessions planned; the first three have been delivered.
    series: {
      pattern: "monthly",
      pastOccurrences: 3,
      occurrences: 10,
      anchorDay: 10,
      start: "15:00",
      minutes: 120,
      venue: "The Counting House Bar (upstairs room), 50 Cornhill, London EC3V 3PD",
      capacity: 16,
      confirmedPast: 12,
      confirmedFuture: [9, 6, 3, 2, 0, 0, 0],
    },
    sessions: [],
    feedback: {
      responseRate: 0.7,
      usefulness: { weights: [0.5, 0.4, 0.1, 0] },
      recommendYes: 0.93,
      confidenceBefore: [2, 3],
      confidenceAfter: [3, 5],
      comments: ["Brief the door team on the Ask for Angela code.", "Put the charter poster up behind the bar."],
    },
  },
  {
    slug: "hotel-staff-awareness",
    title: "Hotel staff awareness: CSE, domestic abuse, sexual violence and modern slavery",
    summary:
      "For hotel staff: recognising child sexual exploitation, domestic abuse, sexual violence and modern slavery, and how to respond.",
    description:
      "Delivered jointly with the City Police. Links with the Hotel Toolkit. For night managers, front-of-house, housekeeping and security staff, who are often the first to notice something is wrong.",
    aims: [
      "Hotel staff recognise the signs of CSE, domestic abuse, sexual violence and modern slavery",
      "Staff know how to respond and who to call",
      "Hotels use the Hotel Toolkit",
    ],
    audience: "Hotels: managers, front of house, housekeeping and security",
    category: "workshop",
    defaultCapacity: 20,
    defaultDurationMinutes: 120,
    orgs: HOTELS,
    sessions: [
      { day: -49, start: "14:00", minutes: 120, venue: GUILDHALL, capacity: 20, confirmed: 17, cancelled: 1, attended: 15 },
      { day: 1, start: "14:00", minutes: 120, venue: GUILDHALL, capacity: 20, confirmed: 9, anyDay: true },
      { day: 21, start: "14:00", minutes: 120, venue: GUILDHALL, capacity: 20, confirmed: 8 },
    ],
    feedback: {
      responseRate: 0.8,
      usefulness: { weights: [0.6, 0.35, 0.05, 0] },
      recommendYes: 0.96,
      confidenceBefore: [1, 3],
      confidenceAfter: [4, 5],
      comments: ["Brief night staff on the signs of exploitation.", "Add the police contact to the front desk folder."],
    },
  },
  {
    slug: "healthy-relationships-schools",
    title: "Healthy relationships: sessions for schools",
    summary: "For school staff: teaching healthy relationships and consent, and spotting the signs of domestic abuse and FGM.",
    description:
      "Supports Relationships, Sex and Health Education. For designated safeguarding leads, PSHE leads and pastoral staff. Includes the referral pathways agreed between City schools and the police Public Protection Unit.",
    aims: [
      "Staff feel able to teach healthy relationships and consent",
      "Staff recognise the signs of domestic abuse and FGM",
      "Staff use the agreed referral pathway",
    ],
    audience: "Schools and colleges: safeguarding leads, PSHE and pastoral staff",
    category: "workshop",
    defaultCapacity: 12,
    defaultDurationMinutes: 90,
    orgs: SCHOOLS,
    sessions: [
      { day: -35, start: "16:00", minutes: 90, venue: COMMUNITY_CENTRE, capacity: 12, confirmed: 11, attended: 10 },
      { day: 28, start: "16:00", minutes: 90, venue: COMMUNITY_CENTRE, capacity: 12, confirmed: 12, waitlisted: 2 },
    ],
    feedback: {
      responseRate: 0.8,
      usefulness: { weights: [0.5, 0.4, 0.1, 0] },
      recommendYes: 0.9,
      confidenceBefore: [2, 4],
      confidenceAfter: [4, 5],
      comments: ["Use the lesson plans with Year 9.", "Share the FGM guidance at the next staff briefing."],
    },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------------------

export type SeedReport = {
  users: number;
  programmes: number;
  sessions: number;
  bookings: number;
  responses: number;
  plans: number;
  consultations: number;
};

/** A UK date-time `dayOffset` days (and `monthOffset` months) from `base`, moved off weekends to the Monday. */
function ukInstant(base: Date, dayOffset: number, hhmm: string, monthOffset = 0, anyDay = false): Date {
  let day = addUkCalendar(base, { days: dayOffset })!;
  if (monthOffset) day = addUkCalendar(day, { months: monthOffset })!;
  const weekday = toUkParts(day).weekday;
  if (!anyDay && (weekday === 6 || weekday === 0)) day = addUkCalendar(day, { days: weekday === 6 ? 2 : 1 })!;
  const { year, month, day: d } = toUkParts(day);
  const [hour, minute] = hhmm.split(":").map(Number);
  return ukLocalToUtc({ year, month, day: d }, { hour: hour!, minute: minute! })!;
}

function insertQuestions(tx: Tx, formId: number, definitions: QuestionDefinition[]) {
  return definitions.map((q, i) =>
    tx
      .insert(schema.questions)
      .values({
        formId,
        position: i + 1,
        type: q.type,
        metric: q.metric,
        prompt: q.prompt,
        hint: q.hint ?? "",
        required: q.required,
        config: q.config,
      })
      .returning()
      .get(),
  );
}

function makePerson(rng: Rng, org: DemoOrg, used: Set<string>) {
  for (;;) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(SURNAMES);
    const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${org.domain}`;
    if (used.has(email)) continue;
    used.add(email);
    return {
      name: `${first} ${last}`,
      email,
      jobRole: rng.pick(org.roles),
      department: org.departments ? rng.pick(org.departments) : null,
    };
  }
}

/** Spreads `n` items over options by weight with exact rounding (largest remainder), for stable demo figures. */
function apportion(n: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / total) * n);
  const counts = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < n; k++) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

function seedProgramme(tx: Tx, p: DemoProgramme, now: Date, rng: Rng, report: SeedReport, organiserId: number, facilitatorId: number) {
  const programme = tx
    .insert(schema.programmes)
    .values({
      slug: p.slug,
      title: p.title,
      summary: p.summary,
      description: p.description,
      aims: p.aims,
      audience: p.audience,
      category: p.category,
      defaultCapacity: p.defaultCapacity,
      defaultDurationMinutes: p.defaultDurationMinutes,
      sensitive: p.sensitive ?? false,
      publicTitle: p.publicTitle ?? null,
      reminderDaysBefore: p.reminderDaysBefore ?? 2,
      askLineManager: p.askLineManager ?? false,
      createdBy: organiserId,
    })
    .returning()
    .get();
  report.programmes++;
  // The demo shows the public pages in Spanish and Portuguese too (ADR 028).
  const translated = DEMO_TRANSLATIONS[p.slug];
  if (translated) saveProgrammeTranslations(tx, { programmeId: programme.id, translations: translated });

  const formId = createStandardEvaluationForm({ tx, programmeId: programme.id, title: p.title, userId: organiserId });
  const form = { id: formId };
  const questions = tx.select().from(schema.questions).where(eq(schema.questions.formId, formId)).all();
  const byMetric = (metric: string) => questions.find((q) => q.metric === metric)!;
  const freeText = questions.find((q) => q.type === "long_text")!;
  const [followUpFormId, managerFormId] = createFollowUpForms({ tx, programmeId: programme.id, title: p.title, userId: organiserId });
  const followUpQuestions = tx.select().from(schema.questions).where(eq(schema.questions.formId, followUpFormId!)).all();
  const managerQuestions = tx.select().from(schema.questions).where(eq(schema.questions.formId, managerFormId!)).all();
  const inFollowUp = (metric: string) => followUpQuestions.find((q) => q.metric === metric)!;

  // Sessions: the explicit list plus any series.
  const sessions: Array<DemoSession & { seriesId?: number; startsAt: Date }> = p.sessions.map((s) => ({
    ...s,
    startsAt: ukInstant(now, s.day, s.start, 0, s.anyDay),
  }));
  if (p.series) {
    const series = tx
      .insert(schema.sessionSeries)
      .values({ programmeId: programme.id, pattern: p.series.pattern, occurrences: p.series.occurrences, createdBy: organiserId })
      .returning()
      .get();
    let futureIndex = 0;
    for (let i = 0; i < p.series.occurrences; i++) {
      const startsAt = ukInstant(now, p.series.anchorDay, p.series.start, i - p.series.pastOccurrences);
      const past = startsAt < now;
      const confirmed = past ? p.series.confirmedPast : (p.series.confirmedFuture[futureIndex++] ?? 0);
      sessions.push({
        day: 0,
        start: p.series.start,
        minutes: p.series.minutes,
        venue: p.series.venue,
        capacity: p.series.capacity,
        confirmed,
        attended: past ? confirmed - rng.int(1, 3) : undefined,
        seriesId: series.id,
        startsAt,
      });
    }
  }

  for (const s of sessions) {
    const startsAt = s.startsAt;
    const endsAt = new Date(startsAt.getTime() + s.minutes * 60_000);
    const past = endsAt < now;
    const session = tx
      .insert(schema.sessions)
      .values({
        programmeId: programme.id,
        seriesId: s.seriesId ?? null,
        startsAt,
        endsAt,
        venue: s.online ? null : (s.venue ?? null),
        onlineUrl: s.online ? "https://meet.safercity.example/training/" + p.slug : null,
        capacity: s.capacity,
        bookingClosesAt: new Date(startsAt.getTime() - 24 * 3600_000),
        facilitatorId,
        notesForAttendees: s.online
          ? "The joining link will work from 15 minutes before the start. Please have your camera on if you can."
          : "Please arrive 10 minutes early and sign in at reception. The room is step-free; tell us about any access needs.",
        attendanceTakenAt: past ? endsAt : null,
        feedbackToken: newSecretToken(),
        feedbackClosesAt: past ? new Date(endsAt.getTime() + 28 * 24 * 3600_000) : null,
        createdBy: organiserId,
        createdAt: new Date(startsAt.getTime() - 60 * 24 * 3600_000),
      })
      .returning()
      .get();
    report.sessions++;

    const used = new Set<string>();
    const people: Array<{ id: number; attended: boolean; org: DemoOrg; orgName: string }> = [];
    // The people quoted in the evaluation must be among those who came and answered.
    const quotedOrgs = past ? (p.feedback.quotes ?? []).map((q) => p.orgs.find((o) => o.name === q.org)!) : [];
    const addBooking = (status: "confirmed" | "waitlisted" | "cancelled", index: number) => {
      const org = status === "confirmed" && quotedOrgs[index] ? quotedOrgs[index] : rng.pick(p.orgs);
      const person = makePerson(rng, org, used);
      const bookedAt = new Date(startsAt.getTime() - (40 - Math.min(index, 35)) * 24 * 3600_000);
      const accessNeeds = rng.chance(0.08)
        ? rng.pick(["Step-free access, please", "Hearing loop", "Large-print handouts", "Vegetarian lunch"])
        : null;
      const source = rng.chance(0.1) ? "phone" : "online";
      const attendee = { ...person, organisation: org.name, sector: org.sector, accessNeeds };
      const row = insertBooking({
        tx,
        sessionId: session.id,
        attendee,
        status: status === "waitlisted" ? "waitlisted" : "confirmed",
        source,
        now: bookedAt,
      });
      if (status === "cancelled") {
        const cancelledAt = new Date(bookedAt.getTime() + 3 * 24 * 3600_000);
        tx.update(schema.bookings)
          .set({ status: "cancelled", cancelledAt, cancelledBy: "attendee", updatedAt: cancelledAt })
          .where(eq(schema.bookings.id, row.id))
          .run();
      }
      report.bookings++;
      return { id: row.id, org };
    };

    for (let i = 0; i < s.confirmed; i++) {
      const { id, org } = addBooking("confirmed", i);
      people.push({ id, attended: false, org, orgName: org.name });
    }
    for (let i = 0; i < (s.waitlisted ?? 0); i++) addBooking("waitlisted", s.confirmed + i);
    for (let i = 0; i < (s.cancelled ?? 0); i++) addBooking("cancelled", i);

    if (!past) continue;

    // Attendance: the first `attended` came, the rest did not.
    const attendedCount = Math.min(s.attended ?? s.confirmed, s.confirmed);
    people.forEach((person, i) => {
      person.attended = i < attendedCount;
      tx.update(schema.bookings)
        .set({ attendance: person.attended ? "attended" : "no_show", attendanceMarkedAt: endsAt, attendanceMarkedBy: facilitatorId })
        .where(eq(schema.bookings.id, person.id))
        .run();
    });

    // Feedback from those who came.
    const attendees = people.filter((x) => x.attended);
    const respondents = attendees.slice(0, s.exactResponses ?? Math.round(attendees.length * p.feedback.responseRate));
    const usefulnessCounts = p.feedback.usefulness.exact ?? apportion(respondents.length, p.feedback.usefulness.weights!);
    const usefulnessAnswers = usefulnessCounts.flatMap((n, i) => Array<string>(n).fill(USEFULNESS_SCALE[i]!));
    const recommendYes = Math.round(respondents.length * p.feedback.recommendYes);
    const quotes = [...(p.feedback.quotes ?? [])];
    const confidenceAfter = new Map<number, number>();

    respondents.forEach((person, i) => {
      const submittedAt = new Date(endsAt.getTime() + rng.int(1, 72) * 3600_000);
      const response = tx
        .insert(schema.responses)
        .values({
          formId: form.id,
          sessionId: session.id,
          bookingId: person.id,
          channel: "attendee_link",
          submittedAt,
          updatedAt: submittedAt,
        })
        .returning({ id: schema.responses.id })
        .get();
      tx.update(schema.bookings).set({ feedbackGivenAt: submittedAt }).where(eq(schema.bookings.id, person.id)).run();
      report.responses++;
      const base = { responseId: response.id, formId: form.id, sessionId: session.id };
      const before = rng.int(...p.feedback.confidenceBefore);
      const after = Math.max(before, rng.int(...p.feedback.confidenceAfter));
      confidenceAfter.set(person.id, after);
      const rows: Array<typeof schema.answers.$inferInsert> = [
        { ...base, questionId: byMetric(METRICS.usefulness).id, choice: usefulnessAnswers[i] ?? USEFULNESS_SCALE[1] },
        { ...base, questionId: byMetric(METRICS.recommend).id, choice: i < recommendYes ? "Yes" : "No" },
        { ...base, questionId: byMetric(METRICS.confidenceBefore).id, number: before },
        { ...base, questionId: byMetric(METRICS.confidenceAfter).id, number: after },
      ];
      if (rng.chance(0.5)) rows.push({ ...base, questionId: freeText.id, text: rng.pick(p.feedback.comments) });
      const quoteIndex = quotes.findIndex((q) => q.org === person.orgName);
      if (quoteIndex >= 0) {
        const [quote] = quotes.splice(quoteIndex, 1);
        rows.push({
          ...base,
          questionId: byMetric(METRICS.quote).id,
          text: quote!.text,
          quotePermission: true,
          quoteAttribution: "organisation",
        });
      }
      tx.insert(schema.answers).values(rows).run();
    });

    // The follow-up, where it has opened: most of those who answered on the day, and a few who did not; and
    // the line managers council staff named, where the programme asks.
    const followUpOpens = new Date(endsAt.getTime() + programme.followUpWeeks * 7 * 86_400_000);
    if (followUpOpens <= now) {
      const profile = p.feedback.followUp ?? GENERIC_FOLLOW_UP;
      // Everyone who came was asked when it opened (the response rate's denominator).
      for (const person of attendees)
        tx.update(schema.bookings).set({ followUpAskedAt: followUpOpens }).where(eq(schema.bookings.id, person.id)).run();
      const answering = attendees.filter((person, i) => (confidenceAfter.has(person.id) ? i % 4 !== 3 : i % 3 === 0));
      const examples = [...profile.examples];
      /** A response through the person's (or their manager's) own link, recorded on the booking as given. */
      const linkedResponse = (formId: number, bookingId: number, submittedAt: Date, given: "followUpGivenAt" | "managerGivenAt") => {
        const response = tx
          .insert(schema.responses)
          .values({ formId, sessionId: session.id, bookingId, channel: "attendee_link", submittedAt, updatedAt: submittedAt })
          .returning({ id: schema.responses.id })
          .get();
        tx.update(schema.bookings)
          .set({ [given]: submittedAt })
          .where(eq(schema.bookings.id, bookingId))
          .run();
        report.responses++;
        return { responseId: response.id, formId, sessionId: session.id };
      };
      answering.forEach((person, i) => {
        const submittedAt = new Date(followUpOpens.getTime() + rng.int(2, 240) * 3600_000);
        if (submittedAt > now) return;
        const base = linkedResponse(followUpFormId!, person.id, submittedAt, "followUpGivenAt");
        const applied = i < Math.round(answering.length * profile.applied);
        const after = confidenceAfter.get(person.id) ?? rng.int(...p.feedback.confidenceAfter);
        const rows: Array<typeof schema.answers.$inferInsert> = [
          { ...base, questionId: inFollowUp(METRICS.applied).id, choice: applied ? "Yes" : "No" },
          {
            ...base,
            questionId: inFollowUp(METRICS.appliedFrequency).id,
            choice: applied ? FREQUENCY_SCALE[rng.int(0, 2)] : FREQUENCY_SCALE[3],
          },
          // Some confidence fades by the follow-up; most holds.
          { ...base, questionId: inFollowUp(METRICS.confidenceFollowUp).id, number: Math.max(1, after - (rng.chance(0.35) ? 1 : 0)) },
        ];
        if (applied && examples.length && rng.chance(0.6))
          rows.push({
            ...base,
            questionId: inFollowUp(METRICS.quote).id,
            text: examples.shift()!,
            quotePermission: true,
            quoteAttribution: "anonymous",
          });
        if (!applied || rng.chance(0.3))
          rows.push({ ...base, questionId: inFollowUp(METRICS.barriers).id, text: rng.pick(profile.barriers) });
        tx.insert(schema.answers).values(rows).run();
      });
      if (p.askLineManager) {
        attendees.forEach((person, i) => {
          if (i % 2 === 1) return;
          const managerToken = newSecretToken();
          tx.update(schema.bookings)
            .set({ managerEmail: `estates.manager${(i % 3) + 1}@${person.org.domain}`, managerToken, managerAskedAt: followUpOpens })
            .where(eq(schema.bookings.id, person.id))
            .run();
          if (i % 4 === 2) return;
          const submittedAt = new Date(followUpOpens.getTime() + rng.int(24, 400) * 3600_000);
          if (submittedAt > now) return;
          const base = linkedResponse(managerFormId!, person.id, submittedAt, "managerGivenAt");
          const change = managerQuestions.find((q) => q.metric === METRICS.managerChange)!;
          tx.insert(schema.answers)
            .values([{ ...base, questionId: change.id, choice: CHANGE_SCALE[i % 8 === 0 ? 2 : rng.int(0, 1)] }])
            .run();
        });
      }
    }

    // The room link: anonymous, from phones in the room; the last is a repeat the organiser voided.
    const devices = Array.from({ length: s.roomLink ?? 0 }, () => deviceKey(newSecretToken()));
    [...devices, ...devices.slice(0, 1)].forEach((device, i) => {
      const submittedAt = new Date(endsAt.getTime() - rng.int(1, 10) * 60_000 + i * 60_000);
      const repeat = i === devices.length;
      const response = tx
        .insert(schema.responses)
        .values({
          formId: form.id,
          sessionId: session.id,
          channel: "anonymous_link",
          deviceKey: device,
          submittedAt,
          updatedAt: submittedAt,
          ...(repeat
            ? { voidedAt: new Date(endsAt.getTime() + 24 * 3600_000), voidedBy: organiserId, voidReason: "Sent twice from the same phone" }
            : {}),
        })
        .returning({ id: schema.responses.id })
        .get();
      report.responses++;
      const base = { responseId: response.id, formId: form.id, sessionId: session.id };
      tx.insert(schema.answers)
        .values([
          { ...base, questionId: byMetric(METRICS.usefulness).id, choice: USEFULNESS_SCALE[rng.int(0, 1)] },
          { ...base, questionId: byMetric(METRICS.recommend).id, choice: "Yes" },
          { ...base, questionId: byMetric(METRICS.confidenceBefore).id, number: rng.int(...p.feedback.confidenceBefore) },
          { ...base, questionId: byMetric(METRICS.confidenceAfter).id, number: rng.int(...p.feedback.confidenceAfter) },
          ...(i === 0 || repeat ? [{ ...base, questionId: freeText.id, text: rng.pick(p.feedback.comments) }] : []),
        ])
        .run();
    });
  }
}

const CONSULTATION_QUESTIONS: QuestionDefinition[] = [
  {
    type: "single_choice",
    metric: null,
    prompt: "Which best describes the organisation you work for?",
    required: true,
    config: {
      options: ["Council", "Police", "NHS or health", "Housing provider", "Voluntary or community sector", "School or college", "Other"],
    },
  },
  {
    type: "grid",
    metric: null,
    prompt: "Do you know how to access support services for each of these?",
    required: true,
    config: {
      rows: [
        "Domestic abuse",
        "Sexual violence",
        "Stalking and harassment",
        "Female genital mutilation",
        "Forced marriage",
        "Honour-based abuse",
        "Trafficking and sexual exploitation",
      ],
      options: ["Yes", "No", "Not sure"],
    },
  },
  {
    type: "grid",
    metric: null,
    prompt: "Are you confident supporting victims of VAWG who have also experienced:",
    required: true,
    config: {
      rows: ["Homelessness", "Ill mental health", "Substance misuse", "Abuse in the street, workplace or community", "Disability"],
      options: ["Confident", "Not confident", "Don't know"],
    },
  },
  {
    type: "ranking",
    metric: null,
    prompt: "What are the 4 biggest barriers to reporting for victims of VAWG? Rank your top 4.",
    hint: "1 is the biggest barrier.",
    required: true,
    config: {
      options: [
        "Fear of agencies",
        "Fear of the perpetrator",
        "Language barriers",
        "Not knowing where to go",
        "Immigration status",
        "Stigma or shame",
        "Financial dependence",
        "Other",
      ],
      maxRank: 4,
    },
  },
  {
    type: "agreement",
    metric: null,
    prompt:
      "To what extent do you agree that these three priorities should frame the strategy: support victims, hold perpetrators to account, engage the community?",
    required: true,
    config: { options: [...AGREEMENT_SCALE] },
  },
  {
    type: "multiple_choice",
    metric: null,
    prompt: "Which of these are the most beneficial for victims locally? Select all that apply.",
    required: false,
    config: {
      options: [
        "Refuges and safe accommodation",
        "Independent domestic violence advocates (IDVAs)",
        "Multi-agency partnership working",
        "Women-only spaces",
        "Counselling and therapeutic support",
      ],
      allowOther: true,
    },
  },
  {
    type: "long_text",
    metric: null,
    prompt: "How could we improve partnership working?",
    required: false,
    config: { maxLength: 2000 },
  },
];

function seedConsultation(tx: Tx, now: Date, rng: Rng, report: SeedReport, organiserId: number) {
  const form = tx
    .insert(schema.forms)
    .values({
      kind: "consultation",
      title: DEMO_CONSULTATION_TITLE,
      introduction:
        "We want to understand the capabilities and views of professionals working with victims of violence against women and girls. The survey takes about 10 minutes. It is anonymous: we do not ask for your name.",
      anonymous: true,
      status: "open",
      opensAt: new Date(now.getTime() - 21 * 24 * 3600_000),
      closesAt: addUkCalendar(now, { days: 30 }),
      publicToken: newSecretToken(),
      createdBy: organiserId,
    })
    .returning()
    .get();
  const questions = insertQuestions(tx, form.id, CONSULTATION_QUESTIONS);
  const suggestions = [
    "More joined-up working and information sharing on the whole family.",
    "More multi-agency meetings, and training together.",
    "A single contact in housing for domestic abuse cases.",
    "Regular practitioner forums across agencies.",
  ];
  for (let i = 0; i < 40; i++) {
    const submittedAt = new Date(now.getTime() - rng.int(1, 20) * 24 * 3600_000);
    const response = tx
      .insert(schema.responses)
      .values({ formId: form.id, channel: "anonymous_link", submittedAt, updatedAt: submittedAt })
      .returning({ id: schema.responses.id })
      .get();
    report.responses++;
    const base = { responseId: response.id, formId: form.id, sessionId: null };
    const rows: Array<typeof schema.answers.$inferInsert> = [];
    for (const q of questions) {
      const c = q.config;
      switch (q.type) {
        case "single_choice":
          rows.push({ ...base, questionId: q.id, choice: rng.pick(c.options!) });
          break;
        case "grid":
          for (const row of c.rows!) {
            const confident = row === "Ill mental health" ? 0.8 : row.startsWith("Abuse in the street") ? 0.52 : 0.62;
            const choice = rng.chance(confident) ? c.options![0]! : rng.pick(c.options!.slice(1));
            rows.push({ ...base, questionId: q.id, rowKey: row, choice });
          }
          break;
        case "ranking": {
          const weighted = [...c.options!].sort(() => rng.next() - 0.5);
          // Fear of agencies comes first most often, as in the consultation this mirrors.
          const ordered = rng.chance(0.6) ? ["Fear of agencies", ...weighted.filter((o) => o !== "Fear of agencies")] : weighted;
          ordered.slice(0, c.maxRank).forEach((choice, r) => rows.push({ ...base, questionId: q.id, choice, rank: r + 1 }));
          break;
        }
        case "agreement":
          rows.push({
            ...base,
            questionId: q.id,
            choice: rng.chance(0.81) ? rng.pick(["Strongly agree", "Agree"]) : rng.pick(c.options!.slice(2)),
          });
          break;
        case "multiple_choice":
          for (const option of c.options!) if (rng.chance(0.45)) rows.push({ ...base, questionId: q.id, choice: option });
          break;
        case "long_text":
          if (rng.chance(0.6)) rows.push({ ...base, questionId: q.id, text: rng.pick(suggestions) });
          break;
        default:
          break;
      }
    }
    tx.insert(schema.answers).values(rows).run();
  }
  report.consultations++;
}

/** The committed copy of ../shared/fixtures/action-plan-2019-2021-draft.csv (see docs/decisions/004-demo-data.md). */
export function demoPlanCsvPath() {
  return path.resolve(process.cwd(), "db", "seed-data", "action-plan-2019-2021-draft.csv");
}

function seedPlan(tx: Tx, now: Date, report: SeedReport, organiserId: number) {
  const parsed = parseActionPlanCsv(readFileSync(demoPlanCsvPath(), "utf8"));
  // The partnership's 2019–2021 plan, run as the current plan: its dates are around the seed date, since a
  // plan whose end has passed is rated as it stood at its end (and the demo's sessions are around now).
  const planId = importActionPlan({
    title: DEMO_PLAN_TITLE,
    startsOn: ukDateKey(addUkCalendar(now, { months: -12 })!),
    endsOn: ukDateKey(addUkCalendar(now, { months: 12 })!),
    description:
      "Based on the City of London Domestic Abuse and Sexual Violence Strategic Action Plan, September 2019 – September 2021, run over the two years around today.",
    rows: parsed.rows,
    userId: organiserId,
    tx,
  });
  report.plans++;

  // Targets measured live from the demo's own bookings and feedback, over a year around the seed date.
  const windowStartsOn = ukDateKey(addUkCalendar(now, { months: -6 })!);
  const windowEndsOn = ukDateKey(addUkCalendar(now, { months: 6 })!);
  const programmeId = (slug: string) =>
    tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, slug)).get()?.id;
  const actionId = (startsWith: string) =>
    tx
      .select({ id: schema.planActions.id })
      .from(schema.planActions)
      .where(and(eq(schema.planActions.planId, planId), like(schema.planActions.keyAction, `${startsWith}%`)))
      .get()?.id;
  const targets: Array<{
    action: string;
    label: string;
    metric: (typeof schema.actionTargets.$inferInsert)["metric"];
    value: number;
    sector?: Sector;
    programmes: string[];
  }> = [
    {
      action: "Achieve DAHA accreditation",
      label: "60 housing estate staff trained",
      metric: "people_trained",
      value: 60,
      programmes: ["daha-housing-estate-staff"],
    },
    {
      action: "Compulsory training to be embedded",
      label: "4 DAHA sessions delivered",
      metric: "sessions_delivered",
      value: 4,
      programmes: ["daha-housing-estate-staff"],
    },
    {
      action: "Working with hotels",
      label: "10 hotels to attend",
      metric: "organisations_reached",
      value: 10,
      sector: "hotel",
      programmes: ["hotel-staff-awareness"],
    },
    {
      action: "Working with hotels",
      label: "30 hotel representatives to attend",
      metric: "people_trained",
      value: 30,
      programmes: ["hotel-staff-awareness"],
    },
    {
      action: "Facilitate training sessions to licensed venues",
      label: "10 sessions delivered",
      metric: "sessions_delivered",
      value: 10,
      programmes: ["safety-thirst-licensed-venues"],
    },
    {
      action: "Training to professionals on the DASH",
      label: "Deliver training to 50 professionals",
      metric: "people_trained",
      value: 50,
      programmes: ["marac-dash-training"],
    },
    {
      action: "Engaging businesses to promote support",
      label: "At least 85% find the event extremely useful",
      metric: "pct_extremely_useful",
      value: 85,
      programmes: ["behind-closed-doors"],
    },
    {
      action: "Engaging businesses to promote support",
      label: "At least 90% would recommend it",
      metric: "pct_recommend",
      value: 90,
      programmes: ["behind-closed-doors"],
    },
  ];
  for (const t of targets) {
    const id = actionId(t.action);
    if (!id) continue;
    const target = tx
      .insert(schema.actionTargets)
      .values({
        actionId: id,
        label: t.label,
        metric: t.metric,
        targetValue: t.value,
        sector: t.sector ?? null,
        windowStartsOn,
        windowEndsOn,
      })
      .returning({ id: schema.actionTargets.id })
      .get();
    for (const slug of t.programmes) {
      const pid = programmeId(slug);
      if (pid) tx.insert(schema.actionTargetProgrammes).values({ targetId: target.id, programmeId: pid }).run();
    }
  }
}

/**
 * A little real activity through the same functions the pages use, so the demo's outbox has every kind of
 * message: confirmations, a waiting list, a cancellation that promotes someone, a changed venue, a
 * cancelled session, a repeated booking attempt, and feedback requests for a recent session (back-dated,
 * so the first sweep sends chasers to those who have not answered).
 */
function demoActivity(now: Date) {
  const organiserId = db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, "organiser@safercity.example"))
    .get()!.id;
  const upcoming = (slug: string) =>
    db
      .select({ session: schema.sessions })
      .from(schema.sessions)
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
      .where(and(eq(schema.programmes.slug, slug), sql`${schema.sessions.startsAt} > ${now.getTime()}`))
      .orderBy(asc(schema.sessions.startsAt))
      .all()
      .map((r) => r.session);
  const attendee = (name: string, email: string, organisation: string, sector: Sector, jobRole: string) => ({
    name,
    email,
    organisation,
    sector,
    jobRole,
    department: null,
    accessNeeds: null,
  });

  const [marac] = upcoming("marac-dash-training");
  if (marac) {
    createBooking({
      sessionId: marac.id,
      attendee: attendee(
        "Noor Haddad",
        "noor.haddad@cityriverside-nhs.example",
        "City and Riverside NHS Trust",
        "health",
        "Safeguarding lead",
      ),
      now,
    });
    // The same person tries again: they are told nothing, and the booking's owner gets the link.
    createBooking({
      sessionId: marac.id,
      attendee: attendee(
        "Noor Haddad",
        "Noor.Haddad@cityriverside-nhs.example",
        "City and Riverside NHS Trust",
        "health",
        "Safeguarding lead",
      ),
      now,
    });
  }
  const [daha] = upcoming("daha-housing-estate-staff");
  if (daha) {
    createBooking({
      sessionId: daha.id,
      attendee: attendee("Leon Brady", "leon.brady@safercity.example", "Safer City Council", "council_department", "Caretaker"),
      now,
    });
    const holder = db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, daha.id), eq(schema.bookings.status, "confirmed")))
      .get();
    if (holder) cancelBooking({ bookingId: holder.id, by: "attendee", now });
  }
  const [hotel] = upcoming("hotel-staff-awareness");
  if (hotel) {
    const fields = sessionFieldsSchema.parse({
      ...sessionToFields(hotel),
      venue: "Council Chamber, Safer City Council offices, 1 Guild Street, London EC2V 7HH",
    });
    updateSession({ sessionId: hotel.id, fields, userId: organiserId, now });
  }
  const venues = upcoming("safety-thirst-licensed-venues");
  const last = venues[venues.length - 1];
  if (last) {
    const booked = db.select({ id: schema.bookings.id }).from(schema.bookings).where(eq(schema.bookings.sessionId, last.id)).get();
    if (!booked)
      createBooking({
        sessionId: last.id,
        attendee: attendee("Ivy Marsh", "ivy.marsh@night-owl-club.example", "Night Owl Club", "licensed_venue", "General manager"),
        now,
      });
    cancelSession({
      sessionId: last.id,
      reason: "The trainer is no longer available on this date. We will offer a new date soon.",
      userId: organiserId,
      now,
    });
  }

  // Feedback requests for the most recent past session, as the sweep would have sent them when it ended.
  const recent = db
    .select({ session: schema.sessions })
    .from(schema.sessions)
    .where(delivered(now))
    .orderBy(desc(schema.sessions.endsAt))
    .get()?.session;
  if (recent) {
    const attendees = db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, recent.id), eq(schema.bookings.attendance, "attended")))
      .all();
    const sentAt = new Date(recent.endsAt.getTime() + 3600_000);
    db.transaction((tx) => {
      for (const { id } of attendees) queueBookingEmail(tx, id, { kind: "feedback_request" }, sentAt);
    });
  }
  // The demo's messages are there to be read in the outbox, never sent: their addresses are made up.
  db.update(schema.emailOutbox)
    .set({ status: "held", lastError: "Demo data: kept in the outbox, never sent." })
    .where(eq(schema.emailOutbox.status, "queued"))
    .run();
}

/**
 * The housing service's staff list and its compulsory DAHA training, the Serious Homicide Review's
 * recommendation in the action plan: estate staff who came to a DAHA session, and some who have not yet.
 */
function seedCompulsoryTraining(now: Date, rng: Rng, organiserId: number) {
  const estateDepartments = ["Housing Estates", "Estate Caretaking", "Resident Services"];
  const daha = db
    .select({ id: schema.programmes.id })
    .from(schema.programmes)
    .where(eq(schema.programmes.slug, "daha-housing-estate-staff"))
    .get();
  if (!daha) return;
  const trained = db
    .selectDistinct({
      name: schema.bookings.name,
      email: schema.bookings.emailNormalised,
      department: schema.bookings.department,
      jobRole: schema.bookings.jobRole,
    })
    .from(schema.bookings)
    .where(
      and(
        like(schema.bookings.emailNormalised, `%@${COUNCIL.domain}`),
        sql`${schema.bookings.department} in (${sql.join(
          estateDepartments.map((d) => sql`${d}`),
          sql`, `,
        )})`,
      ),
    )
    .all();
  const used = new Set(trained.map((t) => t.email));
  const notYet = Array.from({ length: 14 }, () => {
    const person = makePerson(rng, { ...COUNCIL, departments: estateDepartments }, used);
    return { name: person.name, email: person.email, department: person.department!, jobRole: person.jobRole };
  });
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const rows = [...trained, ...notYet].map((r) => [r.name, r.email, r.department ?? estateDepartments[0]!, r.jobRole].map(cell).join(","));
  uploadStaffList({ text: ["Name,Email,Department,Role", ...rows].join("\n"), userId: organiserId, now });
  saveRequirement({
    input: { title: DEMO_REQUIREMENT_TITLE, department: "", refresherMonths: 24, programmeIds: [daha.id] },
    userId: organiserId,
  });
}

export async function seedDemoData({ now = clock() }: { now?: Date } = {}): Promise<SeedReport> {
  const report: SeedReport = { users: 0, programmes: 0, sessions: 0, bookings: 0, responses: 0, plans: 0, consultations: 0 };
  // Hash outside the transaction: bcrypt is slow and the transaction should be short.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));

  db.transaction((tx) => {
    DEMO_ACCOUNTS.forEach((account, i) => {
      const inserted = tx
        .insert(schema.users)
        .values({ email: account.email, name: account.name, role: account.role, passwordHash: hashes[i]! })
        .onConflictDoNothing({ target: schema.users.email })
        .run();
      report.users += inserted.changes;
    });
    const userId = (email: string) => tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, email)).get()!.id;
    const organiserId = userId("organiser@safercity.example");
    const facilitatorId = userId("facilitator@safercity.example");

    PROGRAMMES.forEach((p, i) => {
      const exists = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, p.slug)).get();
      if (!exists) seedProgramme(tx, p, now, seededRandom(1000 + i), report, organiserId, facilitatorId);
    });

    const consultation = tx
      .select({ id: schema.forms.id })
      .from(schema.forms)
      .where(and(eq(schema.forms.kind, "consultation"), eq(schema.forms.title, DEMO_CONSULTATION_TITLE)))
      .get();
    if (!consultation) seedConsultation(tx, now, seededRandom(77), report, organiserId);

    if (!findPlanByTitle({ title: DEMO_PLAN_TITLE, tx })) seedPlan(tx, now, report, organiserId);
  });
  if (report.programmes === PROGRAMMES.length) demoActivity(now);
  if (!listRequirements().some((r) => r.title === DEMO_REQUIREMENT_TITLE)) {
    const organiserId = db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.email, "organiser@safercity.example"))
      .get()!.id;
    seedCompulsoryTraining(now, seededRandom(99), organiserId);
  }
  return report;
}

/** True when there is nothing in the database yet (no staff and no programmes). */
export function isDatabaseEmpty(): boolean {
  const users = db.select({ n: count() }).from(schema.users).get()?.n ?? 0;
  const programmes = db.select({ n: count() }).from(schema.programmes).get()?.n ?? 0;
  return users === 0 && programmes === 0;
}

export async function seedDemoDataIfEmpty(): Promise<SeedReport | null> {
  return isDatabaseEmpty() ? seedDemoData() : null;
}
