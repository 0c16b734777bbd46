import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { ErrorSummary, TextInput } from "~/components/forms";
import { mustUseTwoStep, requireUser } from "~/models/staff-session.server";
import { confirmEnrolment, enrolmentOf, enrolSecretOf, newEnrolment, rememberEnrolSecret, twoStepStatus } from "~/models/two-step.server";
import { formatDateTime } from "~/utils/dates";
import { formValues, str } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Two-step verification");

// The secret and the recovery codes are on this page: never kept by a cache.
export const headers = () => ({ "Cache-Control": "no-store" });

/** Setting up two-step verification (ADR 029): the only staff page open to someone who must and has not yet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { settingUpTwoStep: true });
  const required = mustUseTwoStep(user.role);
  if (user.twoStep) return { user: { name: user.name }, required, status: twoStepStatus({ userId: user.id }), enrolment: null };
  // The same secret until it is confirmed, so a reload does not change what the app was shown.
  const kept = await enrolSecretOf(request, user.id);
  const enrolment = kept ? await enrolmentOf({ email: user.email, secret: kept }) : await newEnrolment({ email: user.email });
  return data(
    { user: { name: user.name }, required, status: null, enrolment: { secret: enrolment.secret, qr: enrolment.qr } },
    kept ? undefined : { headers: { "Set-Cookie": await rememberEnrolSecret(request, user.id, enrolment.secret) } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { settingUpTwoStep: true });
  if (user.twoStep) return data({ error: null, recoveryCodes: null }, { status: 409 });
  const secret = await enrolSecretOf(request, user.id);
  if (!secret)
    return data(
      { error: "The set-up page had expired. Scan the new QR code and enter the code it gives", recoveryCodes: null },
      { status: 409 },
    );
  const typed = str(formValues(await request.formData()), "code").slice(0, 40);
  const result = confirmEnrolment({ userId: user.id, secret, typed, ipAddress: context.clientAddress });
  if (!result.ok)
    return data({ error: "Enter the 6-digit code your app shows now for this service", recoveryCodes: null }, { status: 400 });
  return data(
    { error: null, recoveryCodes: result.recoveryCodes },
    { headers: { "Set-Cookie": await rememberEnrolSecret(request, user.id, null) } },
  );
}

export default function TwoStep() {
  const { required, status, enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();

  if (result?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-step verification is on</h1>
          </div>
          <h2 className="govuk-heading-m">Your recovery codes</h2>
          <p className="govuk-body">
            If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe, such as
            a password manager. They are shown only now.
          </p>
          <ul className="govuk-list app-recovery-codes" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin">
              Continue to your dashboard
            </Link>
          </p>
        </div>
      </div>
    );
  }

  if (status) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Two-step verification</h1>
          <p className="govuk-body" data-testid="two-step-on">
            Two-step verification has been on since {status.enabledAt ? formatDateTime(new Date(status.enabledAt)) : "it was set up"}. You
            have {status.recoveryCodesLeft === 1 ? "1 recovery code" : `${status.recoveryCodesLeft} recovery codes`} left.
          </p>
          <p className="govuk-body">
            If you change phone or run out of recovery codes, ask an administrator to reset it, then set it up again.
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.error ? { code: result.error } : null} />
        <h1 className="govuk-heading-l">Set up two-step verification</h1>
        {required ? (
          <div className="govuk-inset-text">
            Staff accounts that can see people&apos;s details must use two-step verification. Set it up to continue.
          </div>
        ) : null}
        <p className="govuk-body">
          When you sign in you will give your password and a code from an authenticator app on your phone (for example Microsoft
          Authenticator or Google Authenticator).
        </p>
        <ol className="govuk-list govuk-list--number">
          <li>Open the authenticator app and choose to add an account.</li>
          <li>Scan this QR code, or type in the key below it.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        {enrolment ? (
          <>
            <img
              className="app-two-step-qr"
              src={`data:image/svg+xml;base64,${btoa(enrolment.qr)}`}
              alt="QR code for your authenticator app"
              width={200}
              height={200}
            />
            <p className="govuk-body">
              Key: <code data-testid="two-step-key">{enrolment.secret.replace(/(.{4})(?!$)/g, "$1 ")}</code>
            </p>
          </>
        ) : null}
        <Form method="post" noValidate>
          <TextInput
            name="code"
            label="Code from the app"
            hint="6 digits, like 123 456"
            widthClass="govuk-input--width-10"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            error={result?.error ?? undefined}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
            Turn on two-step verification
          </button>
        </Form>
      </div>
    </div>
  );
}
