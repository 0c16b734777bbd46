/** The error pages: "not found", "no permission", a refused request, and the service failing. */
import { isRouteErrorResponse } from "@remix-run/react";

import { useT, type Locale, type Translate } from "~/utils/i18n";

/** The page's heading for an error, used for its title too. */
export function errorHeading(error: unknown, t: Translate & { locale: Locale }): string {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return t("error.notFound.title");
    if (error.status === 403) return t("error.forbidden.title");
    // A status's own words are English ("Method Not Allowed"): other languages say there is a problem.
    return t.locale === "en" ? error.statusText || t("error.problem.title") : t("error.problem.title");
  }
  return t("error.failed.title");
}

/**
 * What people see when a page cannot be shown. In the staff area (`area="staff"`) "not found" points back to
 * the dashboard rather than the public events list.
 */
export function ErrorPage({ error, area = "public" }: { error: unknown; area?: "public" | "staff" }) {
  const t = useT();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <>
          <h1 className="govuk-heading-l">{t("error.notFound.title")}</h1>
          <p className="govuk-body">{t("error.notFound.typed")}</p>
          <p className="govuk-body">{t("error.notFound.pasted")}</p>
          <p className="govuk-body">
            {area === "staff" ? (
              <a className="govuk-link" href="/admin">
                Go to your dashboard
              </a>
            ) : (
              t.rich("error.notFound.events", {
                link: (chunks) => (
                  <a className="govuk-link" href="/events">
                    {chunks}
                  </a>
                ),
              })
            )}
          </p>
        </>
      );
    }
    if (error.status === 403) {
      return (
        <>
          <h1 className="govuk-heading-l">{t("error.forbidden.title")}</h1>
          <p className="govuk-body">{t("error.forbidden.body")}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/admin">
              {t("error.forbidden.dashboard")}
            </a>
          </p>
        </>
      );
    }
    // What the service said went wrong is in English: marked so on a page in another language.
    return (
      <>
        <h1 className="govuk-heading-l">{errorHeading(error, t)}</h1>
        {typeof error.data === "string" ? (
          <p className="govuk-body" lang={t.locale === "en" ? undefined : "en"}>
            {error.data}
          </p>
        ) : (
          <p className="govuk-body">{t("error.problem.body")}</p>
        )}
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">{t("error.failed.title")}</h1>
      <p className="govuk-body">{t("error.failed.body")}</p>
    </>
  );
}
