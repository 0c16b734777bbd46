import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { BookingRuleError, cancelBooking, getBookingRow } from "~/models/booking.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatTimeRange } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Cancel a booking");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const booking = getBookingRow({ bookingId: idParam(params, "bookingId") });
  const { session, programme } = getSessionForAdmin({ sessionId: booking.sessionId });
  return {
    booking: { id: booking.id, name: booking.name, status: booking.status },
    session: { id: session.id, startsAt: session.startsAt, endsAt: session.endsAt },
    programmeTitle: programme.title,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const schema = z.object({ reason: z.string().trim().max(500, "Reason must be 500 characters or fewer").optional() });
  const user = await requireUser(request, { role: "organiser" });
  const booking = getBookingRow({ bookingId: idParam(params, "bookingId") });
  const form = parseForm(await request.formData(), schema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    const { promoted } = cancelBooking({
      bookingId: booking.id,
      by: "organiser",
      reason: form.data.reason || null,
      userId: user.id,
      ipAddress: context.clientAddress,
    });
    return redirectWithNotice(
      request,
      `/admin/sessions/${booking.sessionId}`,
      `${booking.name}'s booking was cancelled.${promoted.length ? " The first person waiting now has the place." : ""}`,
    );
  } catch (error) {
    if (error instanceof BookingRuleError) return invalid({ reason: error.message }, form.values, 409);
    throw error;
  }
}

export default function CancelBookingByOrganiser() {
  const { booking, session, programmeTitle } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/sessions/${session.id}`}>Back to the session</BackLink>
        <ErrorSummary errors={result?.errors} order={["reason"]} />
        <span className="govuk-caption-l">
          {programmeTitle}, {formatTimeRange(new Date(session.startsAt), new Date(session.endsAt))}
        </span>
        <h1 className="govuk-heading-l">
          {booking.status === "waitlisted" ? `Remove ${booking.name} from the waiting list?` : `Cancel ${booking.name}'s booking?`}
        </h1>
        {booking.status === "cancelled" ? (
          <p className="govuk-body">This booking is already cancelled.</p>
        ) : (
          <Form method="post" noValidate>
            <Textarea
              name="reason"
              label="Reason (optional)"
              hint="They will be told this."
              rows={2}
              defaultValue={typeof result?.values?.reason === "string" ? result.values.reason : ""}
              error={result?.errors?.reason}
            />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                {booking.status === "waitlisted" ? "Remove from waiting list" : "Cancel booking"}
              </button>
              <Link className="govuk-link" to={`/admin/sessions/${session.id}`}>
                Keep the booking
              </Link>
            </div>
          </Form>
        )}
      </div>
    </div>
  );
}
