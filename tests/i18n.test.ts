/**
 * The languages (issue 16, ADR 028): every catalogue has every key, each message is valid ICU with the same
 * arguments as the English; the language is chosen from the address, the visitor's choice, then their browser;
 * dates are in UK time in each language's words; every email an attendee gets is written in their language.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";

import { placesLabel } from "~/components/sessions";
import en from "~/i18n/en.json";
import { publicPagesLanguage, renderRefusal } from "~/service.server";
import { CATALOGUES, datesFor, LOCALE_CODES, monthName, translator, type Locale } from "~/utils/i18n";
import { fromAcceptLanguage, requestLocale } from "~/utils/locale.server";

import type { CalendarEvent } from "../emails/calendar";
import type { EmailMessage } from "../emails/layout";
import { ROOT } from "./support/paths";
import * as emails from "../emails/messages";
import { publicPageMemory } from "../server/public-pages";

/** Argument names and rich-text tags a message uses, and whether each plural has `other`. */
function shape(elements: MessageFormatElement[], into = { args: new Set<string>(), tags: new Set<string>(), pluralsHaveOther: true }) {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.args.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.args.add(e.value);
      if (!("other" in e.options)) into.pluralsHaveOther = false;
      for (const option of Object.values(e.options)) shape(option.value, into);
    }
    if (e.type === TYPE.tag) {
      into.tags.add(e.value);
      shape(e.children, into);
    }
  }
  return into;
}

describe("the catalogues", () => {
  const keys = Object.keys(en).sort();

  it.each(LOCALE_CODES)("%s has exactly the English keys, each valid ICU with the same arguments and tags", (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(keys);
    for (const key of keys) {
      const english = shape(parse((en as Record<string, string>)[key]!));
      const translated = shape(parse(catalogue[key]!));
      expect(translated.pluralsHaveOther, `${locale} ${key}: a plural without "other"`).toBe(true);
      // Ordinals are written differently ("1st" has no equivalent): the argument stays, its form may not.
      expect([...translated.args].sort(), `${locale} ${key}`).toEqual([...english.args].sort());
      expect([...translated.tags].sort(), `${locale} ${key}`).toEqual([...english.tags].sort());
    }
  });

  it.each(LOCALE_CODES.filter((l) => l !== "en"))("%s is translated: no sentence is left in English", (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, string>;
    // Words that are the same in both: names, abbreviations, a number.
    const same = keys.filter(
      (key) => catalogue[key] === (en as Record<string, string>)[key] && /[a-z]{3,}\s+[a-z]{3,}/i.test(catalogue[key]!),
    );
    expect(same).toEqual([]);
  });

  it("counts with each language's plurals", () => {
    for (const [locale, one, three] of [
      ["en", "1 place left", "3 places left"],
      ["es", "Queda 1 plaza", "Quedan 3 plazas"],
      ["pt", "1 vaga restante", "3 vagas restantes"],
    ] as const) {
      const t = translator(locale);
      expect(placesLabel(1, t)).toBe(one);
      expect(placesLabel(3, t)).toBe(three);
    }
  });
});

describe("which language a page is in", () => {
  const request = (path: string, headers: Record<string, string> = {}) => ({
    url: `http://x${path}`,
    headers: new Headers(headers),
  });

  it("takes the address first, then the visitor's choice, then the browser's languages, then English", () => {
    expect(requestLocale(request("/events?lang=pt", { Cookie: "lang=es", "Accept-Language": "es" }))).toBe("pt");
    expect(requestLocale(request("/events", { Cookie: "other=1; lang=es", "Accept-Language": "pt-BR" }))).toBe("es");
    expect(requestLocale(request("/events", { "Accept-Language": "fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5" }))).toBe("es");
    expect(requestLocale(request("/events", { "Accept-Language": "pt-BR,pt;q=0.9" }))).toBe("pt");
    expect(requestLocale(request("/events", { "Accept-Language": "de-DE" }))).toBe("en");
    expect(requestLocale(request("/events?lang=xx", { Cookie: "lang=zz" }))).toBe("en");
    expect(requestLocale(request("/events"))).toBe("en");
  });

  it("keeps staff pages and sign-in in English whatever is chosen", () => {
    for (const path of ["/admin", "/admin/sessions?lang=es", "/sign-in"])
      expect(requestLocale(request(path, { Cookie: "lang=es", "Accept-Language": "es" }))).toBe("en");
  });

  it("keeps a public page once per language, and makes a page that must remember a language for that visitor alone", () => {
    const memory = publicPageMemory({
      stamp: () => ({ version: "1", now: 0 }),
      validUntil: (now) => now + 1000,
      language: publicPagesLanguage,
    });
    const get = (headers: Record<string, string>) => ({ method: "GET", headers });
    expect(memory.keyFor(get({}), "/events")).toBe("en /events");
    expect(memory.keyFor(get({ "accept-language": "pt-BR" }), "/events")).toBe("pt /events");
    // A cookie holding only the chosen language does not stop the page being kept.
    expect(memory.keyFor(get({ cookie: "lang=es", "accept-language": "pt-BR" }), "/events")).toBe("es /events");
    expect(memory.keyFor(get({ cookie: "lang=es; other=1" }), "/events")).toBeNull();
    // The address asks for what the visitor would get anyway: kept; for another language: made, with its cookie.
    expect(memory.keyFor(get({ "accept-language": "es" }), "/events?lang=es")).toBe("es /events?lang=es");
    expect(memory.keyFor(get({ "accept-language": "en-GB" }), "/events?lang=es")).toBeNull();
  });

  it("reads a hostile Accept-Language as no preference", () => {
    expect(fromAcceptLanguage("x".repeat(5000))).toBeNull();
    expect(fromAcceptLanguage(";;;,q=abc")).toBeNull();
  });
});

