import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { RequirementFields } from "~/components/requirement-fields";
import { listStaffDepartments, requirementSchema, saveRequirement } from "~/models/compulsory.server";
import { listProgrammes } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Add a requirement");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return { programmes: listProgrammes().map((p) => ({ id: p.id, title: p.title })), departments: listStaffDepartments() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const form = parseForm(await request.formData(), requirementSchema, { multi: ["programmeIds"] });
  if (!form.ok) return invalid(form.errors, form.values);
  const id = saveRequirement({ input: form.data, userId: user.id });
  return redirectWithNotice(request, `/admin/training/compulsory/${id}`, "Requirement added.");
}

export default function NewRequirement() {
  const { programmes, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/training/compulsory">Compulsory training</BackLink>
        <ErrorSummary errors={result?.errors} order={["title", "programmeIds", "department", "refresherMonths"]} />
        <h1 className="govuk-heading-l">Add a requirement</h1>
        <Form method="post" noValidate>
          <RequirementFields values={result?.values} errors={result?.errors} programmes={programmes} departments={departments} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add requirement
          </button>
        </Form>
      </div>
    </div>
  );
}
