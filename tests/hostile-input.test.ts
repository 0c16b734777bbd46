/**
 * "Never a 500": every form in the product, staff and public, posted with hostile and malformed answers
 * through the real server. The fields come from each page's own forms (so a new field is covered without
 * touching this test), and each is sent empty, enormous, repeated, as numbers and dates that are not real,
 * and as markup and control characters: all at once, and one field at a time with the rest as the page filled
 * them in, so the checks behind the first refusal are reached too. Any answer may refuse; none may fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ADMIN_ROUTES, adminRouteIds, fillPath } from "./support/admin-routes";
import { testNow } from "./support/clock";
import { insertBookingRow, insertEndedSession, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { formsOn, type Field, type FoundForm } from "./support/forms";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

/**
 * Each hostile value, and the fields it is sent to one at a time. (All of them go to every field at once.)
 * A number that is not one reaches nothing new in a name field that "markup" does not, so numbers go to
 * fields that hold numbers (typed so, or filled in with one, or hidden ids) and impossible dates to dates.
 */
const ANY = () => true;
const HOSTILE: Array<[string, (field: Field) => string | string[], (field: Field) => boolean]> = [
  ["empty", () => "", ANY],
  ["huge", () => "x".repeat(20_000), ANY],
  ["repeated", (f) => [(Array.isArray(f.value) ? f.value[0] : f.value) || "1", "2", "three"], ANY],
  ["not a number", () => "-1e309", (f) => f.kind === "number"],
  ["too big a number", () => "99999999999999999999999", (f) => f.kind === "number"],
  ["not a date", () => "2027-02-30", (f) => f.kind === "date"],
  ["markup and controls", () => `<script>alert(1)</script>' OR 1=1 --\u0000\u202e=HYPERLINK("x")`, ANY],
];

/** Forms with more fields than this (a long evaluation preview) get only the every-field-at-once posts. */
const FIELD_BY_FIELD_LIMIT = 16;

/**
 * Every field hostile at once, and, so that the checks behind the first refusal are reached too, each field
 * hostile on its own with the others as the page filled them in (an edit page's answers are valid).
 */
function payloads(form: FoundForm): Array<[string, Record<string, string | string[]>]> {
  if (!form.fields.length && !form.intents.length) return [["a bare button", {}]];
  const out: Array<[string, Record<string, string | string[]>]> = [];
  for (const intent of form.intents.length ? form.intents : [null]) {
    // The intent picks which branch of the action is under test, so it is sent as the page gives it.
    const fixed = (name: string) => name === "intent";
    const baseline = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
    if (intent) baseline.intent = intent;
    const suffix = intent ? ` (${intent})` : "";
    out.push([`as the page filled it${suffix}`, baseline]);
    for (const [label, make] of HOSTILE) {
      const body = { ...baseline };
      for (const field of form.fields) if (!fixed(field.name)) body[field.name] = make(field);
      out.push([`every field ${label}${suffix}`, body]);
    }
    if (form.fields.length > FIELD_BY_FIELD_LIMIT) continue;
    for (const field of form.fields) {
      if (fixed(field.name)) continue;
      for (const [label, make, applies] of HOSTILE) {
        if (applies(field)) out.push([`${field.name} ${label}${suffix}`, { ...baseline, [field.name]: make(field) }]);
      }
    }
  }
  return out;
}

