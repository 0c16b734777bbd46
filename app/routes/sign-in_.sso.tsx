import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { singleSignOnEnabled, startSingleSignOn } from "~/models/single-sign-on.server";
import { safeRedirect } from "~/models/staff-session.server";
import { formValues } from "~/utils/forms";

/** Only the sign-in page's button posts here. */
export function loader() {
  return redirect("/sign-in");
}

/** Leaves for the council's identity provider (ADR 029), remembering this attempt's state, nonce and verifier. */
export async function action({ request }: ActionFunctionArgs) {
  if (!singleSignOnEnabled()) return redirect("/sign-in", 303);
  const redirectTo = safeRedirect(formValues(await request.formData()).redirectTo as string | undefined);
  try {
    const { url, setCookie } = await startSingleSignOn({ redirectTo });
    return redirect(url, { status: 303, headers: { "Set-Cookie": setCookie } });
  } catch (error) {
    console.error(`Single sign-on could not start: ${error instanceof Error ? error.message : String(error)}`);
    return redirect(`/sign-in?${new URLSearchParams({ redirectTo, sso: "unavailable" })}`, 303);
  }
}
