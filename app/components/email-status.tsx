/** An email's fate in words and colour, for the outbox and each session's bookings (issue 15). */
import { Form, Link } from "@remix-run/react";

import type { PersonEmail } from "~/models/outbox-admin.server";
import { formatDateTime } from "~/utils/dates";

import type { EmailStatus } from "../../domain/vocabulary";

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  held: "Kept (no mail server)",
};

export const EMAIL_STATUS_TAGS: Record<EmailStatus, string> = {
  queued: "govuk-tag--blue",
  sending: "govuk-tag--blue",
  sent: "govuk-tag--green",
  failed: "govuk-tag--red",
  held: "govuk-tag--grey",
};

export function EmailStatusTag({ status }: { status: EmailStatus }) {
  return <strong className={`govuk-tag ${EMAIL_STATUS_TAGS[status]}`}>{EMAIL_STATUS_LABELS[status]}</strong>;
}

/**
 * The emails about one person's booking, in a disclosure beside their name: each with its fate, a link to the
 * message, and, where it failed, the error and a button to send it again.
 */
export function PersonEmails({
  sessionId,
  name,
  emails,
  cancelled = false,
}: {
  sessionId: number;
  name: string;
  emails: PersonEmail[] | undefined;
  /** Their booking was cancelled: only the news of that may still be sent again. */
  cancelled?: boolean;
}) {
  if (!emails?.length) return <span className="govuk-body-s app-meta">No emails</span>;
  const failed = emails.filter((e) => e.status === "failed").length;
  return (
    <details className="govuk-details govuk-!-margin-bottom-0 app-person-emails" data-testid="person-emails">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          {emails.length} {emails.length === 1 ? "email" : "emails"}
          <span className="govuk-visually-hidden"> about {name}&apos;s booking</span>
        </span>
        {failed ? (
          <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1" data-testid="emails-failed">
            {failed} failed
          </strong>
        ) : null}
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list govuk-body-s">
          {emails.map((e) => (
            <li key={e.id} data-testid="person-email" data-status={e.status}>
              <Link className="govuk-link" to={`/admin/sessions/${sessionId}/emails/${e.id}`}>
                {e.kindLabel}
              </Link>
              {e.toManager ? " (to their line manager)" : ""}: <EmailStatusTag status={e.status} />{" "}
              {e.sentAt ? formatDateTime(new Date(e.sentAt)) : formatDateTime(new Date(e.createdAt))}
              {e.status === "failed" && e.lastError ? (
                <>
                  <br />
                  <span className="app-meta">{e.lastError}</span>
                </>
              ) : null}
              {e.status === "failed" || e.status === "held" ? <br /> : null}
              {(e.status === "failed" || e.status === "held") && (!cancelled || e.kind.endsWith("_cancelled")) ? (
                <Form method="post" action={`/admin/sessions/${sessionId}/emails/${e.id}`} className="app-inline-form">
                  <button type="submit" name="intent" value="retry" className="app-button-link">
                    Send again
                    <span className="govuk-visually-hidden">
                      : {e.kindLabel} to {name}
                    </span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
