import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getTrainingContact } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";
import { useT } from "~/utils/i18n";
import { localTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => localTitle(matches, "a11y.title");

export async function loader() {
  const env = getEnv();
  return { organisationName: env.ORGANISATION_NAME, contactEmail: getTrainingContact().email, serviceName: env.SERVICE_NAME };
}

export default function Accessibility() {
  const { organisationName, contactEmail, serviceName } = useLoaderData<typeof loader>();
  const t = useT();
  const email = (
    <a className="govuk-link" href={`mailto:${contactEmail}`}>
      {contactEmail}
    </a>
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{t("a11y.title")}</h1>
        <p className="govuk-body-l">{t("a11y.lead", { service: serviceName, organisation: organisationName })}</p>
        <p className="govuk-body">{t("a11y.intro")}</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>{t("a11y.colours")}</li>
          <li>{t("a11y.zoom")}</li>
          <li>{t("a11y.keyboard")}</li>
          <li>{t("a11y.speech")}</li>
          <li>{t("a11y.screenReader")}</li>
          <li>{t("a11y.noJs")}</li>
          <li>{t("a11y.languages")}</li>
        </ul>
        <p className="govuk-body">{t("a11y.simple")}</p>

        <h2 className="govuk-heading-m">{t("a11y.contact.heading")}</h2>
        <p className="govuk-body">{t.rich("a11y.contact.body", { email })}</p>

        <h2 className="govuk-heading-m">{t("a11y.report.heading")}</h2>
        <p className="govuk-body">{t.rich("a11y.report.body", { email })}</p>

        <h2 className="govuk-heading-m">{t("a11y.enforcement.heading")}</h2>
        <p className="govuk-body">{t("a11y.enforcement.body")}</p>

        <h2 className="govuk-heading-m">{t("a11y.technical.heading")}</h2>
        <p className="govuk-body">{t("a11y.technical.body", { organisation: organisationName })}</p>

        <h2 className="govuk-heading-m">{t("a11y.tested.heading")}</h2>
        <p className="govuk-body">{t("a11y.tested.body")}</p>

        <h2 className="govuk-heading-m">{t("a11y.improve.heading")}</h2>
        <p className="govuk-body">{t("a11y.improve.body")}</p>
        <p className="govuk-body">{t("a11y.prepared")}</p>
      </div>
    </div>
  );
}
