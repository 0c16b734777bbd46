import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { ATTENDEE_FIELD_ORDER, AttendeeFields, PrivacyConsent } from "~/components/booking-fields";
import { ErrorSummary, Honeypot, TextInput } from "~/components/forms";
import { attendeeFromForm, publicBookingSchema } from "~/models/booking.server";
import {
  checkCode,
  checkInByEmail,
  checkInOpensAt,
  checkInSession,
  SCAN_GRACE_MS,
  SEND_GRACE_MS,
  selfWalkIn,
  type CheckInResult,
  type CodeRefusal,
} from "~/models/check-in.server";
import { listStaffDepartments } from "~/models/compulsory.server";
import { clock } from "~/utils/clock.server";
import { formatDate, formatTime, formatTimeRange } from "~/utils/dates";
import { formValues, parseForm, str } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { checkInPostLimiter } from "~/utils/rate-limit.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "Check in"), { name: "robots", content: "noindex, nofollow" }];

// The address carries a code for one minute of one session: nothing to keep.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

function sessionFrom(params: { sessionId?: string }) {
  const id = Number(params.sessionId);
  const session = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? checkInSession({ sessionId: id }) : null;
  if (!session) throw notFound("Session not found");
  return session;
}

function refusalMessage(reason: CodeRefusal, opensAt: Date): string {
  switch (reason) {
    case "invalid":
      return "This is not a check-in code for this session. Scan the QR code on the screen in the room again.";
    case "expired":
      return "This check-in code has expired: the code on the screen changes every minute. Scan it again.";
    case "not_yet":
      return `Check-in opens at ${formatTime(opensAt)} on ${formatDate(opensAt)}, 30 minutes before the session starts.`;
    case "closed":
      return "Check-in for this session has closed. If you attended, ask the facilitator or the training team to mark you as attended.";
    case "cancelled":
      return "This session has been cancelled.";
  }
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const session = sessionFrom(params);
  const url = new URL(request.url);
  const [t, c] = [url.searchParams.get("t"), url.searchParams.get("c")];
  const check = checkCode({ session, t, c, now: clock(), grace: SCAN_GRACE_MS });
  return {
    // Someone with no code for this session learns nothing about it (a cancelled one, a sensitive programme's).
    session: check.ok || check.reason !== "invalid" ? { title: session.title, startsAt: session.startsAt, endsAt: session.endsAt } : null,
    // Sent back with the form, where the code is checked again with longer to run (SEND_GRACE_MS): a form
    // answered slowly is judged by when it was sent, not by this page's reload after it.
    code: { t: (t ?? "").slice(0, 20), c: (c ?? "").slice(0, 20) },
    refusal: check.ok ? null : refusalMessage(check.reason, checkInOpensAt(session)),
    staffDepartments: listStaffDepartments(),
  };
}

const WALK_IN_FIELDS = [...ATTENDEE_FIELD_ORDER, "consent"] as const;
type CheckInOutcome = CheckInResult["outcome"];

export async function action({ params, request, context }: ActionFunctionArgs) {
  const emailSchema = z.object({
    email: z
      .string()
      .trim()
      .min(1, "Enter the email address you booked with")
      .max(254, "Email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.gov.uk"),
  });
  const session = sessionFrom(params);
  const formData = await request.formData();
  const sent = formValues(formData);
  const intent = sent.intent === "walk-in" ? "walk-in" : sent.intent === "restart" ? "restart" : "check-in";
  const values = Object.fromEntries(WALK_IN_FIELDS.map((k) => [k, str(sent, k)]));
  /** Every answer says which form to show again, with what was typed. */
  const answer = (
    status: number,
    errors: Record<string, string> | null,
    { outcome = null, shown = intent, refused = false }: { outcome?: CheckInOutcome | null; shown?: typeof intent; refused?: boolean } = {},
  ) => data({ errors, values, intent: shown, outcome, refused }, { status });
  const now = clock();
  const check = checkCode({ session, t: str(sent, "t"), c: str(sent, "c"), now, grace: SEND_GRACE_MS });
  if (!check.ok) return answer(409, { form: refusalMessage(check.reason, checkInOpensAt(session)) }, { refused: true });
  // A room checks in at once, often from one address: its own limit, per session (ADR 024).
  const limit = (await checkInPostLimiter()).hit(`${context.clientAddress ?? "unknown"} ${session.id}`);
  if (!limit.allowed) return answer(429, { form: "Too many check-ins have come from this network. Wait a minute and try again." });
  // The honeypot: people never see it, bots fill it in.
  if (str(sent, "website")) return answer(400, { form: "Your check-in could not be accepted. Please try again." });
  if (intent === "restart") return answer(200, null, { shown: "check-in" });

  if (intent === "check-in") {
    const form = parseForm(formData, emailSchema);
    if (!form.ok) return answer(400, form.errors);
    const result = checkInByEmail({ sessionId: session.id, email: form.data.email, now });
    if (result.outcome === "waitlisted") return answer(409, { email: WAITLISTED });
    return answer(200, null, { outcome: result.outcome });
  }

  const read = attendeeFromForm(parseForm(formData, publicBookingSchema));
  if (!read.ok) return answer(400, read.errors);
  const result = selfWalkIn({ sessionId: session.id, attendee: read.attendee, now });
  if (result.outcome === "full")
    return answer(409, { form: "All the places on this session are taken. Please speak to the facilitator, who can add you." });
  if (result.outcome === "waitlisted") return answer(409, { form: WAITLISTED });
  return answer(200, null, { outcome: result.outcome });
}

