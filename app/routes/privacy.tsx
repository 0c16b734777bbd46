import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getTrainingContact } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";
import { useT } from "~/utils/i18n";
import { localTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => localTitle(matches, "privacy.title");

export async function loader() {
  const env = getEnv();
  return { organisationName: env.ORGANISATION_NAME, contactEmail: getTrainingContact().email, serviceName: env.SERVICE_NAME };
}

export default function Privacy() {
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
        <h1 className="govuk-heading-xl">{t("privacy.title")}</h1>
        <p className="govuk-body-l">{t("privacy.lead", { organisation: organisationName })}</p>

        <h2 className="govuk-heading-m">{t("privacy.who.heading")}</h2>
        <p className="govuk-body">{t.rich("privacy.who.body", { organisation: organisationName, service: serviceName, email })}</p>

        <h2 className="govuk-heading-m">{t("privacy.collect.heading")}</h2>
        <p className="govuk-body">{t("privacy.collect.intro")}</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>{t("privacy.collect.name")}</li>
          <li>{t("privacy.collect.organisation")}</li>
          <li>{t("privacy.collect.access")}</li>
        </ul>
        <p className="govuk-body">{t("privacy.collect.attendance")}</p>
        <p className="govuk-body">{t("privacy.collect.manager")}</p>
        <p className="govuk-body">{t("privacy.collect.language")}</p>
        <p className="govuk-body">{t("privacy.collect.noExperience")}</p>

        <h2 className="govuk-heading-m">{t("privacy.why.heading")}</h2>
        <p className="govuk-body">{t("privacy.why.use")}</p>
        <p className="govuk-body">{t("privacy.why.basis")}</p>

        <h2 className="govuk-heading-m">{t("privacy.see.heading")}</h2>
        <p className="govuk-body">{t("privacy.see.staff")}</p>
        <p className="govuk-body">
          {t.rich("privacy.see.certificate", {
            link: (chunks) => (
              <a className="govuk-link" href="/certificates">
                {chunks}
              </a>
            ),
          })}
        </p>

        <h2 className="govuk-heading-m">{t("privacy.keep.heading")}</h2>
        <p className="govuk-body">{t("privacy.keep.body")}</p>

        <h2 className="govuk-heading-m">{t("privacy.rights.heading")}</h2>
        <p className="govuk-body">{t.rich("privacy.rights.body", { email })}</p>
        <p className="govuk-body">{t("privacy.rights.complain")}</p>

        <h2 className="govuk-heading-m">{t("privacy.cookies.heading")}</h2>
        <p className="govuk-body">{t("privacy.cookies.body")}</p>
      </div>
    </div>
  );
}
