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
import { formValues, parseForm, str } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import { datesFor, msg, translateErrors, translator, useDates, useT, type Locale } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";
import { checkInPostLimiter } from "~/utils/rate-limit.server";

export const meta: MetaFunction = ({ matches }) => [
  ...localTitle(matches, "checkIn.title"),
  { name: "robots", content: "noindex, nofollow" },
];

// The address carries a code for one minute of one session: nothing to keep.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

function sessionFrom(params: { sessionId?: string }, locale: Locale) {
  const id = Number(params.sessionId);
  const session = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? checkInSession({ sessionId: id, locale }) : null;
  if (!session) throw notFound("Session not found");
  return session;
}

function refusalMessage(reason: CodeRefusal, opensAt: Date, locale: Locale): string {
  const t = translator(locale);
  const dates = datesFor(locale);
  switch (reason) {
    case "invalid":
      return t("checkIn.refused.invalid");
    case "expired":
      return t("checkIn.refused.expired");
    case "not_yet":
      return t("checkIn.refused.notYet", { time: dates.time(opensAt), date: dates.date(opensAt) });
    case "closed":
      return t("checkIn.refused.closed");
    case "cancelled":
      return t("checkIn.refused.cancelled");
  }
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requestLocale(request);
  const session = sessionFrom(params, locale);
  const url = new URL(request.url);
  const [t, c] = [url.searchParams.get("t"), url.searchParams.get("c")];
  const check = checkCode({ session, t, c, now: clock(), grace: SCAN_GRACE_MS });
  return {
    // Someone with no code for this session learns nothing about it (a cancelled one, a sensitive programme's).
    session:
      check.ok || check.reason !== "invalid"
        ? { title: session.title, titleLang: session.titleLang, startsAt: session.startsAt, endsAt: session.endsAt }
        : null,
    // Sent back with the form, where the code is checked again with longer to run (SEND_GRACE_MS): a form
    // answered slowly is judged by when it was sent, not by this page's reload after it.
    code: { t: (t ?? "").slice(0, 20), c: (c ?? "").slice(0, 20) },
    refusal: check.ok ? null : refusalMessage(check.reason, checkInOpensAt(session), locale),
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
      .min(1, msg("checkIn.error.email.required"))
      .max(254, msg("booking.error.email.tooLong"))
      .email(msg("booking.error.email.format")),
  });
  const locale = requestLocale(request);
  const t = translator(locale);
  const session = sessionFrom(params, locale);
  const formData = await request.formData();
  const sent = formValues(formData);
  const intent = sent.intent === "walk-in" ? "walk-in" : sent.intent === "restart" ? "restart" : "check-in";
  const values = Object.fromEntries(WALK_IN_FIELDS.map((k) => [k, str(sent, k)]));
  /** Every answer says which form to show again, with what was typed. */
  const answer = (
    status: number,
    errors: Record<string, string> | null,
    { outcome = null, shown = intent, refused = false }: { outcome?: CheckInOutcome | null; shown?: typeof intent; refused?: boolean } = {},
  ) => data({ errors: errors && translateErrors(errors, t), values, intent: shown, outcome, refused }, { status });
  const now = clock();
  const check = checkCode({ session, t: str(sent, "t"), c: str(sent, "c"), now, grace: SEND_GRACE_MS });
  if (!check.ok) return answer(409, { form: refusalMessage(check.reason, checkInOpensAt(session), locale) }, { refused: true });
  // A room checks in at once, often from one address: its own limit, per session (ADR 024).
  const limit = (await checkInPostLimiter()).hit(`${context.clientAddress ?? "unknown"} ${session.id}`);
  if (!limit.allowed) return answer(429, { form: msg("checkIn.error.tooMany") });
  // The honeypot: people never see it, bots fill it in.
  if (str(sent, "website")) return answer(400, { form: msg("checkIn.error.notAccepted") });
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
  const result = selfWalkIn({ sessionId: session.id, attendee: read.attendee, locale, now });
  if (result.outcome === "full") return answer(409, { form: msg("checkIn.error.full") });
  if (result.outcome === "waitlisted") return answer(409, { form: WAITLISTED });
  return answer(200, null, { outcome: result.outcome });
}

const WAITLISTED = msg("checkIn.error.waitlisted");

export default function CheckIn() {
  const { session, code, refusal, staffDepartments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const dates = useDates();
  const errors = result && "errors" in result ? result.errors : null;
  const values = result && "values" in result ? result.values : null;
  const outcome = result && "outcome" in result ? result.outcome : null;
  const walkIn = outcome === "not_booked" || (result?.intent === "walk-in" && !outcome);
  const when = session ? dates.timeRange(new Date(session.startsAt), new Date(session.endsAt)) : null;
  // After a form is sent, its own answer says whether the code was still good; before, the page's.
  const refused = result ? (result.refused ? result.errors?.form : null) : refusal;

  if (outcome === "checked_in" || outcome === "already" || outcome === "walked_in") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation" data-testid="checked-in">
            <h1 className="govuk-panel__title">{t("checkIn.done.title")}</h1>
            {session ? (
              <div className="govuk-panel__body" lang={session.titleLang ?? undefined}>
                {session.title}
              </div>
            ) : null}
          </div>
          <p className="govuk-body">{t("checkIn.done.thanks")}</p>
          <p className="govuk-body">{t("checkIn.done.certificate")}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.refused ? null : errors} order={["form", "email", ...WALK_IN_FIELDS]} />
        {session ? (
          <span className="govuk-caption-l" lang={session.titleLang ?? undefined}>
            {session.title}
          </span>
        ) : null}
        <h1 className="govuk-heading-l">{walkIn ? t("checkIn.walkIn.title") : t("checkIn.title")}</h1>
        {when ? <p className="govuk-body">{when}</p> : null}
        {refused ? (
          <div className="govuk-inset-text" data-testid="check-in-refused">
            {refused}
          </div>
        ) : walkIn ? (
          <>
            <p className="govuk-body">
              {str(values, "email") ? t("checkIn.walkIn.noBooking", { email: str(values, "email") }) : t("checkIn.walkIn.noBookingNoEmail")}
            </p>
            <Form method="post" noValidate>
              <Honeypot />
              <CodeFields {...code} />
              <input type="hidden" name="intent" value="walk-in" />
              <AttendeeFields
                values={values}
                errors={errors}
                staffDepartments={staffDepartments}
                emailHint={t("checkIn.walkIn.emailHint")}
              />
              <PrivacyConsent
                purpose="booking.privacy.purpose.register"
                values={values}
                error={errors && "consent" in errors ? errors.consent : undefined}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
                {t("checkIn.walkIn.submit")}
              </button>
            </Form>
            <Form method="post" noValidate>
              <CodeFields {...code} />
              <input type="hidden" name="intent" value="restart" />
              <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                {t("checkIn.walkIn.restart")}
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
              label={t("checkIn.email")}
              type="email"
              autoComplete="email"
              spellCheck={false}
              defaultValue={str(values, "email")}
              error={errors && "email" in errors ? errors.email : undefined}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={navigation.state === "submitting"}>
              {t("checkIn.submit")}
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
