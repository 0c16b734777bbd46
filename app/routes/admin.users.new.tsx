import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { ErrorSummary, Radios, TextInput } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { audit } from "~/models/audit.server";
import { requireUser } from "~/models/staff-session.server";
import { createUser, getUserByEmail, newUserSchema } from "~/models/user.server";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Add a member of staff");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const form = parseForm(await request.formData(), newUserSchema);
  const values = { name: str(form.values, "name"), email: str(form.values, "email"), role: str(form.values, "role") };
  if (!form.ok) return invalid(form.errors, values, 400);
  if (getUserByEmail({ email: form.data.email })) {
    return invalid({ email: "There is already an account with this email address" }, values, 400);
  }
  const user = await createUser(form.data);
  audit({
    userId: admin.id,
    action: "user.create",
    entityType: "user",
    entityId: user.id,
    details: { role: user.role },
    ipAddress: context.clientAddress,
  });
  return redirect("/admin/users");
}

export default function NewUser() {
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/users">Back to staff accounts</BackLink>
        <ErrorSummary errors={errors} order={["name", "email", "role", "password"]} />
        <h1 className="govuk-heading-l">Add a member of staff</h1>
        <Form method="post" noValidate>
          <TextInput name="name" label="Full name" autoComplete="off" defaultValue={result?.values.name} error={errors?.name} />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            spellCheck={false}
            autoComplete="off"
            defaultValue={result?.values.email}
            error={errors?.email}
          />
          <Radios
            name="role"
            legend="Role"
            legendClassName="govuk-fieldset__legend--m"
            value={result?.values.role}
            error={errors?.role}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: ROLE_DESCRIPTIONS[r] }))}
          />
          <TextInput
            name="password"
            label="Initial password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. Give it to them in person or by phone, not by email."
            error={errors?.password}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add account
          </button>
        </Form>
      </div>
    </div>
  );
}
