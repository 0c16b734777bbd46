import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { FormSettingsFields, SETTINGS_FIELD_ORDER } from "~/components/form-settings-fields";
import { ErrorSummary, Radios } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { createConsultation, FormRuleError, newConsultationSchema } from "~/models/form.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Create a consultation");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const form = parseForm(await request.formData(), newConsultationSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  try {
    const id = createConsultation({ settings: form.data, template: form.data.template, userId: user.id });
    return redirectWithNotice(request, `/admin/forms/${id}`, "Consultation created. Add its questions below.");
  } catch (error) {
    if (error instanceof FormRuleError) return invalid({ [error.field]: error.message }, form.values);
    throw error;
  }
}

export default function NewConsultation() {
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/forms">Back to feedback forms</BackLink>
        <ErrorSummary errors={result?.errors} order={SETTINGS_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Create a consultation</h1>
        <p className="govuk-body">A survey with its own public link and QR code, for example of professionals across agencies.</p>
        <Form method="post" noValidate>
          <Radios
            name="template"
            legend="Start from"
            legendClassName="govuk-fieldset__legend--s"
            value={str(result?.values, "template") || "blank"}
            error={result?.errors?.template}
            options={[
              { value: "blank", label: "A blank form" },
              { value: "standard", label: "The standard evaluation questions" },
            ]}
          />
          <FormSettingsFields values={result?.values ?? { anonymous: "yes", status: "draft" }} errors={result?.errors} consultation />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Create consultation
          </button>
        </Form>
      </div>
    </div>
  );
}
