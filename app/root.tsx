import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { RawIntlProvider } from "react-intl";

import { ErrorPage, errorHeading } from "~/components/error-page";
import { Footer, Header, LanguageSwitcher, PhaseBanner, QuickExit, ServiceNavigation, SupportPanel } from "~/components/layout";
import { getSupportPanel, getTrainingContact } from "~/models/settings.server";
import { getUser, mustUseTwoStep, takeNotice } from "~/models/staff-session.server";
import styles from "~/styles/generated/app.css";
import { getEnv } from "~/utils/env.server";
import { DEFAULT_LOCALE, intlFor, localTranslator, LOCALE_CODES, useT, type Locale } from "~/utils/i18n";
import { languageCookie, localeInUrl, preferredLocale, requestLocale } from "~/utils/locale.server";
import { isStaffPath, publicNavigation, staffNavigation } from "~/utils/navigation";
import { useNonce } from "~/utils/nonce";
import { DEFAULT_SUPPORT_PANEL, type SupportPanel as SupportPanelSettings } from "~/utils/support-panel";

import type { Role } from "../domain/vocabulary";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const user = await getUser(request);
  const { notice, setCookie } = user ? await takeNotice(request) : { notice: null, setCookie: null };
  const url = new URL(request.url);
  const locale = requestLocale(request);
  // A link in the visitor's language (from their email, or a search engine's hreflang) is remembered, so the
  // pages it leads to stay in that language.
  const chosen = !isStaffPath(url.pathname) && request.method === "GET" ? localeInUrl(url) : null;
  const rememberLanguage =
    chosen && preferredLocale({ cookie: request.headers.get("Cookie"), acceptLanguage: request.headers.get("Accept-Language") }) !== chosen
      ? languageCookie(chosen, { secure: env.APP_MODE === "live" })
      : null;
  const cookies = [setCookie, rememberLanguage].filter((c): c is string => Boolean(c));
  return data(
    {
      user: user ? { name: user.name, role: user.role } : null,
      // Until they set up two-step verification, the staff menu's pages all lead back to the set-up page.
      settingUpTwoStep: Boolean(user && !user.twoStep && !user.viaSso && mustUseTwoStep(user.role)),
      notice,
      locale,
      // The same page in each language, for search engines and for anyone sharing a link (hreflang).
      alternates: isStaffPath(url.pathname) ? [] : alternates(env.PUBLIC_URL, url),
      serviceName: env.SERVICE_NAME,
      organisationName: env.ORGANISATION_NAME,
      contactEmail: getTrainingContact().email,
      support: getSupportPanel(),
    },
    cookies.length ? { headers: cookies.map((c): [string, string] => ["Set-Cookie", c]) } : undefined,
  );
}

/** Each language's address for this page: `?lang=` added to what the visitor asked for. */
function alternates(publicUrl: string, url: URL) {
  const at = (lang: Locale | null) => {
    const search = new URLSearchParams(url.search);
    search.delete("lang");
    if (lang) search.set("lang", lang);
    const query = search.toString();
    return `${publicUrl}${url.pathname}${query ? `?${query}` : ""}`;
  };
  return [...LOCALE_CODES.map((lang) => ({ lang: lang as string, href: at(lang) })), { lang: "x-default", href: at(null) }];
}

type RootData = {
  user: { name: string; role: Role } | null;
  settingUpTwoStep: boolean;
  notice: string | null;
  locale: Locale;
  alternates: Array<{ lang: string; href: string }>;
  serviceName: string;
  organisationName: string;
  contactEmail: string;
  support: SupportPanelSettings;
};

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const service = data?.serviceName ?? "Training and Events";
  if (error) return [{ title: `${errorHeading(error, localTranslator(data?.locale ?? DEFAULT_LOCALE))} – ${service}` }];
  return [{ title: service }];
};

/** Public pages carry the support panel and quick exit; staff pages and sign-in do not need them. */
function isPublicPath(pathname: string) {
  return !isStaffPath(pathname);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const { pathname } = useLocation();
  const publicPage = isPublicPath(pathname);
  const inStaffArea = Boolean(data?.user) && pathname.startsWith("/admin");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d4f7a" />
        <meta name="referrer" content="same-origin" />
        <Meta />
        <Links />
        {(data?.alternates ?? []).map(({ lang, href }) => (
          <link key={lang} rel="alternate" hrefLang={lang} href={href} />
        ))}
      </head>
      <body className="govuk-template__body">
        <RawIntlProvider value={intlFor(locale)}>
          <Page publicPage={publicPage} inStaffArea={inStaffArea} nonce={nonce}>
            {children}
          </Page>
        </RawIntlProvider>
      </body>
    </html>
  );
}

function Page({
  children,
  publicPage,
  inStaffArea,
  nonce,
}: {
  children: ReactNode;
  publicPage: boolean;
  inStaffArea: boolean;
  nonce: string | undefined;
}) {
  const data = useRouteLoaderData<RootData>("root");
  const t = useT();
  const { pathname, search } = useLocation();
  const support = data?.support ?? DEFAULT_SUPPORT_PANEL;
  const user = data?.user ?? null;
  return (
    <>
      <script
        nonce={nonce}
        // GOV.UK Frontend styles some components differently once it knows JavaScript is running.
        dangerouslySetInnerHTML={{
          __html:
            "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
        }}
      />
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        {t("layout.skipLink")}
      </a>
      {publicPage ? <QuickExit href={support.quickExitUrl} /> : null}
      <Header serviceName={data?.serviceName ?? "Training and Events"} user={user} />
      {inStaffArea && user ? (
        <ServiceNavigation items={data?.settingUpTwoStep ? [] : staffNavigation(user.role)} label="Staff menu" />
      ) : (
        <ServiceNavigation items={publicNavigation(t)} label={t("layout.menu")} />
      )}
      <PhaseBanner contactEmail={data?.contactEmail ?? "training@safercity.example"} />
      <div className="govuk-width-container">
        {publicPage ? <LanguageSwitcher current={t.locale} redirectTo={`${pathname}${search}`} /> : null}
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {inStaffArea && data?.notice ? <SuccessBanner message={data.notice} /> : null}
          {children}
        </main>
        {publicPage ? <SupportPanel {...support} /> : null}
      </div>
      <Footer organisationName={data?.organisationName ?? "Safer City Partnership"} />
      <ScrollRestoration nonce={nonce} />
      <Scripts nonce={nonce} />
    </>
  );
}

function SuccessBanner({ message }: { message: string }) {
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="notice-title"
      data-testid="notice"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message}</p>
      </div>
    </div>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}
