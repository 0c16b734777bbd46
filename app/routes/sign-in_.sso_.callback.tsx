import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { finishSingleSignOn, forgetSingleSignOn, type SingleSignOnRefusal } from "~/models/single-sign-on.server";
import { createUserSession } from "~/models/staff-session.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "You could not be signed in");
export const headers = () => ({ "Cache-Control": "no-store" });

const MESSAGES: Record<SingleSignOnRefusal, string> = {
  "no attempt": "This sign-in has expired or was already used. Start again from the sign-in page.",
  provider: "Your council account did not sign you in. Start again, or ask your IT service desk.",
  token: "Your council account's answer could not be checked, so you have not been signed in. Start again.",
  "no email": "Your council account did not give a confirmed email address. Ask your IT service desk.",
  domain: "Your council account's email address is not one that may use this service.",
  "no role": "Your council account has no role in this service. Ask an administrator to give you one.",
  "no account": "There is no account for you in this service. Ask an administrator to add you with your work email address.",
  "linked elsewhere": "Your email address belongs to an account linked to someone else's council account. Ask an administrator.",
  "no second factor":
    "Your role needs a sign-in with more than a password at your council account. Sign in there again with your second factor.",
  disabled: "This account has been disabled. Ask an administrator if you need access.",
};

/** The council's identity provider sends the browser back here (ADR 029). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  // The address the provider was given, whatever address the proxy in front of us used.
  const url = new URL(request.url);
  const callbackUrl = new URL(`${getEnv().PUBLIC_URL}${url.pathname}${url.search}`);
  const result = await finishSingleSignOn({ callbackUrl, cookieHeader: request.headers.get("Cookie"), ipAddress: context.clientAddress });
  const forget = await forgetSingleSignOn();
  if (result.ok)
    return createUserSession({ request, userId: result.userId, redirectTo: result.redirectTo, method: "sso", headers: [forget] });
  return data(
    { message: MESSAGES[result.reason] },
    { status: result.reason === "disabled" || result.reason === "no role" ? 403 : 400, headers: { "Set-Cookie": forget } },
  );
}

export default function SingleSignOnRefused() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You could not be signed in</h1>
        <p className="govuk-body" data-testid="sso-refused">
          {message}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Go to the sign-in page
          </Link>
        </p>
      </div>
    </div>
  );
}
