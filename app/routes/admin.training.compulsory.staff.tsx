import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, FileUpload, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { countStaff, uploadStaffList } from "~/models/compulsory.server";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Upload the staff list");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  return { staff: countStaff() };
}

const MAX_BYTES = 5 * 1024 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const formData = await request.formData();
  const file = formData.get("file");
  const pasted = formData.get("pasted");
  let text = typeof pasted === "string" ? pasted.trim() : "";
  if (file && typeof file === "object" && "size" in file && file.size > 0) {
    if (file.size > MAX_BYTES) return data({ errors: { file: "The file must be smaller than 5 MB" }, values: { pasted: text }, skipped: [], report: null }, { status: 400 });
    text = await file.text();
  }
  if (!text) return data({ errors: { file: "Choose a CSV file, or paste the list" }, values: { pasted: "" }, skipped: [], report: null }, { status: 400 });
  const report = uploadStaffList({ text, userId: user.id });
  // A file that was read is kept in the text box, so a refused upload can be put right without choosing it again.
  if (report.refused) return data({ errors: { file: report.refused }, values: { pasted: text }, skipped: report.skipped, report: null }, { status: 400 });
  return data({ errors: null, values: null, skipped: [], report });
}

export default function StaffUpload() {
  const { staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/training/compulsory">Compulsory training</BackLink>
        <ErrorSummary errors={result?.errors} order={["file"]} />
        <h1 className="govuk-heading-l">Upload the staff list</h1>
        {result?.report ? (
          <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="upload-done">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="upload-done">
                Success
              </h2>
            </div>
            <div className="govuk-notification-banner__content" data-testid="upload-report">
              <p className="govuk-notification-banner__heading">The staff list has been updated.</p>
              <p className="govuk-body">
                {result.report.added} added, {result.report.updated} updated, {result.report.rejoined} back on the list, {result.report.unchanged} unchanged,{" "}
                {result.report.left} no longer listed (marked as left).
              </p>
              <SkippedRows rows={result.report.skipped} />
            </div>
          </div>
        ) : null}
        {result?.errors ? <SkippedRows rows={result.skipped} /> : null}
        <p className="govuk-body">
          Upload the whole current list from HR as a CSV with the columns <strong>name, email, department, role</strong>. People who are no longer listed are
          marked as having left; their training history is kept. The list now has {staff.active} {staff.active === 1 ? "person" : "people"}.
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload name="file" label="CSV file" error={result?.errors?.file} />
          <Textarea name="pasted" label="Or paste the list" hint="Including the header row." rows={6} defaultValue={result?.values?.pasted ?? ""} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Upload
          </button>
        </Form>
      </div>
    </div>
  );
}

function SkippedRows({ rows }: { rows: Array<{ line: number; reason: string }> }) {
  if (!rows.length) return null;
  return (
    <>
      <p className="govuk-body">
        {rows.length} {rows.length === 1 ? "row" : "rows"} could not be used:
      </p>
      <ul className="govuk-list govuk-list--bullet" data-testid="skipped-rows">
        {rows.slice(0, 200).map((s) => (
          <li key={s.line}>
            Line {s.line}: {s.reason}
          </li>
        ))}
      </ul>
      {rows.length > 200 ? <p className="govuk-body">and {rows.length - 200} more.</p> : null}
    </>
  );
}
