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
import { localeInUrl, preferredLocale } from "~/utils/locale.server";

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

/** The page for a request refused before it reaches the app (server/request-body.ts, server/origin.ts). */
export function renderRefusal(refusal: Refusal): string {
  const page = createElement(RefusalPage, { refusal, serviceName: getEnv().SERVICE_NAME, stylesheet: styles });
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
  const inUrl = query === -1 ? null : localeInUrl(new URL(path, "http://x"));
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
