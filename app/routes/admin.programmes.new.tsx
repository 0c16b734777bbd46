import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { PROGRAMME_FIELD_ORDER, ProgrammeFields } from "~/components/programme-fields";
import { createProgramme, programmeSchema } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Create a programme");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const form = parseForm(await request.formData(), programmeSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  const programme = createProgramme({ data: form.data, userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(
    request,
    `/admin/programmes/${programme.id}`,
    `Programme created. It has the standard evaluation form; add its first session below.`,
  );
}

export default function NewProgramme() {
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/programmes">Back to programmes</BackLink>
        <ErrorSummary errors={result?.errors} order={PROGRAMME_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Create a programme</h1>
        <Form method="post" noValidate>
          <ProgrammeFields values={result?.values} errors={result?.errors} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Create programme
          </button>
        </Form>
      </div>
    </div>
  );
}
