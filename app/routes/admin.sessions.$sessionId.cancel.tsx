import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { cancelSession, getSessionForAdmin, SessionRuleError } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatTimeRange } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Cancel session");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { session, programme, confirmed, waitlisted } = getSessionForAdmin({ sessionId: idParam(params, "sessionId") });
  return {
    sessionId: session.id,
    programmeTitle: programme.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    confirmed,
    waitlisted,
    status: session.status,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const schema = z.object({
    reason: z
      .string()
      .trim()
      .min(1, "Enter the reason, which is sent to everyone booked")
      .max(500, "Reason must be 500 characters or fewer"),
  });
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const form = parseForm(await request.formData(), schema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    const { bookingsCancelled } = cancelSession({ sessionId, reason: form.data.reason, userId: user.id, ipAddress: context.clientAddress });
    return redirectWithNotice(
      request,
      `/admin/sessions/${sessionId}`,
      bookingsCancelled
        ? `Session cancelled. ${bookingsCancelled} ${bookingsCancelled === 1 ? "booking was" : "bookings were"} cancelled, and each person will be told why.`
        : "Session cancelled. Nobody was booked, so nobody needs to be told.",
    );
  } catch (error) {
    if (error instanceof SessionRuleError) return invalid({ reason: error.message }, form.values, 409);
    throw error;
  }
}

export default function CancelSession() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/sessions/${s.sessionId}`}>Back to the session</BackLink>
        <ErrorSummary errors={result?.errors} order={["reason"]} />
        <span className="govuk-caption-l">{s.programmeTitle}</span>
        <h1 className="govuk-heading-l">Cancel the session on {formatTimeRange(new Date(s.startsAt), new Date(s.endsAt))}?</h1>
        <p className="govuk-body">
          {s.confirmed} {s.confirmed === 1 ? "person has" : "people have"} a place and {s.waitlisted} {s.waitlisted === 1 ? "is" : "are"}{" "}
          waiting. Their bookings will be cancelled, the calendar invites withdrawn, and everyone told the reason you give.
        </p>
        <Form method="post" noValidate>
          <Textarea
            name="reason"
            label="Reason for cancelling"
            hint="For example, “The trainer is unwell. We will offer a new date soon.”"
            rows={3}
            defaultValue={typeof result?.values?.reason === "string" ? result.values.reason : ""}
            error={result?.errors?.reason}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Cancel the session
            </button>
            <Link className="govuk-link" to={`/admin/sessions/${s.sessionId}`}>
              Keep the session
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
