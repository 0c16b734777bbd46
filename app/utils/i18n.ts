/**
 * The languages of the public pages, attendee emails and calendar invites (issue 16, ADR 028). Messages are ICU
 * message strings in app/i18n/<language>.json, one flat key per message; FormatJS (react-intl) formats them,
 * with plurals by each language's CLDR rules. Safe for the browser bundle: components use `useT`/`useDates`,
 * server code (emails, validation, page titles) uses `translator(locale)`.
 *
 * To add a language: add it to LOCALES and add its catalogue with every key (a test fails on a missing one).
 */
import { IntlMessageFormat } from "intl-messageformat";
import { createElement, Fragment, type ReactNode } from "react";
import { createIntl, createIntlCache, useIntl, type IntlShape } from "react-intl";

import en from "~/i18n/en.json";
import es from "~/i18n/es.json";
import pt from "~/i18n/pt.json";

import {
  formatDate as formatDateEn,
  formatDateTime as formatDateTimeEn,
  formatShortDate as formatShortDateEn,
  formatTime as formatTimeEn,
  formatTimeRange as formatTimeRangeEn,
  toUkParts,
  UK_TIME_ZONE,
} from "./dates";

export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;

/**
 * Each language: its own name (for the switcher), its name in English (for staff pages), the tag used for dates
 * and numbers, and how it writes a time of day (GOV.UK's "10am" in English, the 24-hour clock in Spanish and Portuguese).
 */
export const LOCALES = {
  en: { name: "English", english: "English", tag: "en-GB", clock: "12h" },
  es: { name: "Español", english: "Spanish", tag: "es", clock: "24h" },
  pt: { name: "Português", english: "Portuguese", tag: "pt-BR", clock: "24h" },
} as const;

export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_CODES = Object.keys(LOCALES) as Locale[];

export const CATALOGUES: Record<Locale, Catalogue> = { en, es, pt };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && Object.hasOwn(LOCALES, value);
}

/** A stored or sent language, or English for anything else (an old booking, a forged value). */
export function asLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

// One formatter per language for the whole process: FormatJS keeps each message's parsed form in its cache, so a
// page reuses the work of every page before it instead of parsing its messages again.
const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale: LOCALES[locale].tag,
        messages: CATALOGUES[locale],
        defaultLocale: "en-GB",
        timeZone: UK_TIME_ZONE,
        // Every key is in every catalogue (tests/i18n-catalogues.test.ts); a missing one shows its key.
        onError: (error) => {
          if (process.env.NODE_ENV !== "production") console.error(error.message);
        },
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

type Values = Record<string, string | number | Date | null | undefined>;
export type Translate = (key: MessageKey, values?: Values) => string;

// Server code (emails, invites, messages) and pages format straight from each message's compiled form: a booking
// writes an email of some twenty messages inside its transaction, and going through react-intl's `formatMessage`
// (which builds a cache key from its arguments on every call) cost a rush of bookings a sixth of its speed and a
// page made for one visitor a tenth of its time (measured, issue 16).
const compiledMessages = new Map<Locale, Map<string, IntlMessageFormat | string>>();

function compiled(locale: Locale, key: string): IntlMessageFormat | string | undefined {
  let messages = compiledMessages.get(locale);
  if (!messages) compiledMessages.set(locale, (messages = new Map()));
  let message = messages.get(key);
  if (message === undefined) {
    const text = (CATALOGUES[locale] as Record<string, string | undefined>)[key];
    if (text === undefined) return undefined;
    message = /[{}<']/.test(text) ? new IntlMessageFormat(text, LOCALES[locale].tag) : text;
    messages.set(key, message);
  }
  return message;
}

const translators = new Map<Locale, Translate>();

export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (t) return t;
  t = (key, values) => {
    const message = compiled(locale, key);
    // Not in the catalogue: FormatJS reports it and shows the key.
    if (message === undefined) return intlFor(locale).formatMessage({ id: key }, values as Record<string, string | number | Date>);
    return typeof message === "string" ? message : String(message.format(values as Record<string, string | number | Date>));
  };
  translators.set(locale, t);
  return t;
}

/** A message key used as a validation message: translated where the answer is made (`translateErrors`). */
export const msg = (key: MessageKey) => key;

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/** Field errors whose messages are keys, in the language of the page; anything else (already words) as it is. */
export function translateErrors<E extends Record<string, string>>(errors: E, t: Translate): E {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, isMessageKey(v) ? t(v) : v])) as E;
}

// ---------------------------------------------------------------------------------------------------------
// Dates and times, always in UK time. English keeps GOV.UK style ("Tuesday 3 March 2026, 10am to 12:30pm");
// other languages take their weekday and month names from the platform and their word order from the catalogue.
// Names are asked of Intl one at a time (standalone names agree across ICU versions; whole formatted dates do
// not), so the server and the browser write the same text.

const names = new Map<string, string[]>();
function localNames(locale: Locale, kind: "weekday" | "month"): string[] {
  const key = `${locale}:${kind}`;
  let list = names.get(key);
  if (!list) {
    const format = new Intl.DateTimeFormat(LOCALES[locale].tag, { [kind]: "long", timeZone: "UTC" });
    // 4 January 1970 was a Sunday.
    list = Array.from({ length: kind === "weekday" ? 7 : 12 }, (_, i) =>
      format.format(kind === "weekday" ? Date.UTC(1970, 0, 4 + i) : Date.UTC(2001, i, 15)),
    );
    names.set(key, list);
  }
  return list;
}

const two = (n: number) => String(n).padStart(2, "0");