describe("dates in each language, in UK time", () => {
  // 10:00 to 12:30 UTC on 10 June 2027 is 11:00 to 13:30 in London (summer time).
  const start = new Date("2027-06-10T10:00:00Z");
  const end = new Date("2027-06-10T12:30:00Z");

  it("says the day, the date and the times in the language's own words and order", () => {
    expect(datesFor("en").timeRange(start, end)).toBe("Thursday 10 June 2027, 11am to 1:30pm");
    expect(datesFor("es").timeRange(start, end)).toBe("jueves, 10 de junio de 2027, de 11:00 a 13:30");
    expect(datesFor("pt").timeRange(start, end)).toBe("quinta-feira, 10 de junho de 2027, das 11:00 às 13:30");
    expect(datesFor("es").shortDate(start)).toBe("10/06/2027");
    expect(monthName("2027-06", "pt")).toBe("junho de 2027");
  });
});

describe("every email to an attendee in their language", () => {
  const session = {
    title: "Formación MARAC",
    startsAt: new Date("2027-03-10T10:00:00Z"),
    endsAt: new Date("2027-03-10T12:30:00Z"),
    venue: "Committee Room 2",
    online: true,
    onlineUrl: "https://meet.example/abc",
    notes: null,
  };
  const calendar: CalendarEvent = {
    uid: "uid-1@training.example",
    sequence: 0,
    title: session.title,
    description: "x",
    start: session.startsAt,
    end: session.endsAt,
    status: "CONFIRMED",
    organizer: { name: "Training", email: "training@safercity.example" },
  };
  const every = (locale: Locale): Array<[string, EmailMessage]> => {
    const base = {
      ctx: {
        serviceName: "Training",
        organisationName: "Safer City Partnership",
        contactEmail: "t@x.example",
        publicUrl: "https://x",
        locale,
      },
      recipient: { name: "Ana", email: "ana@example.org" },
      session,
      manageUrl: "https://x/booking/s",
      reference: "123-4",
    };
    const closesAt = new Date("2027-04-07T12:30:00Z");
    return [
      ["confirmed", emails.bookingConfirmed({ ...base, calendar })],
      ["waitlisted", emails.addedToWaitingList({ ...base, position: 2 })],
      ["promoted", emails.promotedFromWaitingList({ ...base, calendar })],
      ["changed", emails.sessionChanged({ ...base, changes: [{ what: "x", before: "a", after: "b" }], calendar })],
      ["moved", emails.sessionChanged({ ...base, moved: true, changes: [], calendar, calendarMethod: "CANCEL", waitingPosition: 3 })],
      ["cancelled", emails.bookingCancelled({ ...base, by: "attendee", calendar })],
      ["cancelled by organiser", emails.bookingCancelled({ ...base, by: "organiser", reason: null })],
      ["session cancelled", emails.sessionCancelled({ ...base, reason: "x", calendar })],
      ["reminder", emails.reminder(base)],
      ["feedback", emails.feedbackRequest({ ...base, feedbackUrl: "https://x/f", closesAt, chaser: false })],
      ["feedback chaser", emails.feedbackRequest({ ...base, feedbackUrl: "https://x/f", closesAt, chaser: true })],
      ["manage link", emails.manageLinkReminder(base)],
      ["certificate", emails.certificateReady({ ...base, certificateUrl: "https://x/c" })],
      ["follow-up", emails.followUpRequest({ ...base, followUpUrl: "https://x/u", weeks: 8, closesAt, chaser: false })],
      ["follow-up chaser", emails.followUpRequest({ ...base, followUpUrl: "https://x/u", weeks: 8, closesAt, chaser: true })],
    ];
  };
  // Every English sentence the emails are made of: none may be left in a Spanish or Portuguese email.
  const englishWords = Object.entries(en)
    .filter(([key]) => key.startsWith("email."))
    .flatMap(([, text]) => text.split(/\{[^}]*\}/))
    .map((part) => part.trim())
    .filter((part) => /[a-z]{3,}\s+[a-z]{3,}/i.test(part));

  it.each(["es", "pt"] as const)("%s: every part of every email, and its subject", (locale) => {
    const english = new Map(every("en"));
    for (const [kind, message] of every(locale)) {
      expect(message.html, kind).toContain(`<html lang="${locale}">`);
      expect(message.subject, kind).not.toBe(english.get(kind)!.subject);
      for (const part of englishWords) {
        expect(message.text, `${locale} ${kind}: "${part}"`).not.toContain(part);
        expect(message.subject, `${locale} ${kind}: "${part}"`).not.toContain(part);
      }
    }
    // An organiser's own words (a cancellation reason) are in English, marked so.
    expect(new Map(every(locale)).get("session cancelled")!.html).toMatch(/<p lang="en" [^>]*>x<\/p>/);
    // Its links open the pages in the language too.
    expect(new Map(every(locale)).get("cancelled")!.text).toContain(`https://x/events?lang=${locale}`);
    const confirmed = new Map(every(locale)).get("confirmed")!;
    expect(confirmed.text).toContain(
      locale === "es" ? "miércoles, 10 de marzo de 2027, de 10:00 a 12:30" : "quarta-feira, 10 de março de 2027, das 10:00 às 12:30",
    );
  });
});

