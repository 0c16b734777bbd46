import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";

import { DateInput, ErrorSummary, FileUpload, Textarea, TextInput } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { importActionPlan } from "~/models/action-plan.server";
import { audit } from "~/models/audit.server";
import { requireUser } from "~/models/staff-session.server";
import { parseActionPlanCsv, readImportedRag } from "~/utils/action-plan-csv.server";
import { formatDate, parseDateKey } from "~/utils/dates";
import { fieldErrors, formValues, str } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Import an action plan");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return null;
}

const MAX_BYTES = 2 * 1024 * 1024;

export async function action({ request, context }: ActionFunctionArgs) {
  const planSchema = z
    .object({
      title: z.string().trim().min(1, "Enter the plan's title").max(200, "Title must be 200 characters or fewer"),
      startsOn: z
        .string()
        .trim()
        .min(1, "Enter when the plan starts")
        .refine((v) => parseDateKey(v) !== null, "Enter a real date, like 1 9 2019"),
      endsOn: z
        .string()
        .trim()
        .min(1, "Enter when the plan ends")
        .refine((v) => parseDateKey(v) !== null, "Enter a real date, like 30 9 2021"),
    })
    .superRefine((v, ctx) => {
      if (parseDateKey(v.startsOn) && parseDateKey(v.endsOn) && v.endsOn < v.startsOn)
        ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The end must be on or after the start" });
    });
  const user = await requireUser(request, { role: "organiser" });
  const formData = await request.formData();
  const values = formValues(formData);
  const file = formData.get("file");
  let csv = str(values, "csv");
  const errors: Record<string, string> = {};
  if (file && typeof file === "object" && "size" in file && file.size > 0) {
    if (file.size > MAX_BYTES) errors.file = "The file must be smaller than 2 MB";
    else csv = await file.text();
  }
  const plan = planSchema.safeParse(values);
  if (!plan.success) Object.assign(errors, fieldErrors(plan.error));
  if (!csv.trim()) errors.file ??= "Choose the plan's CSV file, or paste it";
  const parsed = csv.trim() ? parseActionPlanCsv(csv) : null;
  if (parsed?.missingColumns.length) errors.file = `The spreadsheet needs columns called ${parsed.missingColumns.join(" and ")}`;
  else if (parsed?.unreadable) errors.file = parsed.unreadable;
  else if (parsed && !parsed.rows.length) errors.file = "The spreadsheet has no actions in it";
  const typedDates = Object.fromEntries(
    ["startsOn", "endsOn"].flatMap((name) => ["day", "month", "year"].map((part) => [`${name}-${part}`, str(values, `${name}-${part}`)])),
  );
  const keep = { title: str(values, "title"), startsOn: str(values, "startsOn"), endsOn: str(values, "endsOn"), csv, ...typedDates };
  if (Object.keys(errors).length || !plan.success || !parsed) return data({ errors, values: keep, preview: null }, { status: 400 });

  if (str(values, "intent") === "import") {
    const planId = importActionPlan({ ...plan.data, rows: parsed.rows, userId: user.id });
    audit({
      userId: user.id,
      action: "plan.import",
      entityType: "plan",
      entityId: planId,
      details: { rows: parsed.rows.length, skipped: parsed.skipped.length },
      ipAddress: context.clientAddress,
    });
    return redirect(`/admin/plans/${planId}`, 303);
  }
  // Nothing is written yet: show every row, and why any could not be used.
  return data({
    errors: null,
    values: keep,
    preview: {
      rows: parsed.rows.map((r) => ({ ...r, importedStatus: readImportedRag(r.rag) })),
      skipped: parsed.skipped,
      absentColumns: parsed.absentColumns,
      ignoredColumns: parsed.ignoredColumns,
      priorities: [...new Set(parsed.rows.map((r) => r.priority))],
    },
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const listOf = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

export default function ImportPlan() {
  const result = useActionData<typeof action>();
  const v = result?.values;
  const preview = result?.preview;
  return (
    <>
      <BackLink to="/admin/plans">Action plans</BackLink>
      <ErrorSummary errors={result?.errors} order={["title", "startsOn", "endsOn", "file"]} />
      <h1 className="govuk-heading-l">{preview ? "Check the plan before importing it" : "Import an action plan"}</h1>
      {preview ? (
        <>
          <p className="govuk-body" data-testid="preview-summary">
            {plural(preview.rows.length, "action")} under {plural(preview.priorities.length, "priority", "priorities")} will be imported.{" "}
            {plural(preview.skipped.length, "row")} will be left out.
          </p>
          {preview.absentColumns.length || preview.ignoredColumns.length ? (
            <div className="govuk-warning-text" data-testid="preview-columns">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {preview.absentColumns.length ? (
                  <p className="govuk-body govuk-!-font-weight-bold">
                    The file has no {listOf(preview.absentColumns)} {preview.absentColumns.length === 1 ? "column" : "columns"}: every
                    action will have {preview.absentColumns.length === 1 ? "it" : "them"} empty. If the file calls{" "}
                    {preview.absentColumns.length === 1 ? "it" : "them"} something else, rename the heading and check again.
                  </p>
                ) : null}
                {preview.ignoredColumns.length ? (
                  <>
                    <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">These columns will not be imported:</p>
                    <ul className="govuk-list govuk-list--bullet govuk-!-font-weight-regular">
                      {preview.ignoredColumns.map((c) => (
                        <li key={c.column}>
                          “{c.header}” (column {c.column}): {c.reason}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </div>
            </div>
          ) : null}
          {preview.skipped.length ? (
            <ul className="govuk-list govuk-list--bullet" data-testid="preview-skipped">
              {preview.skipped.map((s) => (
                <li key={s.line}>
                  Line {s.line}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
          <table className="govuk-table" data-testid="preview-table">
            <caption className="govuk-table__caption govuk-visually-hidden">The actions to import</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Line
                </th>
                <th scope="col" className="govuk-table__header">
                  Key action
                </th>
                <th scope="col" className="govuk-table__header">
                  Deadline as written
                </th>
                <th scope="col" className="govuk-table__header">
                  Read as
                </th>
                <th scope="col" className="govuk-table__header">
                  Lead
                </th>
                <th scope="col" className="govuk-table__header">
                  RAG
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {preview.rows.map((r) => (
                <tr key={r.line} className="govuk-table__row">
                  <td className="govuk-table__cell">{r.line}</td>
                  <td className="govuk-table__cell">
                    <span className="govuk-body-s app-meta">{r.priority}</span>
                    <br />
                    {r.keyAction}
                  </td>
                  <td className="govuk-table__cell">{r.deadlineText || <span className="app-meta">Not given</span>}</td>
                  <td className="govuk-table__cell">
                    {r.deadlineOn ? formatDate(new Date(`${r.deadlineOn}T12:00:00Z`)) : r.ongoing ? "Ongoing" : "No date"}
                  </td>
                  <td className="govuk-table__cell">{r.lead}</td>
                  <td className="govuk-table__cell">{r.rag ? `${r.rag}${r.importedStatus ? "" : " (not recognised: left unset)"}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <input type="hidden" name="title" value={v?.title ?? ""} />
            <input type="hidden" name="startsOn" value={v?.startsOn ?? ""} />
            <input type="hidden" name="endsOn" value={v?.endsOn ?? ""} />
            <input type="hidden" name="csv" value={v?.csv ?? ""} />
            <div className="govuk-button-group">
              <button type="submit" name="intent" value="import" className="govuk-button" data-module="govuk-button">
                Import {plural(preview.rows.length, "action")}
              </button>
              <a className="govuk-link" href="/admin/plans/import">
                Start again
              </a>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p className="govuk-body">
            Save the plan as CSV with the columns <strong>Priority, Key action, Deadline, Outcome, Lead, Notes</strong> and, if you have
            one, <strong>RAG rating</strong>. The usual other names are recognised too (“Key Actions”, “Responsibility/Lead”, “Timescale”,
            “RAG rating (Dec 2020)”), and a plan exported from here can be imported again as it is. Deadlines are kept as written; where a
            date can be read (“25th November 2019”, “Spring 2020”) it is used for tracking. You will see every row, and any column that will
            not be imported, before anything is saved.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <input type="hidden" name="intent" value="preview" />
            <TextInput name="title" label="Plan title" defaultValue={v?.title} error={result?.errors?.title} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <DateInput name="startsOn" legend="Starts" hint="For example, 1 9 2026" values={v} error={result?.errors?.startsOn} />
              </div>
              <div className="govuk-grid-column-one-half">
                <DateInput name="endsOn" legend="Ends" hint="For example, 31 8 2027" values={v} error={result?.errors?.endsOn} />
              </div>
            </div>
            <FileUpload name="file" label="CSV file" error={result?.errors?.file} />
            <Textarea name="csv" label="Or paste it" rows={6} defaultValue={v?.csv} />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Check the plan
            </button>
          </Form>
        </>
      )}
    </>
  );
}
