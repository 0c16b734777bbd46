/**
 * Spanish and Portuguese in Debian's Chromium (issue 16, ADR 028): a person chooses their language, books,
 * manages and cancels a place and answers a feedback form, on a phone with JavaScript off; every email and
 * invite they get is in that language; and the pages pass axe in both languages with JavaScript on. Every
 * word the test looks for is read from the language's catalogue, so it follows the translation.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import es from "~/i18n/es.json";
import pt from "~/i18n/pt.json";

import { axeViolations, hydrated } from "./support/axe";
import { launchBrowser, signInAs } from "./support/browser";
import { insertEndedSession, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { startServer, type RunningServer } from "./support/server";
import { calendarPart, startSmtp, type Received, type TestSmtp } from "./support/smtp";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const CATALOGUES = { es, pt } as const;
type Lang = keyof typeof CATALOGUES;
const TITLES = { es: "Formación para hoteles (prueba)", pt: "Treinamento para hotéis (teste)" };

describe.each(["es", "pt"] as const)("the public pages in %s", (lang: Lang) => {
  const t = CATALOGUES[lang];
  let server: RunningServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let sessionId: number;
  let feedbackToken: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    [server, browser] = await Promise.all([
      startServer({ SMTP_URL: smtp.url, JOBS_ENABLED: "true", BOOKING_RATE_LIMIT: "0" }),
      launchBrowser(),
    ]);
    const { db, sqlite } = openServerDatabase(server.databasePath);
    const programme = insertProgramme(db, { title: "Hotel training for the language test", summary: "An English summary." });
    sqlite
      .prepare("insert into programme_translations (programme_id, locale, title, summary, aims) values (?, ?, ?, ?, ?)")
      .run(programme.id, lang, TITLES[lang], lang === "es" ? "Un resumen en español." : "Um resumo em português.", "[]");
    sessionId = insertSession(db, { programmeId: programme.id, venue: "Guildhall, London" }).id;
    const ended = insertEndedSession(db, { programmeId: programme.id, attended: 1 });
    feedbackToken = ended.bookings[0]!.feedbackToken;
    sqlite.prepare("update bookings set locale = ? where id = ?").run(lang, ended.bookings[0]!.id);
    sqlite.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  const mailTo = async (address: string, count: number): Promise<Received[]> => {
    const started = Date.now();
    for (;;) {
      const mine = smtp.received.filter((m) => m.envelopeTo.includes(address));
      if (mine.length >= count) return mine;
      if (Date.now() - started > 20_000) throw new Error(`${count} emails to ${address} did not arrive; ${mine.length} did`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  async function fillBookingForm(page: Page, email: string) {
    await page.getByLabel(t["booking.field.name"], { exact: true }).fill("Ana Souza");
    await page.getByLabel(t["booking.field.email"], { exact: true }).fill(email);
    await page.getByLabel(t["booking.field.organisation"], { exact: true }).fill("Hotel Aurora");
    await page.getByLabel(t["sector.hotel"], { exact: true }).check();
    await page.getByLabel(t["booking.field.jobRole"], { exact: true }).fill("Camarera de pisos");
    await page.getByLabel(t["booking.privacy.consent"]).check();
  }

  it("books, manages and cancels a place with JavaScript off, every email and invite in the language", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    // The browser asks for English: the visitor chooses their language, and it is remembered from page to page.
    await page.goto(`${server.url}/`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: new RegExp(lang === "es" ? "Español" : "Português") }).click();
    await page.getByRole("heading", { name: t["home.title"], level: 1 }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    expect(await page.locator(`link[rel="alternate"][hreflang="${lang}"]`).getAttribute("href")).toBe(`${server.url}/?lang=${lang}`);

    await page.goto(`${server.url}/events/${sessionId}`);
    await page.getByRole("heading", { name: TITLES[lang], level: 1 }).waitFor();
    // The description was not translated: it is shown in English and marked so; the summary was.
    expect(await page.getByText(lang === "es" ? "Un resumen en español." : "Um resumo em português.").count()).toBe(1);

    // Nothing filled in: the messages come from the catalogue.
    await page.getByRole("button", { name: t["event.book"] }).click();
    await page.getByText(t["form.errorSummary"]).waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(t["booking.error.name.required"]);

    const email = `ana-${lang}@test.example`;
    await fillBookingForm(page, email);
    await page.getByRole("button", { name: t["event.book"] }).click();
    await page.getByRole("heading", { name: t["manage.title"], level: 1 }).waitFor();
    await page.getByText(t["manage.confirmed"]).waitFor();
    const manageUrl = page.url();

    const [confirmation] = await mailTo(email, 1);
    expect(confirmation!.parsed.html).toContain(`<html lang="${lang}">`);
    expect(confirmation!.parsed.subject).toContain(TITLES[lang]);
    expect(confirmation!.parsed.text).toContain(t["email.confirmed.body"]);
    expect(confirmation!.parsed.text).toContain(`${manageUrl}?lang=${lang}`);
    const invite = calendarPart(confirmation!.parsed)!;
    expect(invite.method).toBe("REQUEST");
    expect(invite.ics.replace(/\r?\n /g, "")).toContain(`SUMMARY:${TITLES[lang]}`);
    expect(invite.ics.replace(/\r?\n /g, "")).toContain(t["ics.place"].replace("{title}", TITLES[lang]).replace(/,/g, "\\,"));

    // The link in the email opens the manage page in the language, whatever the browser says.
    const fresh = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: "en-GB" });
    const fromEmail = await fresh.newPage();
    await fromEmail.goto(`${manageUrl}?lang=${lang}`);
    await fromEmail.getByRole("link", { name: t["manage.cancel"] }).click();
    await fromEmail.getByRole("heading", { name: t["cancel.heading"] }).waitFor();
    await fromEmail.getByRole("button", { name: t["cancel.confirm"] }).click();
    await fromEmail.getByText(t["manage.bookingCancelled"]).waitFor();
    await fresh.close();

    const [, cancellation] = await mailTo(email, 2);
    expect(cancellation!.parsed.subject).toContain(TITLES[lang]);
    expect(cancellation!.parsed.text).toContain(t["email.cancelled.byAttendee"]);
    expect(calendarPart(cancellation!.parsed)!.method).toBe("CANCEL");
    expect(calendarPart(cancellation!.parsed)!.ics).toContain(t["ics.cancelled"]);
    await context.close();
  });

  it("answers the feedback form with JavaScript off, the standard questions in the language", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${server.url}/feedback/${feedbackToken}?lang=${lang}`);
    await page.getByRole("heading", { name: t["feedback.heading"].replace("{title}", TITLES[lang]) }).waitFor();
    await page.getByRole("button", { name: t["feedback.send"] }).click();
    await page.getByText(t["form.errorSummary"]).waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(t["answers.error.select"].replace("{n}", "1"));

    await page.getByLabel(t["wording.extremelyUseful"], { exact: true }).check();
    await page
      .getByRole("group", { name: new RegExp(t["wording.recommend"].replace(/[?¿]/g, ".")) })
      .getByLabel(t["wording.yes"], { exact: true })
      .check();
    await page
      .getByRole("group", { name: new RegExp(t["wording.confidenceBefore"].replace(/[?¿]/g, ".")) })
      .getByLabel("2", { exact: true })
      .check();
    await page
      .getByRole("group", { name: new RegExp(t["wording.confidenceAfter"].replace(/[?¿]/g, ".")) })
      .getByLabel("4", { exact: true })
      .check();
    await page.getByRole("button", { name: t["feedback.send"] }).click();
    await page.getByTestId("feedback-done").waitFor();
    expect(await page.getByTestId("feedback-done").textContent()).toContain(t["feedback.done.title"]);
    await context.close();

    // Stored as the form's own options, whatever language they were chosen in: the figures count them as one.
    const { sqlite } = openServerDatabase(server.databasePath);
    const choices = sqlite
      .prepare(
        "select a.choice from answers a join responses r on r.id = a.response_id join bookings b on b.id = r.booking_id where b.feedback_token = ? and a.choice is not null order by a.choice",
      )
      .pluck()
      .all(feedbackToken);
    sqlite.close();
    expect(choices).toEqual(["Extremely useful", "Yes"]);
  });

  it("an organiser books someone by phone in the language, and their confirmation and invite are in it", async () => {
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await signInAs(page, server.url, "organiser");
    await page.goto(`${server.url}/admin/sessions/${sessionId}/bookings/new`);
    await page.getByLabel("Full name").fill("Lucía Pérez");
    await page.getByLabel("Email address").fill(`phone-${lang}@test.example`);
    await page.getByLabel("Organisation", { exact: true }).fill("Hotel Aurora");
    await page.getByLabel("Hotel", { exact: true }).check();
    await page.getByLabel("Their job role").fill("Housekeeping");
    await page.getByLabel("Language for their emails").selectOption(lang);
    await page.getByRole("button", { name: "Add booking" }).click();
    await page.getByTestId("notice").waitFor();
    // Whoever phones them next knows which language they chose.
    const row = page.locator("tr").filter({ hasText: "Lucía Pérez" });
    expect(await row.getByTestId("email-language").textContent()).toBe(`Emails in ${lang === "es" ? "Spanish" : "Portuguese"}`);
    await context.close();
    const [confirmation] = await mailTo(`phone-${lang}@test.example`, 1);
    expect(confirmation!.parsed.html).toContain(`<html lang="${lang}">`);
    expect(confirmation!.parsed.text).toContain(t["email.confirmed.body"]);
    expect(calendarPart(confirmation!.parsed)!.ics).toContain(`SUMMARY:${TITLES[lang]}`);
  });

  it("passes axe on every page of the journey, with JavaScript on, and shows it in the language after hydrating", async () => {
    const context = await browser.newContext({ ...PHONE, locale: lang === "es" ? "es-ES" : "pt-BR" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    // The browser's own language is the first guess.
    for (const path of ["/", "/events", `/events/${sessionId}`, "/privacy", "/accessibility", `/feedback/${feedbackToken}`]) {
      await page.goto(`${server.url}${path}`);
      await hydrated(page);
      expect(await page.locator("html").getAttribute("lang"), path).toBe(lang);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await page.goto(`${server.url}/events/${sessionId}`);
    await hydrated(page);
    await fillBookingForm(page, `ana-js-${lang}@test.example`);
    await page.getByRole("button", { name: t["event.book"] }).click();
    await page.getByRole("heading", { name: t["manage.title"], level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: t["manage.cancel"] }).click();
    await page.getByRole("heading", { name: t["cancel.heading"] }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Hydration found the same words the server wrote (a mismatch would be logged).
    expect(errors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
    await context.close();
  });
});
