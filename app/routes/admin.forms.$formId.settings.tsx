import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { FormSettingsFields, SETTINGS_FIELD_ORDER } from "~/components/form-settings-fields";
import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { formSettingsSchema, FormRuleError, getFormRow, updateFormSettings } from "~/models/form.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { ukDateKey } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Form settings");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const form = getFormRow({ formId: idParam(params, "formId") });
  return {
    id: form.id,
    consultation: form.kind === "consultation",
    values: {
      title: form.title,
      introduction: form.introduction,
      anonymous: form.anonymous ? "yes" : "",
      status: form.status,
      opensOn: form.opensAt ? ukDateKey(form.opensAt) : "",
      // Stored as the instant it closes (the start of the next day); shown as the last day.
      closesOn: form.closesAt ? ukDateKey(new Date(form.closesAt.getTime() - 1)) : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const formId = idParam(params, "formId");
  getFormRow({ formId });
  const form = parseForm(await request.formData(), formSettingsSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    updateFormSettings({ formId, settings: form.data, userId: user.id });
    return redirectWithNotice(request, `/admin/forms/${formId}`, "Settings saved.");
  } catch (error) {
    if (error instanceof FormRuleError) return invalid({ [error.field]: error.message }, form.values);
    throw error;
  }
}

export default function FormSettingsPage() {
  const { id, consultation, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/forms/${id}`}>Back to the form</BackLink>
        <ErrorSummary errors={result?.errors} order={SETTINGS_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Form settings</h1>
        <Form method="post" noValidate>
          <FormSettingsFields values={result?.values ?? values} errors={result?.errors} consultation={consultation} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save settings
          </button>
        </Form>
      </div>
    </div>
  );
}
