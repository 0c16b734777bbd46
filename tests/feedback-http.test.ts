import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { insertEndedSession, insertProgramme, openServerDatabase } from "./support/fixtures";
import { Client } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

/** A session of a new programme that ended yesterday, with its standard evaluation's answers filled in. */
function endedSession(databasePath: string) {
  const { db, sqlite } = openServerDatabase(databasePath);
  const programme = insertProgramme(db, { title: "Feedback over HTTP" });
  const { session } = insertEndedSession(db, { programmeId: programme.id });
  const questions = sqlite.prepare("select id, metric from questions where form_id = ?").all(programme.formId) as Array<{
    id: number;
    metric: string | null;
  }>;
  sqlite.close();
  const id = (metric: string) => questions.find((q) => q.metric === metric)!.id;
  const answers = {
    [`q${id("usefulness")}`]: "Very useful",
    [`q${id("recommend")}`]: "Yes",
    [`q${id("confidence_before")}`]: "3",
    [`q${id("confidence_after")}`]: "4",
  };
  return { session: { id: session.id, token: session.feedbackToken! }, answers, freeText: questions.find((q) => q.metric === null)!.id };
}

function countResponses(databasePath: string, sessionId: number) {
  const { sqlite } = openServerDatabase(databasePath);
  const n = (sqlite.prepare("select count(*) as n from responses where session_id = ?").get(sessionId) as { n: number }).n;
  sqlite.close();
  return n;
}

describe("public feedback links over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ BOOKING_RATE_LIMIT: "3" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("takes an anonymous response for a session, refuses bots, bounds answers, and limits posts per address", async () => {
    const { session, answers, freeText } = endedSession(server.databasePath);
    const client = new Client(server.url);
    const before = countResponses(server.databasePath, session.id);
    const ok = await client.post(`/feedback/session/${session.token}`, answers);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/feedback/session/${session.token}?done=1`);

    const bot = await client.post(`/feedback/session/${session.token}`, { ...answers, website: "http://spam.example" });
    expect(bot.status).toBe(400);

    const long = await client.post(`/feedback/session/${session.token}`, { ...answers, [`q${freeText}`]: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("your answer must be 2000 characters or fewer");

    const limited = await client.post(`/feedback/session/${session.token}`, answers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(countResponses(server.databasePath, session.id)).toBe(before + 1);
  });

  it("answers unknown links with 404, and a draft consultation with nothing at all", async () => {
    const client = new Client(server.url);
    expect((await client.get("/feedback/session/nope-nope-nope-nope-nope-nope")).status).toBe(404);
    expect((await client.get("/consultation/nope-nope-nope-nope-nope-nope")).status).toBe(404);
    const { sqlite } = openServerDatabase(server.databasePath);
    const token = (sqlite.prepare("select public_token as t from forms where kind = 'consultation' limit 1").get() as { t: string }).t;
    sqlite.prepare("update forms set status = 'draft' where public_token = ?").run(token);
    sqlite.close();
    expect((await client.get(`/consultation/${token}`)).status).toBe(404);
  });

  it("shows the support panel an administrator sets on every public page, and checks what they type", async () => {
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const client = new Client(server.url);
    await client.signIn(admin.email, admin.password);
    const bad = await client.post("/admin/settings", {
      heading: "",
      body: "Talk to us",
      helplineName: "Line",
      helplineNumber: "call us",
      quickExitUrl: "http://x",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Enter a heading");
    expect(html).toContain("Enter a phone number using digits and spaces only");
    expect(html).toContain("Enter a web address starting with https://");
    expect(html).toContain(">Talk to us</textarea>");
    const good = await client.post("/admin/settings", {
      heading: "Need to talk?",
      body: "Our local service is here for you.",
      helplineName: "Safer City Helpline",
      helplineNumber: "0800 000 0000",
      quickExitUrl: "https://www.example.org/weather",
    });
    expect(good.status).toBe(303);
    const { session } = endedSession(server.databasePath);
    for (const path of ["/", "/events", `/feedback/session/${session.token}`]) {
      const page = await (await new Client(server.url).get(path)).text();
      expect(page, path).toContain("Need to talk?");
      expect(page, path).toContain("tel:08000000000");
      expect(page, path).toContain('href="https://www.example.org/weather"');
    }
  });
});
