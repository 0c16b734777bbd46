import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BookingRuleError, cancelBooking, getBookingByManageToken } from "~/models/booking.server";
import { countBookings } from "~/models/waiting-list.server";
import { clock } from "~/utils/clock.server";
import { formatTimeRange } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "Cancel your booking"),
  { name: "robots", content: "noindex, nofollow" },
];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const { booking, session, programme } = getBookingByManageToken({ token: params.token ?? "" });
  if (booking.status === "cancelled") throw redirect(`/booking/${params.token}`);
  return {
    token: params.token!,
    status: booking.status,
    programmeTitle: programme.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    waiting: booking.status === "confirmed" ? countBookings({ sessionId: session.id, status: "waitlisted" }) : 0,
    bookingOpen: session.status === "scheduled" && session.bookingClosesAt > clock(),
  };
}

export async function action({ params }: ActionFunctionArgs) {
  const { booking } = getBookingByManageToken({ token: params.token ?? "" });
  try {
    cancelBooking({ bookingId: booking.id, by: "attendee" });
  } catch (error) {
    if (error instanceof BookingRuleError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  return redirect(`/booking/${params.token}`, 303);
}

export default function CancelBooking() {
  const b = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/booking/${b.token}`} className="govuk-back-link">
          Back to your booking
        </Link>
        <ErrorSummary errors={result?.error ? { form: result.error } : null} />
        <h1 className="govuk-heading-l">{b.status === "waitlisted" ? "Leave the waiting list?" : "Cancel your booking?"}</h1>
        <p className="govuk-body">
          {b.programmeTitle}, {formatTimeRange(new Date(b.startsAt), new Date(b.endsAt))}.
        </p>
        {b.status === "confirmed" ? (
          <p className="govuk-body" data-testid="place-goes-to">
            {b.waiting
              ? "Your place will go to the first person on the waiting list."
              : b.bookingOpen
                ? "Nobody is on the waiting list, so your place will be free for someone else to book."
                : "Booking for this session has closed and nobody is on the waiting list, so your place will stay empty unless the training team fills it."}
          </p>
        ) : null}
        <Form method="post">
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              {b.status === "waitlisted" ? "Yes, leave the waiting list" : "Yes, cancel my booking"}
            </button>
            <Link className="govuk-link" to={`/booking/${b.token}`}>
              No, keep my booking
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
