import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { getProgramme } from "~/models/programme.server";
import { getNarrative, narrativeSchema, saveNarrative } from "~/models/report.server";
import { getSessionRow } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { formatDate } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Summary and next steps");

function scope(request: Request, params: Record<string, string | undefined>) {
  const programme = getProgramme({ programmeId: idParam(params, "programmeId") });
  const raw = new URL(request.url).searchParams.get("session");
  const session = raw && /^\d+$/.test(raw) ? getSessionRow({ sessionId: Number(raw) }) : null;
  if (session && session.programmeId !== programme.id) throw notFound("Session not found");
  return { programme, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { programme, session } = scope(request, params);
  return {
    programmeId: programme.id,
    title: programme.title,
    sessionDate: session ? formatDate(session.startsAt) : null,
    sessionId: session?.id ?? null,
    values: getNarrative({ programmeId: programme.id, sessionId: session?.id ?? null }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const { programme, session } = scope(request, params);
  const form = parseForm(await request.formData(), narrativeSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  saveNarrative({ programmeId: programme.id, sessionId: session?.id ?? null, ...form.data, userId: user.id });
  return redirectWithNotice(
    request,
    `/admin/reports/programmes/${programme.id}${session ? `?session=${session.id}` : ""}`,
    "Summary and next steps saved.",
  );
}

export default function Narrative() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values ?? d.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/reports/programmes/${d.programmeId}${d.sessionId ? `?session=${d.sessionId}` : ""}`}>
          Back to the report
        </BackLink>
        <ErrorSummary errors={result?.errors} order={["summary", "nextSteps"]} />
        <span className="govuk-caption-l">
          {d.title}
          {d.sessionDate ? `, ${d.sessionDate}` : ""}
        </span>
        <h1 className="govuk-heading-l">Summary and next steps</h1>
        <p className="govuk-body">
          These appear in the evaluation report and its committee paper. The aims come from the programme&apos;s details.
        </p>
        <Form method="post" noValidate>
          <Textarea
            name="summary"
            label="Summary"
            hint="What the figures and comments show, in a few sentences."
            rows={8}
            defaultValue={typeof v.summary === "string" ? v.summary : ""}
            error={result?.errors?.summary}
          />
          <Textarea
            name="nextSteps"
            label="Next steps"
            hint="One per line works well."
            rows={8}
            defaultValue={typeof v.nextSteps === "string" ? v.nextSteps : ""}
            error={result?.errors?.nextSteps}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save
          </button>
        </Form>
      </div>
    </div>
  );
}
