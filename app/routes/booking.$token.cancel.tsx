import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BookingRuleError, cancelBooking, getBookingByManageToken } from "~/models/booking.server";
import { programmeTitleIn } from "~/models/programme-translation.server";
import { countBookings } from "~/models/waiting-list.server";
import { clock } from "~/utils/clock.server";
import { translator, useDates, useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...localTitle(matches, "cancel.title"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { booking, session, programme } = getBookingByManageToken({ token: params.token ?? "" });
  if (booking.status === "cancelled") throw redirect(`/booking/${params.token}`);
  const locale = requestLocale(request);
  const shown = programmeTitleIn(programme, locale, { neutral: false });
  return {
    token: params.token!,
    status: booking.status,
    programmeTitle: shown.title,
    titleLang: shown.lang,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    waiting: booking.status === "confirmed" ? countBookings({ sessionId: session.id, status: "waitlisted" }) : 0,
    bookingOpen: session.status === "scheduled" && session.bookingClosesAt > clock(),
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const { booking } = getBookingByManageToken({ token: params.token ?? "" });
  try {
    cancelBooking({ bookingId: booking.id, by: "attendee" });
  } catch (error) {
    // The rules an attendee can meet here: the session has started, or the booking was cancelled meanwhile.
    if (error instanceof BookingRuleError) return data({ error: translator(requestLocale(request))("cancel.error") }, { status: 409 });
    throw error;
  }
  return redirect(`/booking/${params.token}`, 303);
}

export default function CancelBooking() {
  const b = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const dates = useDates();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/booking/${b.token}`} className="govuk-back-link">
          {t("cancel.back")}
        </Link>
        <ErrorSummary errors={result?.error ? { form: result.error } : null} />
        <h1 className="govuk-heading-l">{b.status === "waitlisted" ? t("cancel.heading.waiting") : t("cancel.heading")}</h1>
        <p className="govuk-body">
          <span lang={b.titleLang ?? undefined}>{b.programmeTitle}</span>, {dates.timeRange(new Date(b.startsAt), new Date(b.endsAt))}.
        </p>
        {b.status === "confirmed" ? (
          <p className="govuk-body" data-testid="place-goes-to">
            {b.waiting ? t("cancel.placeGoes.waiting") : b.bookingOpen ? t("cancel.placeGoes.free") : t("cancel.placeGoes.empty")}
          </p>
        ) : null}
        <Form method="post">
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              {b.status === "waitlisted" ? t("cancel.confirm.waiting") : t("cancel.confirm")}
            </button>
            <Link className="govuk-link" to={`/booking/${b.token}`}>
              {t("cancel.keep")}
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
