/**
 * Issue 11: what a visitor can send, at every route that takes a post. The routes come from the route files
 * themselves (every file that exports an action), so a new one is covered without touching this test. Each is
 * sent every class of bad request: a flood of fields, a chunked body far over the limit, a field too long,
 * content that is not a form, broken multipart, bytes that are not UTF-8, Remix's old `?_data=` protocol, other
 * methods; and then every field it names, all at once, with wrong types and out-of-range values. Every answer
 * must be a 4xx, and the database must be exactly as it was.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_STAFF_ROWS } from "~/models/compulsory.server";
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS } from "~/models/user.server";
import { MAX_PLAN_ROWS } from "~/utils/action-plan-csv.server";
import { FIRST_YEAR, LAST_YEAR } from "~/utils/dates";

import { adminRouteIds, fillPath } from "./support/admin-routes";
import { insertBookingRow, insertEndedSession, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { formsOn, type FoundForm } from "./support/forms";
import { Client } from "./support/http";
import { ROOT } from "./support/paths";
import { raw } from "./support/raw-http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";
import { BODY_LIMITS } from "../server/request-body";

const ROUTES_DIR = path.join(ROOT, "app", "routes");

/** Every route file with an action, and the address it answers at (Remix's flat-routes naming). */
function actionRoutes(): Array<{ file: string; pattern: string; source: string }> {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => ({ file, source: readFileSync(path.join(ROUTES_DIR, file), "utf8") }))
    .filter(({ source }) => /export (async )?function action\b|export const action\b/.test(source))
    .map(({ file, source }) => {
      const segments = file
        .replace(/\.tsx?$/, "")
        .split(/\.(?![^[]*\])/)
        .filter((s) => s !== "_index")
        // "sign-in_": a segment that is not nested in its parent's layout keeps its name without the underscore.
        .map((s) =>
          s
            .replace(/\[\.\]/g, ".")
            .replace(/^\$(\w+)$/, ":$1")
            .replace(/_$/, ""),
        );
      return { file, pattern: `/${segments.join("/")}`, source };
    });
}

/** Runs `work` on every item, `width` at a time. */
async function inParallel<T>(width: number, items: T[], work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next);
    }),
  );
}

/** Every table's rows, hashed: equal fingerprints, unchanged database. */
function fingerprint(databasePath: string, except: string[] = []): Record<string, string> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables
        .filter((t) => !except.includes(t))
        .map((t) => [
          t,
          createHash("sha256")
            .update(JSON.stringify(db.prepare(`select * from "${t}"`).raw().all()))
            .digest("hex"),
        ]),
    );
  } finally {
    db.close();
  }
}

