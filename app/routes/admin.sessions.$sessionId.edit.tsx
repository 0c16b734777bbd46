import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { SESSION_FIELD_ORDER, SessionFields } from "~/components/session-fields";
import { getSessionForAdmin, SessionRuleError, sessionFieldsSchema, sessionToFields, updateSession } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { listFacilitators } from "~/models/user.server";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Change session");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { session, programme, confirmed, past } = getSessionForAdmin({ sessionId: idParam(params, "sessionId") });
  if (session.status === "cancelled" || past)
    throw new Response("A cancelled or finished session cannot be changed", { status: 409, statusText: "Cannot be changed" });
  return {
    sessionId: session.id,
    programmeTitle: programme.title,
    confirmed,
    values: sessionToFields(session),
    facilitators: listFacilitators(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const form = parseForm(await request.formData(), sessionFieldsSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    const { changes, promoted } = updateSession({ sessionId, fields: form.data, userId: user.id, ipAddress: context.clientAddress });
    const parts = ["Session updated."];
    if (changes.length) parts.push("Everyone booked will be sent an updated invite.");
    if (promoted.length)
      parts.push(`${promoted.length} ${promoted.length === 1 ? "person" : "people"} moved from the waiting list into a place.`);
    return redirectWithNotice(request, `/admin/sessions/${sessionId}`, parts.join(" "));
  } catch (error) {
    if (error instanceof SessionRuleError) return invalid({ [error.field]: error.message }, form.values);
    throw error;
  }
}

export default function EditSession() {
  const { sessionId, programmeTitle, confirmed, values, facilitators } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/sessions/${sessionId}`}>Back to the session</BackLink>
        <ErrorSummary errors={result?.errors} order={SESSION_FIELD_ORDER} />
        <span className="govuk-caption-l">{programmeTitle}</span>
        <h1 className="govuk-heading-l">Change session</h1>
        {confirmed ? (
          <div className="govuk-inset-text">
            {confirmed} {confirmed === 1 ? "person has" : "people have"} a place. If you change the date, time or place, they will each be
            sent an updated calendar invite saying what changed.
          </div>
        ) : null}
        <Form method="post" noValidate>
          <SessionFields values={result?.values ?? values} errors={result?.errors} facilitators={facilitators} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
