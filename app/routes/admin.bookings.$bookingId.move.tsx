import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, Radios } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { placesLabel } from "~/components/sessions";
import { BookingRuleError, getBookingRow, moveBooking } from "~/models/booking.server";
import { getSessionForAdmin, listMoveTargets } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { countBookings } from "~/models/waiting-list.server";
import { formatTimeRange } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { translator } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

const english = translator("en");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Move a booking");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const booking = getBookingRow({ bookingId: idParam(params, "bookingId") });
  const { session, programme } = getSessionForAdmin({ sessionId: booking.sessionId });
  return {
    booking: { id: booking.id, name: booking.name, status: booking.status },
    from: {
      id: session.id,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      waiting: countBookings({ sessionId: session.id, status: "waitlisted" }),
    },
    programmeTitle: programme.title,
    targets: listMoveTargets({ sessionId: session.id }).map((t) => ({
      id: t.id,
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      placesLeft: t.placesLeft,
      venue: t.venue,
      online: t.online,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const schema = z.object({
    toSessionId: z.coerce.number({ error: "Select the session to move to" }).int().positive("Select the session to move to"),
  });
  const user = await requireUser(request, { role: "organiser" });
  const bookingId = idParam(params, "bookingId");
  const booking = getBookingRow({ bookingId });
  const form = parseForm(await request.formData(), schema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    const { status } = moveBooking({ bookingId, toSessionId: form.data.toSessionId, userId: user.id, ipAddress: context.clientAddress });
    return redirectWithNotice(
      request,
      `/admin/sessions/${form.data.toSessionId}`,
      status === "confirmed"
        ? `${booking.name} moved to this session, with a place.`
        : `${booking.name} moved to this session. It is full, so they are on the waiting list.`,
    );
  } catch (error) {
    if (error instanceof BookingRuleError) return invalid({ toSessionId: error.message }, form.values, 409);
    throw error;
  }
}

export default function MoveBooking() {
  const { booking, from, programmeTitle, targets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/sessions/${from.id}`}>Back to the session</BackLink>
        <ErrorSummary errors={result?.errors} order={["toSessionId"]} />
        <span className="govuk-caption-l">{programmeTitle}</span>
        <h1 className="govuk-heading-l">Move {booking.name}&apos;s booking</h1>
        <p className="govuk-body">
          From {formatTimeRange(new Date(from.startsAt), new Date(from.endsAt))}.{" "}
          {booking.status !== "confirmed"
            ? "They leave that session's waiting list."
            : from.waiting
              ? "Their place there goes to the first person waiting."
              : "Nobody is waiting for that session, so their place there becomes free."}
        </p>
        {targets.length ? (
          <Form method="post" noValidate>
            <Radios
              name="toSessionId"
              legend="Move to"
              legendClassName="govuk-fieldset__legend--m"
              error={result?.errors?.toSessionId}
              options={targets.map((t) => ({
                value: String(t.id),
                label: formatTimeRange(new Date(t.startsAt), new Date(t.endsAt)),
                hint: `${t.online ? "Online" : t.venue}. ${placesLabel(t.placesLeft, english)}.`,
              }))}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Move booking
            </button>
          </Form>
        ) : (
          <p className="govuk-body">There are no other upcoming sessions of this programme to move to.</p>
        )}
      </div>
    </div>
  );
}
