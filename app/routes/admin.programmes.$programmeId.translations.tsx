import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, Textarea, TextInput } from "~/components/forms";
import { BackLink } from "~/components/layout";
import {
  TRANSLATED_LOCALES,
  translationFormValues,
  translationsSchema,
  updateProgrammeTranslations,
} from "~/models/programme-translation.server";
import { getProgramme } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { LOCALES } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Translations");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  const p = getProgramme({ programmeId });
  return {
    id: p.id,
    english: { title: p.title, publicTitle: p.sensitive ? p.publicTitle : null, summary: p.summary, aims: p.aims },
    languages: TRANSLATED_LOCALES.map((code) => ({ code, name: LOCALES[code].name })),
    values: translationFormValues({ programmeId }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  getProgramme({ programmeId });
  const form = parseForm(await request.formData(), translationsSchema());
  if (!form.ok) return invalid(form.errors, form.values);
  updateProgrammeTranslations({ programmeId, data: form.data, userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(request, `/admin/programmes/${programmeId}`, "Translations saved.");
}

/**
 * The programme's public words in each language but English (ADR 028). Anything left empty is shown in English
 * on that language's pages, marked as English.
 */
export default function ProgrammeTranslations() {
  const { id, english, languages, values: stored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? stored;
  const errors = result?.errors;
  const order = languages.flatMap(({ code }) => ["title", "publicTitle", "summary", "aims"].map((f) => `${code}.${f}`));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/programmes/${id}`}>Back to the programme</BackLink>
        <ErrorSummary errors={errors} order={order} />
        <span className="govuk-caption-l">{english.title}</span>
        <h1 className="govuk-heading-l">Translations</h1>
        <p className="govuk-body">
          People who choose Spanish or Portuguese on the public pages see these words instead of the English. Leave a box empty to show the
          English there (it is marked as English for screen readers). The description, who it is for and notes for attendees are shown in
          English.
        </p>
        <div className="govuk-inset-text">
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{english.title}</p>
          {english.publicTitle ? <p className="govuk-body govuk-!-margin-bottom-1">Public title: {english.publicTitle}</p> : null}
          <p className="govuk-body govuk-!-margin-bottom-1">{english.summary}</p>
          {english.aims.length ? (
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
              {english.aims.map((aim) => (
                <li key={aim}>{aim}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <Form method="post" noValidate>
          {languages.map(({ code, name }) => (
            <fieldset key={code} className="govuk-fieldset govuk-!-margin-bottom-6" lang={code}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 className="govuk-fieldset__heading">{name}</h2>
              </legend>
              <TextInput
                name={`${code}.title`}
                label="Title"
                defaultValue={str(values, `${code}.title`)}
                error={errors?.[`${code}.title`]}
              />
              {english.publicTitle ? (
                <TextInput
                  name={`${code}.publicTitle`}
                  label="Public title"
                  hint="The neutral title shown in calendars and email subjects, for this sensitive programme."
                  defaultValue={str(values, `${code}.publicTitle`)}
                  error={errors?.[`${code}.publicTitle`]}
                />
              ) : null}
              <Textarea
                name={`${code}.summary`}
                label="Summary"
                rows={2}
                defaultValue={str(values, `${code}.summary`)}
                error={errors?.[`${code}.summary`]}
              />
              <Textarea
                name={`${code}.aims`}
                label="Aims"
                hint="One per line."
                rows={4}
                defaultValue={str(values, `${code}.aims`)}
                error={errors?.[`${code}.aims`]}
              />
            </fieldset>
          ))}
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save translations
          </button>
        </Form>
      </div>
    </div>
  );
}
