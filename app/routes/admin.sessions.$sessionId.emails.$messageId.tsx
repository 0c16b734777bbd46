import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { EmailStatusTag } from "~/components/email-status";
import { BackLink } from "~/components/layout";
import { getSessionMessage, retryOutboxMessage } from "~/models/outbox-admin.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatDateTime } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { EMAIL_KINDS, type EmailKind } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Email");

/** A message about a booking of this session, as the session's organisers may see it (issue 15). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const m = getSessionMessage({ sessionId, id: idParam(params, "messageId") });
  return {
    sessionId,
    bookingId: m.bookingId,
    kindLabel: EMAIL_KINDS[m.kind as EmailKind] ?? m.kind,
    subject: m.subject,
    to: m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress,
    status: m.status,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    attempts: m.attempts,
    lastError: m.lastError,
    invite: m.icsMethod,
    text: m.textBody,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const m = getSessionMessage({ sessionId, id: idParam(params, "messageId") });
  retryOutboxMessage({ id: m.id, userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(
    request,
    `/admin/sessions/${sessionId}#b-${m.bookingId}`,
    "The email is back in the queue and will be sent within a minute.",
  );
}

export default function SessionMessage() {
  const m = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/admin/sessions/${m.sessionId}#b-${m.bookingId}`}>Back to the session</BackLink>
      <span className="govuk-caption-l">{m.kindLabel}</span>
      <h1 className="govuk-heading-l">{m.subject}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">To</dt>
          <dd className="govuk-summary-list__value">{m.to}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="email-status">
            <EmailStatusTag status={m.status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Written</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(new Date(m.createdAt))}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Sent</dt>
          <dd className="govuk-summary-list__value">{m.sentAt ? formatDateTime(new Date(m.sentAt)) : "Not yet"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Attempts</dt>
          <dd className="govuk-summary-list__value">{m.attempts}</dd>
        </div>
        {m.lastError ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">What went wrong</dt>
            <dd className="govuk-summary-list__value">{m.lastError}</dd>
          </div>
        ) : null}
        {m.invite ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Calendar invite</dt>
            <dd className="govuk-summary-list__value">{m.invite === "CANCEL" ? "Withdraws the invite" : "Adds or updates the invite"}</dd>
          </div>
        ) : null}
      </dl>
      {m.status === "failed" || m.status === "held" ? (
        <Form method="post">
          <button type="submit" name="intent" value="retry" className="govuk-button" data-module="govuk-button">
            Send again
          </button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">What it says</h2>
      <pre className="govuk-body-s app-raw-part" data-testid="email-text">
        {m.text}
      </pre>
    </>
  );
}
