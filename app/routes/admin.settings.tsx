import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, Textarea, TextInput } from "~/components/forms";
import { SupportPanel } from "~/components/layout";
import { audit } from "~/models/audit.server";
import { getSupportPanel, setSupportPanel, supportPanelSchema } from "~/models/settings.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Settings");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return { panel: getSupportPanel() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const form = parseForm(await request.formData(), supportPanelSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  setSupportPanel({ value: form.data, userId: user.id });
  audit({
    userId: user.id,
    action: "settings.support_panel",
    entityType: "settings",
    details: form.data,
    ipAddress: context.clientAddress,
  });
  return redirectWithNotice(request, "/admin/settings", "The support panel has been updated on every public page.");
}

export default function Settings() {
  const { panel } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values ?? panel;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} order={["heading", "body", "helplineName", "helplineNumber", "quickExitUrl"]} />
        <h1 className="govuk-heading-l">Settings</h1>
        <h2 className="govuk-heading-m">Support panel and quick exit</h2>
        <p className="govuk-body">
          Every public page, and every feedback form, shows this panel and a “Leave this site” button. This is how it looks now:
        </p>
        <SupportPanel {...panel} />
        <Form method="post" noValidate>
          <TextInput name="heading" label="Heading" defaultValue={str(v, "heading")} error={result?.errors?.heading} />
          <Textarea name="body" label="Message" rows={3} defaultValue={str(v, "body")} error={result?.errors?.body} />
          <TextInput name="helplineName" label="Helpline name" defaultValue={str(v, "helplineName")} error={result?.errors?.helplineName} />
          <TextInput
            name="helplineNumber"
            label="Helpline number"
            widthClass="govuk-input--width-20"
            defaultValue={str(v, "helplineNumber")}
            error={result?.errors?.helplineNumber}
          />
          <TextInput
            name="quickExitUrl"
            label="Where “Leave this site” goes"
            hint="A neutral, everyday website, starting with https://. The page is replaced, so the Back button does not return here."
            type="url"
            defaultValue={str(v, "quickExitUrl")}
            error={result?.errors?.quickExitUrl}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save
          </button>
        </Form>
      </div>
    </div>
  );
}
