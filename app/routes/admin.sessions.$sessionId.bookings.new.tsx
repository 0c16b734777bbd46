import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ATTENDEE_FIELD_ORDER, AttendeeFields } from "~/components/booking-fields";
import { ErrorSummary, Select } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { createBooking, REFUSAL_MESSAGES, staffAttendeeSchema } from "~/models/booking.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatTimeRange } from "~/utils/dates";
import { parseForm, str } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { asLocale, LOCALE_CODES, LOCALES, translator } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

const english = translator("en");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Add a booking");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { session, programme, confirmed } = getSessionForAdmin({ sessionId: idParam(params, "sessionId") });
  return {
    sessionId: session.id,
    programmeTitle: programme.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    full: confirmed >= session.capacity,
    languages: LOCALE_CODES.map((code) => ({
      value: code,
      label: code === "en" ? "English" : `${LOCALES[code].english} (${LOCALES[code].name})`,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const formData = await request.formData();
  const form = parseForm(formData, staffAttendeeSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  // The language their confirmation, reminders and invite are written in (ADR 028); anything else is English.
  const locale = asLocale(formData.get("locale"));
  const result = createBooking({
    sessionId,
    attendee: form.data,
    source: "phone",
    userId: user.id,
    ipAddress: context.clientAddress,
    locale,
  });
  if (!result.ok) {
    return invalid(
      {
        [result.reason === "duplicate" ? "email" : "form"]:
          result.reason === "duplicate" ? "This person is already booked on this session" : english(REFUSAL_MESSAGES[result.reason]),
      },
      form.values,
      409,
    );
  }
  return redirectWithNotice(
    request,
    `/admin/sessions/${sessionId}`,
    result.status === "confirmed"
      ? `${form.data.name} has a place. Their confirmation goes to ${form.data.email}.`
      : `The session is full: ${form.data.name} is number ${result.position} on the waiting list.`,
  );
}

export default function AddBooking() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/sessions/${s.sessionId}`}>Back to the session</BackLink>
        <ErrorSummary errors={result?.errors} order={["form", ...ATTENDEE_FIELD_ORDER]} />
        <span className="govuk-caption-l">
          {s.programmeTitle}, {formatTimeRange(new Date(s.startsAt), new Date(s.endsAt))}
        </span>
        <h1 className="govuk-heading-l">Add a booking</h1>
        <p className="govuk-body">For bookings taken by phone or email. Tell the person how we use their details (the privacy notice).</p>
        {s.full ? <div className="govuk-inset-text">The session is full, so they will join the waiting list.</div> : null}
        <Form method="post" noValidate>
          <AttendeeFields values={result?.values} errors={result?.errors} forStaff />
          <Select
            name="locale"
            label="Language for their emails"
            hint="Their confirmation, reminders, calendar invite and request for feedback are written in it."
            defaultValue={str(result?.values, "locale") || "en"}
            options={s.languages}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add booking
          </button>
        </Form>
      </div>
    </div>
  );
}
