import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";

import { Checkbox, ErrorSummary, TextInput } from "~/components/forms";
import { requireUser } from "~/models/staff-session.server";
import {
  auditSubjectAccess,
  eraseSubject,
  subjectAccessReport,
  subjectSchema,
  type SubjectAccessReport,
} from "~/models/subject-access.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, str } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Subject access and erasure");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return null;
}

/**
 * Every step is a post, so the person's address is never in a URL (browser history, server logs). Finding and
 * downloading are audited; erasing needs a confirmation and is audited too.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const intentSchema = z.object({ intent: z.enum(["find", "erase"]) });
  const user = await requireUser(request, { role: "admin" });
  const formData = await request.formData();
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return invalid({ form: "That request was not understood. Please try again." }, {}, 400);
  const form = parseForm(formData, subjectSchema);
  if (!form.ok) return invalid(form.errors, { email: str(form.values, "email") });
  const { email } = form.data;
  if (intent.data.intent === "erase") {
    if (formData.get("confirm") !== "yes")
      return data(
        {
          errors: { confirm: "Confirm that you have checked who is asking and that they asked for their details to be erased" },
          values: { email },
          report: subjectAccessReport({ email }),
          erased: null,
        },
        { status: 400 },
      );
    const erased = eraseSubject({ email, userId: user.id, ipAddress: context.clientAddress });
    return { errors: null, values: { email }, report: subjectAccessReport({ email }), erased };
  }
  auditSubjectAccess({ email, userId: user.id, ipAddress: context.clientAddress });
  const report = subjectAccessReport({ email });
  return { errors: null, values: { email }, report, erased: null };
}

function Items({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="govuk-summary-list govuk-!-margin-bottom-6">
      {items.map(([k, v], i) => (
        <div className="govuk-summary-list__row" key={`${k}-${i}`}>
          <dt className="govuk-summary-list__key">{k}</dt>
          <dd className="govuk-summary-list__value">{v || "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function Report({ report }: { report: SubjectAccessReport }) {
  const nothing =
    !report.bookings.length && !report.answers.length && !report.asLineManager.length && !report.emails.length && !report.staffList.length;
  if (nothing)
    return (
      <p className="govuk-body" data-testid="nothing-held">
        Nothing is held about {report.email}.
      </p>
    );
  return (
    <div data-testid="subject-report">
      <h2 className="govuk-heading-m">Bookings ({report.bookings.length})</h2>
      {report.bookings.map((x) => (
        <section key={x.id}>
          <h3 className="govuk-heading-s">{x.title}</h3>
          <Items items={x.items} />
        </section>
      ))}
      <h2 className="govuk-heading-m">Answers linked to them ({report.answers.length})</h2>
      <p className="govuk-body-s app-meta">Answers to anonymous forms are not linked to anyone, so they cannot be found or shown.</p>
      {report.answers.map((a, i) => (
        <section key={i}>
          <h3 className="govuk-heading-s">
            {a.formTitle}, {formatDateTime(new Date(a.submittedAt))}
          </h3>
          <Items items={a.items} />
        </section>
      ))}
      {report.asLineManager.length ? (
        <>
          <h2 className="govuk-heading-m">As someone&apos;s line manager ({report.asLineManager.length})</h2>
          <Items items={report.asLineManager.map((n) => n.item)} />
          {report.managerAnswers.map((a, i) => (
            <section key={i}>
              <h3 className="govuk-heading-s">
                {a.formTitle}, {formatDateTime(new Date(a.submittedAt))}
              </h3>
              <Items items={a.items} />
            </section>
          ))}
        </>
      ) : null}
      <h2 className="govuk-heading-m">Emails ({report.emails.length})</h2>
      {report.emails.length ? <Items items={report.emails.map((e) => e.item)} /> : <p className="govuk-body">None.</p>}
      {report.staffList.length ? (
        <>
          <h2 className="govuk-heading-m">The council&apos;s staff list</h2>
          {report.staffList.map((m) => (
            <Items key={m.id} items={m.items} />
          ))}
        </>
      ) : null}
    </div>
  );
}

export default function SubjectAccess() {
  const result = useActionData<typeof action>();
  const report = result && "report" in result ? result.report : null;
  const erased = result && "erased" in result ? result.erased : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} order={["form", "email", "confirm"]} />
        {erased ? (
          <div
            className="govuk-notification-banner govuk-notification-banner--success"
            role="alert"
            aria-labelledby="erased-title"
            data-testid="erased"
          >
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="erased-title">
                Success
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <h3 className="govuk-notification-banner__heading">
                Erased: the details of {erased.bookings} {erased.bookings === 1 ? "booking" : "bookings"}
                {erased.namedAsManager ? `, and their address on ${erased.namedAsManager} as line manager` : ""}, and the emails to them.
                {erased.placesGivenUp
                  ? ` ${erased.placesGivenUp} ${erased.placesGivenUp === 1 ? "place on a session still to come was" : "places on sessions still to come were"} given up for the next person waiting.`
                  : ""}
                The training figures are unchanged.
              </h3>
              {erased.onStaffList ? (
                <p className="govuk-body">
                  They are on the council&apos;s staff list, which the council uploads: remove them from it and upload it again. Until then
                  the list still links their training record to them.
                </p>
              ) : null}
            </div>
          </div>
        ) : null}
        <h1 className="govuk-heading-l">Subject access and erasure</h1>
        <p className="govuk-body">
          When someone asks what the service holds about them, or asks for it to be erased, find them by the email address they used. Check
          who is asking first. What you find and what you erase is recorded in the audit log, without the address.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Their email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={str(result?.values, "email")}
            error={result?.errors && "email" in result.errors ? result.errors.email : undefined}
          />
          <button type="submit" name="intent" value="find" className="govuk-button" data-module="govuk-button">
            Find everything held
          </button>
        </Form>
        {report ? (
          <>
            <Report report={report} />
            {report.bookings.length || report.emails.length || report.asLineManager.length || report.staffList.length ? (
              <>
                <Form method="post" action="/admin/subject-access.csv" reloadDocument>
                  <input type="hidden" name="email" value={report.email} />
                  <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                    Download all of this (CSV)
                  </button>
                </Form>
                <h2 className="govuk-heading-m">Erase their details</h2>
                <p className="govuk-body">
                  Their name, contact details, job role, department, access needs and line manager&apos;s address are removed from every
                  booking, and the emails to them deleted, as happens after the retention period. Their answers stay, with nothing left to
                  link them to the person (for someone on the council&apos;s staff list, that list still does, until they leave it), so
                  attendance and every figure stay the same. This cannot be undone.
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="email" value={report.email} />
                  <Checkbox
                    name="confirm"
                    label="I have checked who is asking, and they asked for their details to be erased"
                    error={result?.errors && "confirm" in result.errors ? result.errors.confirm : undefined}
                  />
                  <button
                    type="submit"
                    name="intent"
                    value="erase"
                    className="govuk-button govuk-button--warning"
                    data-module="govuk-button"
                  >
                    Erase their details
                  </button>
                </Form>
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
