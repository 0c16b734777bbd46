import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { insertEndedSession, insertProgramme, openServerDatabase } from "./support/fixtures";
import { decodeHtml } from "./support/html";
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

describe("the room link over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("recognises a second send from the same device, and lets a different person on it add their own", async () => {
    const { session, answers } = endedSession(server.databasePath);
    const path = `/feedback/session/${session.token}`;
    const phone = new Client(server.url);
    const first = await phone.post(path, answers);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`${path}?done=1`);
    // Kept only on this session's link, out of reach of scripts, and sent with top-level navigation only.
    expect(first.headers.get("set-cookie")).toMatch(
      new RegExp(`^room_feedback=[A-Za-z0-9_-]{43}; Path=${path}; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
    );
    expect(await (await new Client(server.url).get(path)).text()).not.toContain('data-testid="already-sent"');
    const form = await (await phone.get(path)).text();
    expect(form).toContain("Feedback has already been sent from this device");

    const again = await phone.post(path, answers);
    expect(again.headers.get("location")).toBe(`${path}?done=replaced`);
    expect(await (await phone.get(`${path}?done=replaced`)).text()).toContain(
      "These answers replace the ones sent from this device earlier.",
    );
    expect(countResponses(server.databasePath, session.id)).toBe(1);

    const colleague = await phone.post(path, { ...answers, another: "yes" });
    expect(colleague.headers.get("location")).toBe(`${path}?done=1`);
    expect(countResponses(server.databasePath, session.id)).toBe(2);

    // A cookie that is not one of ours is ignored: a new response and a new cookie, never an error.
    for (const cookie of ["room_feedback=../../etc", "room_feedback=%00%ff; room_feedback", "room_feedback=" + "x".repeat(5000)]) {
      const odd = await fetch(new URL(path, server.url), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams(answers),
      });
      expect(odd.status, cookie.slice(0, 40)).toBe(303);
      expect(odd.headers.get("set-cookie")).toMatch(/^room_feedback=[A-Za-z0-9_-]{43};/);
    }
    expect(countResponses(server.databasePath, session.id)).toBe(5);
  });

  it("shows organisers every room-link response and lets them void one, with a reason, next to it", async () => {
    const { session, answers, freeText } = endedSession(server.databasePath);
    const path = `/feedback/session/${session.token}`;
    // 2 came; 3 different devices answer through the room link.
    for (const comment of ["Very helpful", "Great trainer", "buy cheap watches"])
      expect((await new Client(server.url).post(path, { ...answers, [`q${freeText}`]: comment })).status).toBe(303);
    const organiser = new Client(server.url);
    await organiser.signIn(
      DEMO_ACCOUNTS.find((a) => a.role === "organiser")!.email,
      DEMO_ACCOUNTS.find((a) => a.role === "organiser")!.password,
    );
    const page = decodeHtml(await (await organiser.get(`/admin/sessions/${session.id}/feedback`)).text());
    expect(page).toContain('<span data-testid="session-responses">2</span> of 2');
    expect(page).toContain(
      "Through the room link: 3 held, 2 counted, 1 not counted because there are more responses than people who came.",
    );
    const { sqlite } = openServerDatabase(server.databasePath);
    const spam = (
      sqlite.prepare("select response_id as id from answers where text = 'buy cheap watches' and session_id = ?").get(session.id) as {
        id: number;
      }
    ).id;
    const genuine = (
      sqlite.prepare("select response_id as id from answers where text = 'Very helpful' and session_id = ?").get(session.id) as {
        id: number;
      }
    ).id;
    sqlite.close();

    const missing = await organiser.post(`/admin/sessions/${session.id}/feedback`, {
      intent: "void",
      responseId: String(genuine),
      reason: "  ",
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/id="f-reason-\d+-error"[^]*Enter why this response should not count/);
    const voided = await organiser.post(`/admin/sessions/${session.id}/feedback`, {
      intent: "void",
      responseId: String(genuine),
      reason: "Sent by the trainer as a test",
    });
    expect(voided.status).toBe(303);
    const after = decodeHtml(await (await organiser.get(`/admin/sessions/${session.id}/feedback`)).text());
    expect(after).toContain("Through the room link: 2 held, 2 counted; 1 voided.");
    expect(after).toContain("Sent by the trainer as a test");
    // The spam is now counted: the organiser can see it and void it too.
    expect(after).toMatch(new RegExp(`data-testid="room-response-${spam}"[^]*?Counted`));

    // Not someone else's session's response, not a personal response, and only for organisers.
    expect(
      (await organiser.post(`/admin/sessions/${session.id + 1}/feedback`, { intent: "void", responseId: String(spam), reason: "x" }))
        .status,
    ).toBe(404);
    const facilitator = new Client(server.url);
    const f = DEMO_ACCOUNTS.find((a) => a.role === "facilitator")!;
    await facilitator.signIn(f.email, f.password);
    expect(
      (await facilitator.post(`/admin/sessions/${session.id}/feedback`, { intent: "void", responseId: String(spam), reason: "x" })).status,
    ).toBe(403);
  });
});
