import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, TextInput } from "~/components/forms";
import { singleSignOnEnabled } from "~/models/single-sign-on.server";
import { createPendingSession, createUserSession, getUser, safeRedirect } from "~/models/staff-session.server";
import { verifySignIn } from "~/models/user.server";
import { clock } from "~/utils/clock.server";
import { formatTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export { passThroughHeaders as headers } from "~/utils/headers";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Sign in");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  const env = getEnv();
  return {
    redirectTo,
    sso: singleSignOnEnabled() ? { name: env.OIDC_PROVIDER_NAME, unavailable: url.searchParams.get("sso") === "unavailable" } : null,
    passwords: passwordSignIn(),
  };
}

/** Password sign-in is on unless single sign-on is set up and PASSWORD_SIGN_IN=false (ADR 029). */
function passwordSignIn() {
  return !singleSignOnEnabled() || getEnv().PASSWORD_SIGN_IN;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const schema = z.object({
    email: z
      .string()
      .trim()
      .min(1, "Enter your email address")
      .max(254, "Email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.gov.uk"),
    password: z.string().min(1, "Enter your password").max(200, "Password must be 200 characters or fewer"),
    redirectTo: z.string().optional(),
  });
  if (!passwordSignIn()) return invalid({ email: "Sign in with your council account" }, { email: "" }, 403);
  const form = parseForm(await request.formData(), schema);
  // Never send the password back to the page.
  const values = { email: str(form.values, "email") };
  if (!form.ok) return invalid(form.errors, values, 400);

  const result = await verifySignIn({
    email: form.data.email,
    password: form.data.password,
    ipAddress: context.clientAddress ?? "unknown",
  });
  if (result.ok) {
    const redirectTo = safeRedirect(form.data.redirectTo);
    // With two-step verification the password alone does not sign in: the code is asked for next (ADR 029).
    if (result.user.twoStep) return createPendingSession({ request, userId: result.user.id, redirectTo });
    return createUserSession({ request, userId: result.user.id, redirectTo });
  }
  if (result.reason === "throttled") {
    return invalid({ email: `You have tried to sign in too many times. Try again after ${formatTime(result.retryAt)}.` }, values, 429, {
      "Retry-After": String(Math.max(1, Math.ceil((result.retryAt.getTime() - clock().getTime()) / 1000))),
    });
  }
  if (result.reason === "disabled") {
    return invalid({ email: "This account has been disabled. Ask an administrator if you need access." }, values, 403);
  }
  return invalid({ email: "Enter a correct email address and password" }, values, 400);
}

export default function SignIn() {
  const { redirectTo, sso, passwords } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["email", "password"]} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">For staff who organise, deliver or report on training. Attendees do not need an account.</p>
        {sso ? (
          <>
            {sso.unavailable ? (
              <div className="govuk-inset-text" data-testid="sso-unavailable">
                Signing in with {sso.name} is not working at the moment. Try again in a few minutes.
              </div>
            ) : null}
            <form method="post" action="/sign-in/sso">
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                {`Sign in with ${sso.name}`}
              </button>
            </form>
            {passwords ? <h2 className="govuk-heading-m">Or sign in with a password</h2> : null}
          </>
        ) : null}
        {passwords ? (
          <Form method="post" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextInput
              name="email"
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              defaultValue={result?.values.email ?? ""}
              error={errors?.email}
            />
            <TextInput
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              error={errors && "password" in errors ? errors.password : undefined}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
              Sign in
            </button>
          </Form>
        ) : null}
        {passwords ? <p className="govuk-body">If you have forgotten your password, ask an administrator to reset it.</p> : null}
      </div>
    </div>
  );
}
