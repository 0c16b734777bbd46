import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";

import { ErrorSummary, TextInput } from "~/components/forms";
import {
  createUserSession,
  destroySession,
  pendingSignIn,
  recordSecondStepFailure,
  SECOND_STEP_TRIES,
} from "~/models/staff-session.server";
import { verifySecondFactor } from "~/models/two-step.server";
import { recordSignIn } from "~/models/user.server";
import { clock } from "~/utils/clock.server";
import { formatTime } from "~/utils/dates";
import { formValues, str } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Enter your code");

export async function loader({ request }: LoaderFunctionArgs) {
  // Only after the password, and only for ten minutes.
  if (!(await pendingSignIn(request))) throw redirect("/sign-in");
  return null;
}

/** The second step of signing in (ADR 029): a code from the authenticator app, or a recovery code. */
export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await pendingSignIn(request);
  if (!pending) throw redirect("/sign-in");
  const typed = str(formValues(await request.formData()), "code")
    .trim()
    .slice(0, 40);
  if (!typed) return data({ error: "Enter the 6-digit code from your authenticator app, or a recovery code" }, { status: 400 });
  const result = verifySecondFactor({ userId: pending.userId, typed, ipAddress: context.clientAddress });
  if (!result.ok && result.retryAt) {
    return data(
      { error: `There have been too many tries to sign in to this account. Try again after ${formatTime(result.retryAt)}` },
      { status: 429, headers: { "Retry-After": String(Math.max(1, Math.ceil((result.retryAt.getTime() - clock().getTime()) / 1000))) } },
    );
  }
  if (result.ok) {
    recordSignIn({
      userId: pending.userId,
      method: result.usedRecoveryCode ? "password and recovery code" : "password and code",
      ipAddress: context.clientAddress,
    });
    return createUserSession({ request, userId: pending.userId, redirectTo: pending.redirectTo });
  }
  const { setCookie, exhausted } = await recordSecondStepFailure(pending.session);
  if (exhausted) {
    // Too many wrong codes: the password must be given again.
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: pending.redirectTo })}`, {
      headers: { "Set-Cookie": await destroySession(pending.session) },
    });
  }
  return data(
    {
      error: `That code is not right, or it has been used. Enter the code your app shows now (${SECOND_STEP_TRIES - pending.failures - 1} tries left)`,
    },
    { status: 400, headers: { "Set-Cookie": setCookie } },
  );
}

export default function TwoStepSignIn() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.error ? { code: result.error } : null} />
        <h1 className="govuk-heading-l">Enter your code</h1>
        <p className="govuk-body">Open the authenticator app on your phone and enter the 6-digit code it shows for this service.</p>
        <Form method="post" noValidate>
          <TextInput
            name="code"
            label="Code"
            hint="6 digits, like 123 456. If you do not have your phone, enter one of your recovery codes instead, like 7KQ2M-9XD4H."
            widthClass="govuk-input--width-10"
            autoComplete="one-time-code"
            inputMode="text"
            spellCheck={false}
            error={result?.error}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
            Continue
          </button>
        </Form>
        <p className="govuk-body">
          If you have lost your phone and your recovery codes, ask an administrator to reset your two-step verification.
        </p>
      </div>
    </div>
  );
}