describe("every route with an action, sent every class of bad request", () => {
  let server: RunningServer;
  let cookie: string;
  const params: Record<string, string> = {};
  const routes = actionRoutes();

  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "0" });
    const { ids } = adminRouteIds(server.databasePath);
    Object.assign(params, ids);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programmeId = insertProgramme(db, { title: "Limits under test" }).id;
    const open = insertSession(db, { programmeId, startsInHours: 10 * 24 });
    const booking = insertBookingRow(db, { sessionId: open.id });
    const ended = insertEndedSession(db, { programmeId, attended: 1 });
    const consultation = sqlite.prepare("select public_token from forms where kind = 'consultation' limit 1").pluck().get() as string;
    const managerToken = createHash("sha256").update("manager of the ended booking").digest("base64url");
    sqlite
      .prepare("update bookings set manager_email = 'manager@example.org', manager_token = ? where id = ?")
      .run(managerToken, ended.bookings[0]!.id);
    sqlite.close();
    Object.assign(params, {
      sessionIdPublic: String(open.id),
      manageToken: booking.manageToken,
      feedbackToken: ended.bookings[0]!.feedbackToken,
      sessionFeedbackToken: ended.session.feedbackToken!,
      consultationToken: consultation,
      managerToken,
    });
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const client = new Client(server.url);
    const signedIn = await client.signIn(admin.email, admin.password);
    expect(signedIn.status).toBe(302);
    cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Staff pages are posted to as the signed-in admin; public ones as a visitor (a signed-in user is sent on). */
  const as = (address: string): Record<string, string> => (address.startsWith("/admin") ? { cookie } : {});

  /** The address of a route, with this test's ids and tokens in its parameters. */
  function addressOf(file: string, pattern: string): string {
    const token = file.startsWith("booking.")
      ? params.manageToken
      : file.startsWith("feedback.session.")
        ? params.sessionFeedbackToken
        : file.startsWith("feedback.") || file.startsWith("follow-up.$token")
          ? params.feedbackToken
          : file.startsWith("follow-up.manager.")
            ? params.managerToken
            : file.startsWith("consultation.")
              ? params.consultationToken
              : undefined;
    const filled: Record<string, string> = { ...params, ...(token ? { token } : {}) };
    if (file.startsWith("events.")) filled.sessionId = params.sessionIdPublic!;
    if (file.endsWith(".delete.tsx")) filled.questionId = params.unansweredQuestionId!;
    return fillPath(pattern, filled);
  }

  it("finds the routes that take posts, public and staff", () => {
    const files = routes.map((r) => r.file);
    expect(files).toEqual(
      expect.arrayContaining(["events.$sessionId.tsx", "sign-in.tsx", "admin.plans.import.tsx", "feedback.$token.tsx"]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(35);
  });

  const BAD: Array<{ label: string; status: number[]; request: () => Parameters<typeof raw>[1]; query?: string }> = [
    {
      label: "40,000 fields",
      status: [413],
      request: () => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from(Array.from({ length: 40_000 }, (_, i) => `f${i}=x`).join("&")),
      }),
    },
    {
      label: "a chunked body of 1.5 MB, with no length given",
      status: [413],
      request: () => ({
        headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
        body: function* () {
          const chunk = Buffer.alloc(64 * 1024, "a");
          for (let i = 0; i < 24; i++) yield chunk;
        },
      }),
    },
    {
      label: "a declared length over the form limit",
      status: [413],
      request: () => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.alloc(BODY_LIMITS.form.bytes + 1, "a"),
      }),
    },
    {
      label: "one field over 100 KB",
      status: [413],
      request: () => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from(`name=${"x".repeat(BODY_LIMITS.form.fieldBytes + 1)}`),
      }),
    },
    {
      label: "JSON",
      status: [415],
      request: () => ({ headers: { "content-type": "application/json" }, body: Buffer.from('{"email":"a@b.example"}') }),
    },
    {
      label: "plain text",
      status: [415],
      request: () => ({ headers: { "content-type": "text/plain" }, body: Buffer.from("email=a@b.example") }),
    },
    { label: "no content type", status: [400], request: () => ({ body: Buffer.from("email=a@b.example") }) },
    {
      label: "multipart with no boundary",
      status: [400],
      request: () => ({ headers: { "content-type": "multipart/form-data" }, body: Buffer.from("--x\r\n") }),
    },
    {
      label: "multipart that is not multipart",
      status: [400],
      request: () => ({ headers: { "content-type": "multipart/form-data; boundary=b0undary" }, body: Buffer.from("this is not a form") }),
    },
    {
      label: "multipart cut off before its end",
      status: [400],
      request: () => ({
        headers: { "content-type": "multipart/form-data; boundary=b0undary" },
        body: Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.example\r\n--b0undary\r\nContent-Disp'),
      }),
    },
    {
      label: "multipart with a part that has no name",
      status: [400],
      request: () => ({
        headers: { "content-type": "multipart/form-data; boundary=b0undary" },
        body: Buffer.from("--b0undary\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b0undary--\r\n"),
      }),
    },
    {
      label: "multipart text that is not UTF-8",
      status: [400],
      request: () => ({
        headers: { "content-type": "multipart/form-data; boundary=b0undary" },
        body: Buffer.concat([
          Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="name"\r\n\r\n'),
          Buffer.from([0xff, 0xfe, 0x41]),
          Buffer.from("\r\n--b0undary--\r\n"),
        ]),
      }),
    },
    {
      label: "a form whose bytes are not UTF-8",
      status: [400],
      request: () => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.concat([Buffer.from("name="), Buffer.from([0xc3, 0x28, 0xff])]),
      }),
    },
    {
      label: "a form whose escapes are not UTF-8",
      status: [400],
      request: () => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("name=%ff%fe&email=%zz") }),
    },
    {
      label: "Remix's old ?_data= protocol",
      status: [400],
      query: "?_data=root",
      request: () => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("intent=x") }),
    },
    {
      label: "PUT",
      status: [405],
      request: () => ({ method: "PUT", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("a=b") }),
    },
    { label: "DELETE", status: [405], request: () => ({ method: "DELETE" }) },
    {
      label: "a GET with a body",
      status: [400],
      // Node's client frames a GET's body only when told its length.
      request: () => ({
        method: "GET",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "3" },
        body: Buffer.from("a=b"),
      }),
    },
  ];

  it("refuses each with the right 4xx and its own page, and changes nothing", async () => {
    const before = fingerprint(server.databasePath);
    const failures: string[] = [];
    const queue = routes.flatMap((route) => BAD.map((bad) => ({ route, bad })));
    // A few at a time, as several visitors' requests would arrive.
    await inParallel(4, queue, async ({ route, bad }) => {
      const address = addressOf(route.file, route.pattern);
      const request = bad.request();
      const answer = await raw(`${server.url}${address}${bad.query ?? ""}`, {
        ...request,
        headers: { origin: server.url, ...as(address), ...request.headers },
      });
      if (!bad.status.includes(answer.status)) failures.push(`${route.file} ${bad.label}: ${answer.status}`);
      else if (!answer.body.includes('<h1 class="govuk-heading-l">')) failures.push(`${route.file} ${bad.label}: no page saying why`);
    });
    expect(failures).toEqual([]);
    expect(fingerprint(server.databasePath)).toEqual(before);
    expect(server.output()).not.toMatch(/Error/);
  }, 120_000);

  it("stops reading an endless chunked body after a bound, and keeps answering everyone else", async () => {
    // 200 MB offered in 64 KB chunks; the server refuses after 1 MB, drops up to 8 MB more, then hangs up.
    let offered = 0;
    const sent = raw(`${server.url}/events/${params.sessionIdPublic}`, {
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      body: function* () {
        const chunk = Buffer.alloc(64 * 1024, "a");
        for (let i = 0; i < 3200; i++) {
          offered += chunk.length;
          yield chunk;
        }
      },
    }).then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    const outcome = await sent;
    expect([413, "EPIPE", "ECONNRESET"]).toContain(outcome);
    // Socket buffers hold a few megabytes on top of what the server read.
    expect(offered).toBeLessThan(32 * 1024 * 1024);
    expect((await raw(`${server.url}/events`, { method: "GET" })).status).toBe(200);
  });

  /**
   * Forms that do what they are for whatever their typed fields say, because they have none that matter to
   * the action: each is here for that reason alone.
   */
  const WRONG: Array<[string, string]> = [
    ["not a number", "abc"],
    ["negative", "-1"],
    ["beyond any number", "1e400"],
    ["beyond a safe integer", "9007199254740993"],
    ["after the last year", `${LAST_YEAR + 1}-01-01`],
    ["before the first year", `${FIRST_YEAR - 1}-12-31`],
    ["a five-digit year", "99999-12-31"],
    ["markup and controls", "<b>\u0000\u202e"],
  ];

  it("refuses forms whose numbers, dates, ids and choices are of the wrong type or out of range, and changes nothing", async () => {
    // Pages first: opening one may make what it shows (a session's feedback link is made when first shown).
    const pages: Array<{ file: string; address: string; forms: FoundForm[] }> = [];
    for (const route of routes) {
      const address = addressOf(route.file, route.pattern);
      const page = await raw(`${server.url}${address}`, { method: "GET", headers: as(address) });
      if (page.status !== 200) continue;
      // The page's own forms (the header's sign-out posts elsewhere), each as a browser would fill it in.
      const forms = formsOn(page.body).filter((f) => f.action === null || new URL(f.action, server.url).pathname === address);
      pages.push({ file: route.file, address, forms });
    }
    const before = fingerprint(server.databasePath);
    const failures: string[] = [];
    const queue: Array<{ file: string; address: string; label: string; intent: string | null; typed: string; body: string }> = [];
    for (const { file, address, forms } of pages) {
      for (const form of forms) {
        // With its typed fields wrong; a form of text alone has nothing to get wrong in this way.
        const typed = form.fields.filter((f) => f.kind !== "text");
        if (!typed.length) continue;
        for (const intent of form.intents.length ? form.intents : [null]) {
          for (const [label, value] of WRONG) {
            const body = new URLSearchParams();
            for (const field of form.fields)
              for (const v of field.kind === "text" ? [field.value].flat() : [value]) body.append(field.name, v);
            if (intent) body.set("intent", intent);
            queue.push({ file, address, label, intent, typed: typed.map((f) => f.name).join(", "), body: body.toString() });
          }
        }
      }
    }
    await inParallel(4, queue, async ({ file, address, label, intent, typed, body }) => {
      const answer = await raw(`${server.url}${address}`, {
        headers: { origin: server.url, ...as(address), "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from(body),
      });
      if (answer.status < 400 || answer.status >= 500) failures.push(`${file} ${intent ?? ""} ${label} in ${typed}: ${answer.status}`);
    });
    const posts = queue.length;
    expect(failures).toEqual([]);
    // The sweep reached the product's forms, rather than passing because it posted nothing.
    expect(posts).toBeGreaterThan(150);
    expect(fingerprint(server.databasePath)).toEqual(before);
    expect(server.output()).not.toMatch(/Error/);
  }, 120_000);
});

describe("sign-in guesses sent at the same moment, through the server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("are counted before any password is checked: five wrong answers, then refusals", async () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        new Client(server.url).post(
          "/sign-in",
          { email: organiser.email, password: `guess number ${i}` },
          { headers: { origin: server.url } },
        ),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    expect(answers.find((a) => a.status === 429)?.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("the limits the README states", () => {
  it("are the ones the code enforces", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
    const stated = [
      `${mb(BODY_LIMITS.form.bytes)} in all, at most ${BODY_LIMITS.form.fields.toLocaleString("en-GB")} fields, each at most ${BODY_LIMITS.form.fieldBytes / 1024} KB`,
      `${mb(BODY_LIMITS.upload.bytes)} in all, at most ${BODY_LIMITS.upload.fields} fields, each file or pasted list at most ${mb(BODY_LIMITS.upload.fieldBytes)}`,
      `| Rows in an action-plan file | ${MAX_PLAN_ROWS.toLocaleString("en-GB")} |`,
      `| Rows in a staff list | ${MAX_STAFF_ROWS.toLocaleString("en-GB")} |`,
      `| Session dates | years ${FIRST_YEAR} to ${LAST_YEAR} |`,
    ];
    for (const line of stated) expect(readme).toContain(line);
  });
});
