import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { RawIntlProvider } from "react-intl";
import { z } from "zod";

import { ErrorSummary, TextInput } from "~/components/forms";
import { checkCertificate } from "~/models/certificate.server";
import { BOOKING_RETENTION_MONTHS } from "~/models/retention.server";
import { clock } from "~/utils/clock.server";
import { intlFor, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "Check a certificate of attendance"),
  { name: "robots", content: "noindex, nofollow" },
];

// A genuine certificate's page shows the person's name: no shared cache keeps it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const MESSAGES = {
  empty: "Enter the verification code printed on the certificate",
  malformed: "Enter the code as it is printed on the certificate: 12 letters and numbers, like 7KQ2-M9XD-4HTB",
  unknown: "No certificate matches this code. Check it against the certificate and try again",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const query = z.object({ code: z.string().optional() });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const typed = (parsed.success ? (parsed.data.code ?? null) : null)?.trim() ?? null;
  // Nothing asked yet: the empty form.
  const keptYears = BOOKING_RETENTION_MONTHS / 12;
  if (typed === null) return { typed: "", result: null, error: null, keptYears };
  const kept = typed.slice(0, 64);
  // Every answer is the page, found (200), as a search's "no results" is: the message says what happened.
  if (!typed) return { typed: "", result: null, error: MESSAGES.empty, keptYears };
  const check = checkCertificate({ typed, now: clock() });
  if (check.outcome === "malformed") return { typed: kept, result: null, error: MESSAGES.malformed, keptYears };
  if (check.outcome === "unknown") return { typed: check.code, result: null, error: MESSAGES.unknown, keptYears };
  return { typed: check.code, result: check, error: null, keptYears };
}

export default function CheckCertificate() {
  const { typed, result, error, keptYears } = useLoaderData<typeof loader>();
  // For employers checking a certificate, which is printed in English: the page is too (ADR 028), marked so, its
  // error messages included.
  const english = useT().locale === "en" ? undefined : "en";
  return (
    <RawIntlProvider value={intlFor("en")}>
      <div className="govuk-grid-row" lang={english}>
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={error ? { code: error } : null} />
          {result ? (
            <>
              <div className="govuk-panel govuk-panel--confirmation">
                <h1 className="govuk-panel__title">This certificate is genuine</h1>
                <div className="govuk-panel__body">Code {result.code}</div>
              </div>
              <dl className="govuk-summary-list" data-testid="certificate">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Name</dt>
                  <dd className="govuk-summary-list__value">{result.name}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Attended</dt>
                  <dd className="govuk-summary-list__value">{result.programmeTitle}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">On</dt>
                  <dd className="govuk-summary-list__value">{result.date}</dd>
                </div>
              </dl>
              <p className="govuk-body">
                Check that the name, training and date match the certificate you were shown. This page says nothing else about the person.
              </p>
              <h2 className="govuk-heading-m">Check another certificate</h2>
            </>
          ) : (
            <>
              <h1 className="govuk-heading-l">Check a certificate of attendance</h1>
              <p className="govuk-body">
                Every certificate of attendance for our training has a verification code at the bottom. Enter it to see who attended what,
                and when.
              </p>
            </>
          )}
          <Form method="get" noValidate>
            <TextInput
              // Made again for each answer, so the field shows the code as it was read, with or without the page's script.
              key={`${typed}|${error ?? ""}|${result ? "ok" : ""}`}
              name="code"
              label="Verification code"
              hint="For example, 7KQ2-M9XD-4HTB"
              widthClass="govuk-input--width-20"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              defaultValue={result ? "" : typed}
              error={error ?? undefined}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Check certificate
            </button>
          </Form>
          {error === MESSAGES.unknown ? (
            <p className="govuk-body">
              If the code is right, the certificate was not issued by this service, or the attendance was later corrected, or its record has
              been removed ({keptYears} years after the session, as our privacy notice says).
            </p>
          ) : null}
        </div>
      </div>
    </RawIntlProvider>
  );
}
