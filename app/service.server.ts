/**
 * What server.ts asks of the app, exported through the build's server entry (entry.server.tsx): the process
 * then loads the app's code once, from the bundle, instead of a second copy from source beside it.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

import { RefusalPage, type Refusal } from "~/components/refusal-page";
import { closeDatabase, sqlite } from "~/db.server";
import { startBackgroundJobs, stopBackgroundJobs } from "~/jobs.server";
import { seedDemoDataIfEmpty } from "~/models/demo-data.server";
import { closeTransport } from "~/models/outbox-delivery.server";
import { dataVersion, nextTimedChange } from "~/models/public-pages.server";
import { resolveSessionSecret } from "~/models/staff-session.server";
import styles from "~/styles/generated/app.css";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { isMessageKey, translator, type Locale, type MessageKey } from "~/utils/i18n";
import { isStaffPath, localeInUrl, preferredLocale } from "~/utils/locale.server";

/** Opens the database (applying migrations), makes sure there is a session secret, seeds an empty demo. */
export async function prepareService() {
  const env = getEnv();
  const { version } = sqlite().prepare("select sqlite_version() as version").get() as { version: string };
  resolveSessionSecret(env);
  const seeded = env.APP_MODE === "demo" ? await seedDemoDataIfEmpty() : null;
  return { sqliteVersion: version, seeded };
}

export { startBackgroundJobs };

/** Lets a sweep in progress finish, then closes the mail connection and the database. */
export async function stopService() {
  await stopBackgroundJobs();
  closeTransport();
  closeDatabase();
}

/** Closes the database at once (the last resort when shutting down takes too long). */
export { closeDatabase };

/** The language of a refused request's page; English for an address that cannot even be read. */
function refusalLocale(request: { path: string; cookie?: string; acceptLanguage?: string }): Locale {
  let url: URL;
  try {
    url = new URL(request.path, "http://x");
  } catch {
    return "en";
  }
  if (isStaffPath(url.pathname)) return "en";
  return localeInUrl(url) ?? preferredLocale({ cookie: request.cookie, acceptLanguage: request.acceptLanguage });
}

/**
 * The page for a request refused before it reaches the app (server/request-body.ts, server/origin.ts), in the
 * visitor's language as a page at that address would be (ADR 028).
 */
export function renderRefusal(refusal: Refusal, request: { path: string; cookie?: string; acceptLanguage?: string }): string {
  const locale = refusalLocale(request);
  const t = translator(locale);
  const words = refusal.words;
  const shown =
    words && isMessageKey(`refusal.${words.title}.title`) && isMessageKey(`refusal.${words.message}`)
      ? {
          ...refusal,
          title: t(`refusal.${words.title}.title` as MessageKey),
          message: t(`refusal.${words.message}` as MessageKey, words.values),
        }
      : refusal;
  const page = createElement(RefusalPage, { refusal: shown, serviceName: getEnv().SERVICE_NAME, stylesheet: styles, locale, t });
  return `<!DOCTYPE html>${renderToStaticMarkup(page)}`;
}

/** What the server's memory of public pages reads per request (server/public-pages.ts): the data's version and the clock. */
export function publicPagesStamp(): { version: string; now: number } {
  return { version: dataVersion(), now: clock().getTime() };
}

/**
 * A public page made at `now` stays true until a session starts, ends or stops taking bookings; five minutes at
 * most, for anything time changes that this does not know of.
 */
export function publicPagesValidUntil(now: number): number {
  const longest = now + 5 * 60_000;
  return Math.min(nextTimedChange({ now: new Date(now) }) ?? longest, longest);
}

/**
 * The language a remembered public page at this address is in, for these headers (server/public-pages.ts); null
 * when the page must be made for this visitor alone: a `?lang=` their cookie and browser would not have chosen
 * is remembered for them with a cookie (root.tsx), which a kept page cannot set.
 */
export function publicPagesLanguage(path: string, headers: { cookie?: string; acceptLanguage?: string }): string | null {
  const query = path.indexOf("?");
  // Only the query is read: the path was matched as one of the remembered pages, so it parses.
  const inUrl = query === -1 ? null : localeInUrl(new URL(`http://x/?${path.slice(query + 1)}`));
  const preferred = preferredLocale({ cookie: headers.cookie, acceptLanguage: headers.acceptLanguage });
  if (inUrl && inUrl !== preferred) return null;
  return preferred;
}

export type ServiceHooks = {
  publicPagesStamp: typeof publicPagesStamp;
  publicPagesLanguage: typeof publicPagesLanguage;
  publicPagesValidUntil: typeof publicPagesValidUntil;
  renderRefusal: typeof renderRefusal;
  prepareService: typeof prepareService;
  startBackgroundJobs: typeof startBackgroundJobs;
  stopService: typeof stopService;
  closeDatabase: typeof closeDatabase;
  warmUp: () => void;
};
