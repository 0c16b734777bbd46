import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { RequirementFields } from "~/components/requirement-fields";
import { getRequirement, listStaffDepartments, requirementSchema, saveRequirement } from "~/models/compulsory.server";
import { listProgrammes } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Change a requirement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const r = getRequirement({ requirementId: idParam(params, "requirementId") });
  return {
    id: r.id,
    values: {
      title: r.title,
      department: r.department ?? "",
      refresherMonths: r.refresherMonths ? String(r.refresherMonths) : "",
      programmeIds: r.programmeIds.map(String),
    },
    programmes: listProgrammes().map((p) => ({ id: p.id, title: p.title })),
    departments: listStaffDepartments(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const requirementId = idParam(params, "requirementId");
  getRequirement({ requirementId });
  const form = parseForm(await request.formData(), requirementSchema, { multi: ["programmeIds"] });
  if (!form.ok) return invalid(form.errors, form.values);
  saveRequirement({ requirementId, input: form.data, userId: user.id });
  return redirectWithNotice(request, `/admin/training/compulsory/${requirementId}`, "Requirement updated.");
}

export default function EditRequirement() {
  const { id, values, programmes, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/training/compulsory/${id}`}>Back to the requirement</BackLink>
        <ErrorSummary errors={result?.errors} order={["title", "programmeIds", "department", "refresherMonths"]} />
        <h1 className="govuk-heading-l">Change a requirement</h1>
        <Form method="post" noValidate>
          <RequirementFields values={result?.values ?? values} errors={result?.errors} programmes={programmes} departments={departments} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save
          </button>
        </Form>
      </div>
    </div>
  );
}
