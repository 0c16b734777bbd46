import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { EMAIL_STATUS_LABELS, EMAIL_STATUS_TAGS } from "~/components/email-status";
import { Select, TextInput } from "~/components/forms";
import { countOutboxByStatus, listOutbox } from "~/models/outbox-admin.server";
import { getTransport } from "~/models/outbox-delivery.server";
import { requireUser } from "~/models/staff-session.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { EMAIL_KINDS, EMAIL_STATUSES } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Email outbox");

const STATUS_LABELS = EMAIL_STATUS_LABELS;
const STATUS_TAGS = EMAIL_STATUS_TAGS;

export async function loader({ request }: LoaderFunctionArgs) {
  const filterSchema = z.object({
    status: z.enum(EMAIL_STATUSES).optional().catch(undefined),
    kind: z
      .enum(Object.keys(EMAIL_KINDS) as [keyof typeof EMAIL_KINDS])
      .optional()
      .catch(undefined),
    q: z.string().trim().max(100).optional().catch(undefined),
  });
  await requireUser(request, { role: "admin" });
  const url = new URL(request.url);
  const filters = filterSchema.parse({
    status: url.searchParams.get("status") || undefined,
    kind: url.searchParams.get("kind") || undefined,
    q: url.searchParams.get("q") || undefined,
  });
  return {
    filters,
    counts: countOutboxByStatus(),
    messages: listOutbox({ status: filters.status, kind: filters.kind, search: filters.q }),
    kinds: EMAIL_KINDS,
    smtp: getTransport() !== null,
  };
}

export default function Outbox() {
  const { filters, counts, messages, kinds, smtp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Email outbox</h1>
      <p className="govuk-body">
        {smtp
          ? "Messages are sent through the configured mail server. Failed attempts are retried with increasing gaps; after the last, they are marked failed and can be sent again from here."
          : "No mail server is configured (SMTP_URL), so messages are kept here instead of being sent. Each shows exactly what the recipient would see."}
      </p>
      <ul className="govuk-list" data-testid="outbox-counts">
        {EMAIL_STATUS_ORDER.map((s) =>
          counts[s] ? (
            <li key={s} className="app-inline-item">
              <Link className="govuk-link" to={`?status=${s}`}>
                {STATUS_LABELS[s]}: {counts[s]}
              </Link>
            </li>
          ) : null,
        )}
      </ul>
      <Form method="get" className="govuk-!-margin-bottom-6" aria-label="Filter messages">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="Status"
              defaultValue={filters.status ?? ""}
              options={[{ value: "", label: "Any" }, ...EMAIL_STATUS_ORDER.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="kind"
              label="Kind"
              defaultValue={filters.kind ?? ""}
              options={[{ value: "", label: "Any" }, ...Object.entries(kinds).map(([k, label]) => ({ value: k, label }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="q" label="Recipient or subject" defaultValue={filters.q ?? ""} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Filter
        </button>
      </Form>
      {messages.length ? (
        <table className="govuk-table" data-testid="outbox-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Messages, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Written
              </th>
              <th scope="col" className="govuk-table__header">
                To
              </th>
              <th scope="col" className="govuk-table__header">
                Subject
              </th>
              <th scope="col" className="govuk-table__header">
                Kind
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {messages.map((m) => (
              <tr key={m.id} className="govuk-table__row">
                <td className="govuk-table__cell app-nowrap">{formatDateTime(new Date(m.createdAt))}</td>
                <td className="govuk-table__cell">{m.toAddress}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/outbox/${m.id}`}>
                    {m.subject}
                  </Link>
                  {m.icsMethod ? <span className="govuk-body-s app-meta"> (invite: {m.icsMethod})</span> : null}
                </td>
                <td className="govuk-table__cell">{kinds[m.kind as keyof typeof kinds] ?? m.kind}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${STATUS_TAGS[m.status]}`}>{STATUS_LABELS[m.status]}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No messages match.</p>
      )}
    </>
  );
}

const EMAIL_STATUS_ORDER = ["queued", "sending", "sent", "failed", "held"] as const;