describe("a request refused before the app, in the visitor's language", () => {
  const english = en as Record<string, string>;
  /** The server's English, written beside each refusal's catalogue key, read from its source. */
  const refusals = ["server/request-body.ts", "server/origin.ts", "server/remix-handler.ts"].flatMap((file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    const found: Array<{ key: string; text: string }> = [];
    for (const m of source.matchAll(/(?:UNREADABLE|TOO_LARGE)\(\s*(["`])([\s\S]*?)\1,\s*"(\w+)"/g)) found.push({ key: m[3]!, text: m[2]! });
    for (const m of source.matchAll(/title: "([^"]+)",\s*message:\s*"([^"]+)",\s*words: \{ title: "(\w+)", message: "(\w+)" \}/g)) {
      found.push({ key: `${m[3]}.title`, text: m[1]! }, { key: m[4]!, text: m[2]! });
    }
    return found;
  });

  it("has every refusal's words in the catalogue, the English the same as the server's", () => {
    expect(refusals.length).toBeGreaterThanOrEqual(20);
    for (const { key, text } of refusals) {
      const catalogued = english[`refusal.${key}`];
      expect(catalogued, key).toBeDefined();
      // The server writes its figures into the sentence; the catalogue names them.
      const pattern = new RegExp(`^${text.replace(/[.*+?^()|[\]\\]/g, "\\$&").replace(/\$\{[^}]*\}/g, "\\{\\w+\\}")}$`);
      expect(catalogued, key).toMatch(pattern);
    }
  });

  it("writes the refusal page in the language a page at that address would be in", () => {
    const refusal = {
      status: 413,
      title: "x",
      message: "y",
      words: { title: "tooLarge", message: "formTooLarge", values: { size: "1 MB" } },
    };
    const es = renderRefusal(refusal, { path: "/events/1", acceptLanguage: "es-ES,es;q=0.9" });
    expect(es).toContain('<html lang="es"');
    expect(es).toContain(CATALOGUES.es["refusal.tooLarge.title"]);
    expect(es).toContain(CATALOGUES.es["refusal.formTooLarge"].replace("{size}", "1 MB"));
    expect(renderRefusal(refusal, { path: "/admin/plans/import", acceptLanguage: "es" })).toContain("The form was too large to send");
    expect(renderRefusal(refusal, { path: "//", acceptLanguage: "pt" })).toContain('<html lang="en"');
  });
});
