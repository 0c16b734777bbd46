import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { PROGRAMME_FIELD_ORDER, ProgrammeFields } from "~/components/programme-fields";
import { getProgramme, programmeSchema, updateProgramme } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Change programme");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const p = getProgramme({ programmeId: idParam(params, "programmeId") });
  return {
    id: p.id,
    values: {
      title: p.title,
      summary: p.summary,
      description: p.description,
      aims: p.aims.join("\n"),
      audience: p.audience,
      category: p.category,
      defaultCapacity: String(p.defaultCapacity),
      defaultDurationMinutes: String(p.defaultDurationMinutes),
      reminderDaysBefore: String(p.reminderDaysBefore),
      followUpWeeks: String(p.followUpWeeks),
      askLineManager: p.askLineManager ? "yes" : "",
      sensitive: p.sensitive ? "yes" : "",
      publicTitle: p.publicTitle ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  getProgramme({ programmeId });
  const form = parseForm(await request.formData(), programmeSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  updateProgramme({ programmeId, data: form.data, userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(request, `/admin/programmes/${programmeId}`, "Programme updated.");
}

export default function EditProgramme() {
  const { id, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/programmes/${id}`}>Back to the programme</BackLink>
        <ErrorSummary errors={result?.errors} order={PROGRAMME_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Change programme</h1>
        <Form method="post" noValidate>
          <ProgrammeFields values={result?.values ?? values} errors={result?.errors} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
