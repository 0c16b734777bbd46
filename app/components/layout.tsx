import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

import { LOCALE_CODES, LOCALES, useT, type Locale } from "~/utils/i18n";
import type { NavItem } from "~/utils/navigation";
import { DEFAULT_SUPPORT_PANEL } from "~/utils/support-panel";

import { ROLE_LABELS, type Role } from "../../domain/vocabulary";

function Logo() {
  // A simple shield: our own mark, not the crown.
  return (
    <svg className="app-header__logo" width="28" height="32" viewBox="0 0 28 32" aria-hidden="true" focusable="false">
      <path d="M14 1 2 5.5v8.6C2 22 7.3 28.6 14 31c6.7-2.4 12-9 12-16.9V5.5L14 1Z" fill="#f3b71a" />
      <path d="M14 6.5 7 9.2v5.1c0 4.8 3 8.9 7 10.6 4-1.7 7-5.8 7-10.6V9.2l-7-2.7Z" fill="#1d4f7a" />
    </svg>
  );
}

export function Header({ serviceName, user }: { serviceName: string; user: { name: string; role: Role } | null }) {
  // The service's name is set in English (SERVICE_NAME).
  const english = useT().locale === "en" ? undefined : "en";
  return (
    <header className="app-header" role="banner">
      <div className="govuk-width-container app-header__container">
        <Link to={user ? "/admin" : "/"} className="app-header__brand">
          <Logo />
          <span lang={english}>{serviceName}</span>
        </Link>
        {user ? (
          <div className="app-header__account">
            <span>
              {user.name} <span className="govuk-visually-hidden">signed in as</span>({ROLE_LABELS[user.role]})
            </span>
            <Form method="post" action="/sign-out" className="app-inline-form">
              <button type="submit" className="app-header__signout">
                Sign out
              </button>
            </Form>
          </div>
        ) : null}
      </div>
    </header>
  );
}

export function ServiceNavigation({ items, label }: { items: NavItem[]; label: string }) {
  const { pathname } = useLocation();
  if (!items.length) return null;
  const isActive = (item: NavItem) => pathname === item.to || (!item.end && pathname.startsWith(`${item.to}/`));
  return (
    <section aria-label={label} className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <nav aria-label={label} className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list">
              {items.map((item) => {
                const active = isActive(item);
                return (
                  <li key={item.to} className={`govuk-service-navigation__item ${active ? "govuk-service-navigation__item--active" : ""}`}>
                    <Link className="govuk-service-navigation__link" to={item.to} aria-current={active ? "page" : undefined}>
                      {active ? <strong className="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
      </div>
    </section>
  );
}

export function PhaseBanner({ contactEmail }: { contactEmail: string }) {
  const t = useT();
  return (
    <aside className="govuk-width-container" aria-label={t("layout.phase.label")}>
      <div className="govuk-phase-banner">
        <p className="govuk-phase-banner__content">
          <strong className="govuk-tag govuk-phase-banner__content__tag">{t("layout.phase.tag")}</strong>
          <span className="govuk-phase-banner__text">
            {t.rich("layout.phase.text", {
              link: (chunks) => (
                <a className="govuk-link" href={`mailto:${contactEmail}?subject=${encodeURIComponent(t("layout.phase.subject"))}`}>
                  {chunks}
                </a>
              ),
            })}
          </span>
        </p>
      </div>
    </aside>
  );
}

/**
 * The public pages' languages, each a button of one form: it works without JavaScript, and the choice is kept
 * (a cookie) for every page after. Each name is written in its own language, and marked so.
 */
export function LanguageSwitcher({ current, redirectTo }: { current: Locale; redirectTo: string }) {
  const t = useT();
  return (
    <nav className="app-language-select" aria-label={t("layout.language.label")}>
      <form method="post" action="/language" className="app-language-select__form">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <ul className="app-language-select__list">
          {LOCALE_CODES.map((code) => (
            <li key={code} className="app-language-select__item">
              {code === current ? (
                <span aria-current="true" lang={code} className="app-language-select__current">
                  {LOCALES[code].name}
                </span>
              ) : (
                <button type="submit" name="lang" value={code} className="app-language-select__button" data-testid={`lang-${code}`}>
                  <span className="govuk-visually-hidden">{`${t("layout.language.switchTo")} `}</span>
                  <span lang={code}>{LOCALES[code].name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      </form>
    </nav>
  );
}

export function Footer({ organisationName }: { organisationName: string }) {
  const t = useT();
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">{t("layout.footer.heading")}</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/accessibility">
                  {t("layout.footer.accessibility")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/privacy">
                  {t("layout.footer.privacy")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/events">
                  {t("layout.footer.events")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/sign-in" lang={t.locale === "en" ? undefined : "en"}>
                  Staff sign in
                </Link>
              </li>
            </ul>
            <p className="govuk-body-s govuk-!-margin-bottom-0">© {organisationName}</p>
          </div>
        </div>
      </div>
    </footer>
  );
}

/**
 * "Leave this site": a link that works without JavaScript; with it, the page is replaced in history so the
 * Back button does not return here.
 */
export function QuickExit({ href }: { href: string }) {
  const t = useT();
  return (
    <aside className="app-quick-exit" aria-label={t("layout.quickExit.label")}>
      <a
        href={href}
        className="govuk-button govuk-button--warning"
        rel="nofollow noreferrer"
        data-testid="quick-exit"
        onClick={(event) => {
          event.preventDefault();
          window.location.replace(href);
        }}
      >
        {t("layout.quickExit.button")}
      </a>
    </aside>
  );
}

export function SupportPanel({
  heading,
  body,
  helplineName,
  helplineNumber,
}: {
  heading: string;
  body: string;
  helplineName: string;
  helplineNumber: string;
}) {
  const t = useT();
  // The panel's words are set by an administrator in English; the standard ones are in every catalogue.
  const standard = heading === DEFAULT_SUPPORT_PANEL.heading && body === DEFAULT_SUPPORT_PANEL.body;
  const standardHelpline = helplineName === DEFAULT_SUPPORT_PANEL.helplineName;
  const english = t.locale === "en" ? undefined : "en";
  return (
    <aside className="app-support-panel" aria-labelledby="support-panel-heading" data-testid="support-panel">
      <h2 className="govuk-heading-s" id="support-panel-heading" lang={standard ? undefined : english}>
        {standard ? t("support.heading") : heading}
      </h2>
      <p className="govuk-body" lang={standard ? undefined : english}>
        {standard ? t("support.body") : body}
      </p>
      <p className="govuk-body">
        {t.rich("support.call", {
          helpline: standardHelpline ? t("support.helpline") : <span lang={english}>{helplineName}</span>,
          number: (
            <a className="govuk-link" href={`tel:${helplineNumber.replace(/\s+/g, "")}`}>
              {helplineNumber}
            </a>
          ),
          emergency: (
            <a className="govuk-link" href="tel:999">
              999
            </a>
          ),
        })}
      </p>
    </aside>
  );
}

export function PageHeading({ caption, children }: { caption?: ReactNode; children: ReactNode }) {
  return (
    <>
      {caption ? <span className="govuk-caption-l">{caption}</span> : null}
      <h1 className="govuk-heading-l">{children}</h1>
    </>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  // Staff pages only: they are in English.
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}
