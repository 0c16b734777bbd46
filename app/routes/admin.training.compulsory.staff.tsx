import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, FileUpload, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { countStaff, uploadStaffList } from "~/models/compulsory.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
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
    if (file.size > MAX_BYTES)
      return data(
        { errors: { file: "The file must be smaller than 5 MB" }, values: { pasted: text }, skipped: [], preview: null },
        { status: 400 },
      );
    text = await file.text();
  }
  if (!text)
    return data(
      { errors: { file: "Choose a CSV file, or paste the list" }, values: { pasted: "" }, skipped: [], preview: null },
      { status: 400 },
    );
  // Replacing the list marks everyone not on it as having left, so the first post only shows what would
  // change; the list is replaced when the organiser confirms (the text comes back in a hidden field).
  const apply = formData.get("intent") === "confirm";
  const report = uploadStaffList({ text, userId: user.id, apply });
  // A file that was read is kept in the text box, so a refused upload can be put right without choosing it again.
  if (report.refused)
    return data({ errors: { file: report.refused }, values: { pasted: text }, skipped: report.skipped, preview: null }, { status: 400 });
  if (apply) {
    const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;
    return redirectWithNotice(
      request,
      "/admin/training/compulsory",
      `Staff list updated: ${people(report.added)} added, ${people(report.updated)} updated, ${people(report.rejoined)} back on the list, ${people(report.left)} marked as having left.`,
    );
  }
  return data({ errors: null, values: { pasted: text }, skipped: report.skipped, preview: report });
}

export default function StaffUpload() {
  const { staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result?.preview;
  if (preview) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink to="/admin/training/compulsory/staff">Choose a different list</BackLink>
          <h1 className="govuk-heading-l">Check the changes to the staff list</h1>
          {preview.left * 2 > staff.active ? (
            <div className="govuk-warning-text" data-testid="many-leaving">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This would mark {preview.left} of the {staff.active} people on the list as having left. Check it is HR&apos;s whole list,
                not one department.
              </strong>
            </div>
          ) : null}
          <p className="govuk-body">Nothing has changed yet. Uploading this list will:</p>
          <dl className="govuk-summary-list" data-testid="upload-preview">
            {[
              ["Add", preview.added],
              ["Update", preview.updated],
              ["Bring back (listed again)", preview.rejoined],
              ["Leave unchanged", preview.unchanged],
              ["Mark as having left", preview.left],
            ].map(([label, n]) => (
              <div key={label} className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">{label}</dt>
                <dd className="govuk-summary-list__value">
                  {n} {n === 1 ? "person" : "people"}
                </dd>
              </div>
            ))}
          </dl>
          {preview.left ? (
            <>
              <h2 className="govuk-heading-m">Who will be marked as having left</h2>
              <p className="govuk-body">
                They are not on this list. Their training history is kept, and they come back if a later list includes them.
              </p>
              <ul className="govuk-list govuk-list--bullet" data-testid="leaving">
                {preview.leaving.map((p, i) => (
                  <li key={i}>
                    {p.name} ({p.department})
                  </li>
                ))}
              </ul>
              {preview.left > preview.leaving.length ? (
                <p className="govuk-body">and {preview.left - preview.leaving.length} more.</p>
              ) : null}
            </>
          ) : null}
          <SkippedRows rows={preview.skipped} />
          <Form method="post">
            <input type="hidden" name="pasted" value={result?.values?.pasted ?? ""} />
            <div className="govuk-button-group">
              <button type="submit" name="intent" value="confirm" className="govuk-button" data-module="govuk-button">
                Update the staff list
              </button>
              <Link className="govuk-link" to="/admin/training/compulsory">
                Cancel
              </Link>
            </div>
          </Form>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/training/compulsory">Compulsory training</BackLink>
        <ErrorSummary errors={result?.errors} order={["file"]} />
        <h1 className="govuk-heading-l">Upload the staff list</h1>
        {result?.errors ? <SkippedRows rows={result.skipped} /> : null}
        <p className="govuk-body">
          Upload the whole current list from HR as a CSV with the columns <strong>name, email, department, role</strong>. You will see what
          changes before anything is saved. People who are no longer listed are marked as having left; their training history is kept. The
          list now has {staff.active} {staff.active === 1 ? "person" : "people"}.
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload name="file" label="CSV file" error={result?.errors?.file} />
          <Textarea
            name="pasted"
            label="Or paste the list"
            hint="Including the header row."
            rows={6}
            defaultValue={result?.errors ? (result.values?.pasted ?? "") : ""}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Check the changes
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
