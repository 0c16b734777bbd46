import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/components/layout";
import { getOutboxMessage, retryOutboxMessage } from "~/models/outbox-admin.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatDateTime } from "~/utils/dates";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { EMAIL_KINDS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Email");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const m = getOutboxMessage({ id: idParam(params, "messageId") });
  return { ...m, kindLabel: EMAIL_KINDS[m.kind as keyof typeof EMAIL_KINDS] ?? m.kind };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const id = idParam(params, "messageId");
  retryOutboxMessage({ id, userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(request, `/admin/outbox/${id}`, "The message is back in the queue and will be sent within a minute.");
}

export default function OutboxMessage() {
  const m = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/admin/outbox">Email outbox</BackLink>
      <span className="govuk-caption-l">{m.kindLabel}</span>
      <h1 className="govuk-heading-l">{m.subject}</h1>
      <dl className="govuk-summary-list">
        {[
          ["To", `${m.toName ?? ""} <${m.toAddress}>`],
          ["Status", m.status],
          ["Written", formatDateTime(new Date(m.createdAt))],
          ["Sent", m.sentAt ? formatDateTime(new Date(m.sentAt)) : "Not yet"],
          ["Attempts", String(m.attempts)],
          ["Unique key", m.dedupeKey],
          ...(m.lastError ? [["Last error", m.lastError]] : []),
          ...(m.icsMethod ? [["Calendar invite", `METHOD:${m.icsMethod}`]] : []),
        ].map(([k, v]) => (
          <div key={k} className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {m.status === "failed" || m.status === "held" ? (
        <Form method="post">
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Send again
          </button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">As the recipient sees it</h2>
      <p className="govuk-body">
        <a className="govuk-link" href={`/admin/outbox/${m.id}/html`} target="_blank" rel="noopener">
          Open the email as the recipient sees it (opens in a new tab)
        </a>
      </p>
      <h2 className="govuk-heading-m">Plain text part</h2>
      <pre className="govuk-body-s app-raw-part" data-testid="text-part">
        {m.textBody}
      </pre>
      {m.icsContent ? (
        <>
          <h2 className="govuk-heading-m">Calendar file</h2>
          <pre className="govuk-body-s app-raw-part" data-testid="ics-part">
            {m.icsContent}
          </pre>
        </>
      ) : null}
    </>
  );
}