describe("hostile input on every form", () => {
  let server: RunningServer;
  let admin: Client;
  let ids: Record<string, string>;

  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    ids = adminRouteIds(server.databasePath).ids;
    const account = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    admin = new Client(server.url);
    expect((await admin.signIn(account.email, account.password)).status).toBe(302);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Forms a page shows only in some states (giving a waiting-list place needs a free one): posted regardless. */
  const HIDDEN_FORMS: Array<[RegExp, FoundForm]> = [
    [
      /^\/admin\/sessions\/\d+$/,
      {
        action: null,
        fields: [
          { name: "intent", value: "promote", kind: "choice" },
          { name: "bookingId", value: "1", kind: "number" },
        ],
        intents: [],
      },
    ],
  ];

  async function sweep(client: Client, path: string) {
    const page = await client.get(path);
    if (page.status !== 200 || !page.headers.get("content-type")?.includes("text/html")) return { forms: 0, failures: [] as string[] };
    const html = await page.text();
    // A register or bookings list repeats one form per person: one of each kind is enough.
    const seen = new Set<string>();
    const found = [...formsOn(html), ...HIDDEN_FORMS.filter(([re]) => re.test(path)).map(([, form]) => form)];
    const forms = found.filter((f) => {
      // Forms that post elsewhere (the header's sign-out) are not this page's.
      if (f.action !== null && new URL(f.action, server.url).pathname !== new URL(path, server.url).pathname) return false;
      const key = [...f.fields.map((x) => x.name), "|", ...f.intents].join(",");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const failures: string[] = [];
    // A few at a time, as several people's browsers would send them: the server answers one while the next
    // is on its way.
    const queue = forms.flatMap(payloads);
    const post = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [label, body] = next;
        const response = await client.post(path, body);
        const text = await response.text();
        if (response.status >= 500) failures.push(`${path} ${label}: ${response.status}`);
        // What was typed comes back on the page to be corrected: as text, never as markup.
        if (text.includes("<script>alert(1)</script>")) failures.push(`${path} ${label}: markup sent back unescaped`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, post));
    return { forms: forms.length, failures };
  }

  it("staff pages answer every malformed post with a page or a refusal, never a server error", async () => {
    let forms = 0;
    const failures: string[] = [];
    // Pages that end things (cancelling the session, archiving its programme, closing feedback) go last, so the
    // pages before them still have their forms to post.
    const ENDS_THINGS = [
      /^\/admin\/bookings\/:bookingId\/cancel$/,
      /\/delete$/,
      /\/feedback$/,
      /^\/admin\/sessions\/:sessionId\/cancel$/,
      /^\/admin\/programmes\/:programmeId$/,
      /^\/admin\/users$/,
    ];
    const rank = (path: string) => ENDS_THINGS.findIndex((re) => re.test(path)) + 1 || 0;
    const routes = Object.values(ADMIN_ROUTES).sort((a, b) => rank(a.path) - rank(b.path));
    // Built here, so the sweep reaches a register with people on it and a bookings page with a waiting list:
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Registers under test" }).id;
    const past = insertEndedSession(db, { programmeId, attended: 2 }).session.id;
    const full = insertSession(db, { programmeId, capacity: 1 }).id;
    insertBookingRow(db, { sessionId: full });
    insertBookingRow(db, { sessionId: full, status: "waitlisted", confirmedAt: null, waitlistedAt: testNow() });
    sqlite.close();
    const paths = [
      `/admin/sessions/${past}/register`,
      `/admin/sessions/${full}`,
      ...["single_choice", "grid", "ranking", "scale", "quote"].map((type) => `/admin/forms/${ids.formId}/questions/new?type=${type}`),
      ...routes.map((route) => fillPath(route.path, ids)),
    ];
    for (const path of paths) {
      const result = await sweep(admin, path);
      forms += result.forms;
      failures.push(...result.failures);
    }
    expect(failures).toEqual([]);
    // The sweep found the product's forms, rather than passing because it posted nothing.
    expect(forms).toBeGreaterThanOrEqual(35);
    expect(server.output()).not.toMatch(/SqliteError|TypeError|RangeError/);
  }, 300_000);

  it("public pages do the same: booking, managing a booking, feedback, consultations and sign-in", async () => {
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Public forms under test" }).id;
    const open = insertSession(db, { programmeId, startsInHours: 14 * 24 }).id;
    const booking = insertBookingRow(db, { sessionId: insertSession(db, { programmeId, startsInHours: 7 * 24 }).id });
    const ended = insertEndedSession(db, { programmeId, attended: 1 });
    const past = ended.bookings[0]!.feedbackToken;
    const sessionLink = ended.session.feedbackToken!;
    // The demo's consultation is open from the day it was seeded for months, whatever the hour.
    const consultation = sqlite
      .prepare("select public_token from forms where kind = 'consultation' and status = 'open' limit 1")
      .pluck()
      .get() as string;
    sqlite.close();

    const visitor = new Client(server.url);
    const paths = [
      `/events/${open}`,
      `/feedback/${past}`,
      `/feedback/session/${sessionLink}`,
      `/consultation/${consultation}`,
      "/sign-in",
      `/booking/${booking.manageToken}/cancel`,
    ];
    let forms = 0;
    const failures: string[] = [];
    for (const path of paths) {
      const result = await sweep(visitor, path);
      forms += result.forms;
      failures.push(...result.failures);
    }
    expect(failures).toEqual([]);
    expect(forms).toBeGreaterThanOrEqual(paths.length);
  }, 120_000);
});
