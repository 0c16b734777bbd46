import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, Textarea, TextInput } from "~/components/forms";
import { SupportPanel } from "~/components/layout";
import { audit } from "~/models/audit.server";
import {
  getSupportPanel,
  getTrainingContact,
  setSupportPanel,
  setTrainingContact,
  supportPanelSchema,
  trainingContactSchema,
} from "~/models/settings.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Settings");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return { panel: getSupportPanel(), contact: getTrainingContact() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const formData = await request.formData();
  if (formData.get("intent") === "contact") {
    const contact = parseForm(formData, trainingContactSchema);
    if (!contact.ok) return invalid(contact.errors, { ...contact.values, intent: "contact" });
    setTrainingContact({ value: contact.data, userId: user.id });
    audit({
      userId: user.id,
      action: "settings.training_contact",
      entityType: "settings",
      details: contact.data,
      ipAddress: context.clientAddress,
    });
    return redirectWithNotice(request, "/admin/settings", "The training team's contact has been updated on every public page.");
  }
  const form = parseForm(formData, supportPanelSchema);
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
  const { panel, contact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const forContact = result?.values && str(result.values, "intent") === "contact";
  const v = (!forContact && result?.values) || panel;
  const c = (forContact && result?.values) || contact;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={result?.errors}
          order={["email", "phone", "heading", "body", "helplineName", "helplineNumber", "quickExitUrl"]}
        />
        <h1 className="govuk-heading-l">Settings</h1>
        <h2 className="govuk-heading-m">Training team contact</h2>
        <p className="govuk-body">
          Shown wherever booking has closed (so people can ask about a place), in the privacy notice, the accessibility statement and the
          calendar feed.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="contact" />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="off"
            defaultValue={str(c, "email")}
            error={forContact ? result?.errors?.email : undefined}
          />
          <TextInput
            name="phone"
            label="Phone number (optional)"
            type="tel"
            widthClass="govuk-input--width-20"
            defaultValue={str(c, "phone")}
            error={forContact ? result?.errors?.phone : undefined}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save the contact
          </button>
        </Form>
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
