import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { usePolling } from "~/components/polling";
import { checkedInCount, checkInIsOpen, checkInOpensAt, currentCheckIn } from "~/models/check-in.server";
import { getSessionForAdmin } from "~/models/session.server";
import { requireUser } from "~/models/staff-session.server";
import { clock } from "~/utils/clock.server";
import { formatDate, formatTime, formatTimeRange } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { qrSvg } from "~/utils/qr.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Check-in screen");

/** As the register: whoever may take the register may show the check-in code. */
const ROLES = ["organiser", "facilitator"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: ROLES });
  const sessionId = idParam(params, "sessionId");
  const { session, programme } = getSessionForAdmin({ sessionId });
  const now = clock();
  const open = checkInIsOpen(session, now);
  const current = open ? currentCheckIn({ session, now }) : null;
  return {
    session: { id: session.id, startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
    programmeTitle: programme.title,
    opensAt: checkInOpensAt(session),
    closed: session.status !== "scheduled" || now >= session.endsAt,
    check: current ? { url: current.url, typedCode: current.typedCode, svg: await qrSvg(current.url) } : null,
    counts: checkedInCount({ sessionId }),
  };
}

export default function CheckInScreen() {
  const { session, programmeTitle, opensAt, closed, check, counts } = useLoaderData<typeof loader>();
  // The code changes every minute; the count as people check in.
  usePolling(10_000, !closed);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink to={`/admin/sessions/${session.id}/register`}>Attendance register</BackLink>
        {/* Without JavaScript the page reloads itself, so the code on the screen is never more than half a minute old. */}
        {!closed ? (
          <noscript>
            <meta httpEquiv="refresh" content="30" />
          </noscript>
        ) : null}
        <div className="app-qr">
          <span className="govuk-caption-l">{programmeTitle}</span>
          <h1 className="govuk-heading-xl">Check in</h1>
          <p className="govuk-body-l">{formatTimeRange(new Date(session.startsAt), new Date(session.endsAt))}</p>
          {check ? (
            <>
              <p className="govuk-body-l">Scan the code with your phone&apos;s camera and confirm the email address you booked with.</p>
              <div
                role="img"
                aria-label="QR code for checking in to this session"
                className="app-qr__code"
                dangerouslySetInnerHTML={{ __html: check.svg }}
                data-testid="check-in-qr"
              />
              <p className="govuk-body-l">
                Or open your booking from your confirmation email and enter the code{" "}
                <strong className="app-typed-code" data-testid="typed-code">
                  {check.typedCode}
                </strong>
              </p>
              <p className="govuk-body">The codes change every minute. Not booked? Scan the QR code to register as a walk-in.</p>
              <p className="govuk-body app-break-all app-no-print">
                <a className="govuk-link" href={check.url} data-testid="check-in-url">
                  Open the check-in page on this device
                </a>
              </p>
            </>
          ) : closed ? (
            <p className="govuk-body-l">Check-in for this session has closed.</p>
          ) : (
            <p className="govuk-body-l">
              Check-in opens at {formatTime(new Date(opensAt))} on {formatDate(new Date(opensAt))}, 30 minutes before the start.
            </p>
          )}
          <p className="govuk-heading-m" role="status" data-testid="check-in-count">
            {counts.attended} of {counts.confirmed} checked in
          </p>
        </div>
      </div>
    </div>
  );
}
