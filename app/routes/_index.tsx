import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { SessionCard } from "~/components/sessions";
import { localised, translationsIn } from "~/models/programme-translation.server";
import { listUpcomingSessions } from "~/models/session.server";
import { getEnv } from "~/utils/env.server";
import { useT } from "~/utils/i18n";
import { requestLocale } from "~/utils/locale.server";
import { localTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => localTitle(matches, "home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const locale = requestLocale(request);
  const translations = translationsIn({ locale });
  return {
    sessions: listUpcomingSessions({ limit: 8 }).map((session) => localised(session, locale, translations)),
    organisationName: env.ORGANISATION_NAME,
  };
}

export default function Index() {
  const { sessions, organisationName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">{t("home.title")}</h1>
        <p className="govuk-body-l">{t("home.intro", { organisation: organisationName })}</p>
        <p className="govuk-body">{t("home.howTo")}</p>
        <h2 className="govuk-heading-l">{t("home.upcoming")}</h2>
        {sessions.length ? (
          <ul className="app-card-list" aria-label={t("home.upcoming")}>
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} href={`/events/${session.id}`} />
            ))}
          </ul>
        ) : (
          <p className="govuk-body">{t("home.none")}</p>
        )}
        <p className="govuk-body govuk-!-margin-top-6">
          <Link className="govuk-link" to="/events">
            {t("home.all")}
          </Link>
        </p>
      </div>
    </div>
  );
}