const WAITLISTED = "You are on the waiting list for this session, not booked on it. Please speak to the facilitator.";

export default function CheckIn() {
  const { session, code, refusal, staffDepartments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : null;
  const values = result && "values" in result ? result.values : null;
  const outcome = result && "outcome" in result ? result.outcome : null;
  const walkIn = outcome === "not_booked" || (result?.intent === "walk-in" && !outcome);
  const when = session ? formatTimeRange(new Date(session.startsAt), new Date(session.endsAt)) : null;
  // After a form is sent, its own answer says whether the code was still good; before, the page's.
  const refused = result ? (result.refused ? result.errors?.form : null) : refusal;

  if (outcome === "checked_in" || outcome === "already" || outcome === "walked_in") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation" data-testid="checked-in">
            <h1 className="govuk-panel__title">You are checked in</h1>
            {session ? <div className="govuk-panel__body">{session.title}</div> : null}
          </div>
          <p className="govuk-body">Thank you: enjoy the session.</p>
          <p className="govuk-body">After the session we will email you a link to your certificate of attendance.</p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.refused ? null : errors} order={["form", "email", ...WALK_IN_FIELDS]} />
        {session ? <span className="govuk-caption-l">{session.title}</span> : null}
        <h1 className="govuk-heading-l">{walkIn ? "Register as a walk-in" : "Check in"}</h1>
        {when ? <p className="govuk-body">{when}</p> : null}
        {refused ? (
          <div className="govuk-inset-text" data-testid="check-in-refused">
            {refused}
          </div>
        ) : walkIn ? (
          <>
            <p className="govuk-body">
              We could not find a booking for {str(values, "email") || "that email address"} on this session. If you have not booked, give
              your details to be added to the register.
            </p>
            <Form method="post" noValidate>
              <Honeypot />
              <CodeFields {...code} />
              <input type="hidden" name="intent" value="walk-in" />
              <AttendeeFields
                values={values}
                errors={errors}
                staffDepartments={staffDepartments}
                emailHint="After the session we will send a link to your certificate of attendance here."
              />
              <PrivacyConsent
                purpose="keep the register and report on our training"
                values={values}
                error={errors && "consent" in errors ? errors.consent : undefined}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                Register and check in
              </button>
            </Form>
            <Form method="post" noValidate>
              <CodeFields {...code} />
              <input type="hidden" name="intent" value="restart" />
              <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                I have booked: try another email address
              </button>
            </Form>
          </>
        ) : (
          <Form method="post" noValidate>
            <Honeypot />
            <CodeFields {...code} />
            <input type="hidden" name="intent" value="check-in" />
            <TextInput
              name="email"
              label="The email address you booked with"
              type="email"
              autoComplete="email"
              spellCheck={false}
              defaultValue={str(values, "email")}
              error={errors && "email" in errors ? errors.email : undefined}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
              Check in
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}

/** The screen's code, sent back with each form so the action can check it again. */
function CodeFields({ t, c }: { t: string; c: string }) {
  return (
    <>
      <input type="hidden" name="t" value={t} />
      <input type="hidden" name="c" value={c} />
    </>
  );
}