export type DateFormats = {
  /** "Tuesday 3 March 2026" / "martes, 3 de marzo de 2026" */
  date: (instant: Date) => string;
  /** "3 Mar 2026" / "03/03/2026" */
  shortDate: (instant: Date) => string;
  /** "10am" / "10:00" */
  time: (instant: Date) => string;
  /** "3 March 2026 at 10am" / "3 de marzo de 2026, 10:00" */
  dateTime: (instant: Date) => string;
  /** Both ends, with the date once when they fall on the same day. */
  timeRange: (start: Date, end: Date) => string;
};

const ENGLISH: DateFormats = {
  date: formatDateEn,
  shortDate: formatShortDateEn,
  time: formatTimeEn,
  dateTime: formatDateTimeEn,
  timeRange: formatTimeRangeEn,
};

const dateFormats = new Map<Locale, DateFormats>();

export function datesFor(locale: Locale): DateFormats {
  if (locale === "en") return ENGLISH;
  let formats = dateFormats.get(locale);
  if (formats) return formats;
  const t = translator(locale);
  const date = (instant: Date) => {
    const p = toUkParts(instant);
    return t("date.full", {
      weekday: localNames(locale, "weekday")[p.weekday],
      day: p.day,
      month: localNames(locale, "month")[p.month - 1],
      year: String(p.year),
    });
  };
  const time = (instant: Date) => {
    const p = toUkParts(instant);
    return `${two(p.hour)}:${two(p.minute)}`;
  };
  formats = {
    date,
    time,
    shortDate: (instant) => {
      const p = toUkParts(instant);
      return `${two(p.day)}/${two(p.month)}/${p.year}`;
    },
    dateTime: (instant) => {
      const p = toUkParts(instant);
      return t("date.dateTime", { day: p.day, month: localNames(locale, "month")[p.month - 1], year: String(p.year), time: time(instant) });
    },
    timeRange: (start, end) =>
      date(start) === date(end)
        ? t("date.rangeSameDay", { date: date(start), start: time(start), end: time(end) })
        : t("date.rangeTwoDays", { startDate: date(start), start: time(start), endDate: date(end), end: time(end) }),
  };
  dateFormats.set(locale, formats);
  return formats;
}

// ---------------------------------------------------------------------------------------------------------
// In components: the page's language comes from the IntlProvider the root puts around every page.

function localeOfIntl(intl: IntlShape): Locale {
  return LOCALE_CODES.find((code) => LOCALES[code].tag === intl.locale) ?? DEFAULT_LOCALE;
}

type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

type PageTranslate = Translate & { rich: (key: MessageKey, values: RichValues) => ReactNode; locale: Locale };

/** A message with elements in it (a link, emphasis), as one fragment: its parts are children, so need no keys. */
function richMessage(locale: Locale, key: MessageKey, values: RichValues): ReactNode {
  const message = compiled(locale, key);
  if (message === undefined)
    return intlFor(locale).formatMessage({ id: key }, values as Parameters<IntlShape["formatMessage"]>[1]) as ReactNode;
  if (typeof message === "string") return message;
  const parts = message.format<ReactNode>(values as Parameters<typeof message.format<ReactNode>>[0]);
  return Array.isArray(parts) ? createElement(Fragment, null, ...(parts as ReactNode[])) : parts;
}

const pageTranslators = new Map<Locale, PageTranslate>();

export function useT(): PageTranslate {
  const locale = localeOfIntl(useIntl());
  let t = pageTranslators.get(locale);
  if (!t) {
    const plain = translator(locale);
    t = Object.assign((key: MessageKey, values?: Parameters<Translate>[1]) => plain(key, values), {
      rich: (key: MessageKey, values: RichValues) => richMessage(locale, key, values),
      locale,
    });
    pageTranslators.set(locale, t);
  }
  return t;
}

export function useDates(): DateFormats {
  return datesFor(localeOfIntl(useIntl()));
}

/** "March 2026" / "marzo de 2026" for a `YYYY-MM` month. */
export function monthName(key: string, locale: Locale): string {
  const [year, month] = key.split("-").map(Number);
  if (locale === "en") return `${MONTH_NAMES_EN[month! - 1]} ${year}`;
  return translator(locale)("date.month", { month: localNames(locale, "month")[month! - 1], year: String(year) });
}

const MONTH_NAMES_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

// ---------------------------------------------------------------------------------------------------------
// The standard forms' words (app/utils/standard-evaluation.ts) are in every catalogue under `wording.`: a
// question still worded as the standard one is shown in the page's language. Words an organiser wrote or
// changed are shown as written, marked as English. Keyed by the exact English, a translation can never be
// out of step with what the organiser now asks.

const WORDING = new Map<string, MessageKey>(
  (Object.entries(en) as Array<[MessageKey, string]>).filter(([key]) => key.startsWith("wording.")).map(([key, text]) => [text, key]),
);

export type Worded = { text: string; lang: string | undefined };

export function wordingIn(text: string, t: Translate & { locale: Locale }): Worded {
  if (t.locale === "en") return { text, lang: undefined };
  const key = WORDING.get(text);
  return key ? { text: t(key), lang: undefined } : { text, lang: "en" };
}

/** A plain translator with its language, for server code that words questions (validation messages). */
export function localTranslator(locale: Locale): Translate & { locale: Locale } {
  return Object.assign(translator(locale), { locale });
}

/** An address on the service that opens its page in this language (`?lang=`), for links in emails and invites. */
export function inLanguage(url: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return url;
  return `${url}${url.includes("?") ? "&" : "?"}lang=${locale}`;
}
