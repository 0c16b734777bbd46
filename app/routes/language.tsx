import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { safeRedirect } from "~/models/staff-session.server";
import { getEnv } from "~/utils/env.server";
import { isLocale } from "~/utils/i18n";
import { isStaffPath, languageCookie } from "~/utils/locale.server";

/** Only the language switcher posts here; an address typed or followed goes home. */
export function loader() {
  return redirect("/");
}

/**
 * The language switcher (ADR 028): remembers the choice and goes back to the page it was on, without `?lang=`
 * (which would otherwise outrank the choice just made). An unknown language changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const back = new URL(safeRedirect(form.get("redirectTo"), "/"), "http://x");
  back.searchParams.delete("lang");
  const to = isStaffPath(back.pathname) ? "/" : `${back.pathname}${back.search}${back.hash}`;
  if (!isLocale(lang)) return redirect(to, 303);
  return redirect(to, { status: 303, headers: { "Set-Cookie": languageCookie(lang, { secure: getEnv().APP_MODE === "live" }) } });
}
