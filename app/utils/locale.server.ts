/**
 * Which language a public page is in (ADR 028): `?lang=` in the address (hreflang alternates, shared links),
 * then the language the visitor chose (a `lang` cookie), then the first of the browser's Accept-Language we
 * have, then English. Staff pages and sign-in are in English whatever is chosen.
 */
import Negotiator from "negotiator";

import { DEFAULT_LOCALE, isLocale, LOCALE_CODES, type Locale } from "./i18n";
import { isStaffPath } from "./navigation";

export { isStaffPath };

const COOKIE = "lang";
const YEAR_SECONDS = 365 * 24 * 3600;

function fromCookie(cookieHeader: string | null | undefined): Locale | null {
  if (!cookieHeader || cookieHeader.length > 8192) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === COOKIE && isLocale(value)) return value;
  }
  return null;
}

/** The best of our languages for an Accept-Language header ("fr-FR,fr;q=0.9,es;q=0.8" gives es), or null. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header || header.length > 1024) return null;
  const best = new Negotiator({ headers: { "accept-language": header } }).language([...LOCALE_CODES]);
  return isLocale(best) ? best : null;
}

type RequestLike = { url: string; headers: { get(name: string): string | null } };

/** The language asked for in the address, if it is one of ours. */
export function localeInUrl(url: URL): Locale | null {
  const lang = url.searchParams.get("lang");
  return isLocale(lang) ? lang : null;
}

/** The language chosen or guessed for anything but the address: the cookie, then Accept-Language. */
export function preferredLocale(headers: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  return fromCookie(headers.cookie) ?? fromAcceptLanguage(headers.acceptLanguage) ?? DEFAULT_LOCALE;
}

export function requestLocale(request: RequestLike): Locale {
  const url = new URL(request.url);
  if (isStaffPath(url.pathname)) return DEFAULT_LOCALE;
  return (
    localeInUrl(url) ?? preferredLocale({ cookie: request.headers.get("Cookie"), acceptLanguage: request.headers.get("Accept-Language") })
  );
}

/** The remembered choice: a year, every path, not sent cross-site. Holds no more than the two letters. */
export function languageCookie(locale: Locale, { secure }: { secure: boolean }) {
  return `${COOKIE}=${locale}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
