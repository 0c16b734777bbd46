/**
 * The whole page sent when a request is refused before it reaches the app (a form too large, a body that cannot
 * be read, a post from another site): the service's look, no script, rendered once per refusal by
 * renderRefusal in app/service.server.ts. Links are plain anchors, as there is no router to follow them.
 */
import type { Locale, Translate } from "~/utils/i18n";

export type Refusal = {
  status: number;
  title: string;
  message: string;
  words?: { title: string; message: string; values?: Record<string, string> };
};

export function RefusalPage({
  refusal,
  serviceName,
  stylesheet,
  locale,
  t,
}: {
  /** Its title and message already in the page's language. */
  refusal: Refusal;
  serviceName: string;
  stylesheet: string;
  locale: Locale;
  t: Translate;
}) {
  return (
    <html lang={locale} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>{`${refusal.title} – ${serviceName}`}</title>
        <link rel="stylesheet" href={stylesheet} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          {t("layout.skipLink")}
        </a>
        <header className="app-header" role="banner">
          <div className="govuk-width-container app-header__container">
            <a href="/" className="app-header__brand">
              <span lang={locale === "en" ? undefined : "en"}>{serviceName}</span>
            </a>
          </div>
        </header>
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
            <h1 className="govuk-heading-l">{refusal.title}</h1>
            <p className="govuk-body">{refusal.message}</p>
            <p className="govuk-body">
              {t("refusal.nothingSaved.before")}{" "}
              <a className="govuk-link" href="/events">
                {t("refusal.nothingSaved.link")}
              </a>{" "}
              {t("refusal.nothingSaved.after")}
            </p>
          </main>
        </div>
      </body>
    </html>
  );
}
