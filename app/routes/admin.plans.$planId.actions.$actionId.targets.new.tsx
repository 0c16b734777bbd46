import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { TARGET_FIELD_ORDER, TargetFields } from "~/components/target-fields";
import { getAction, saveTarget, targetSchema } from "~/models/plan-target.server";
import { listProgrammes } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { clock } from "~/utils/clock.server";
import { ukDateKey } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Add a target");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const planId = idParam(params, "planId");
  const action = getAction({ planId, actionId: idParam(params, "actionId") });
  return {
    planId,
    action: { id: action.id, keyAction: action.keyAction },
    programmes: listProgrammes().map((p) => ({ id: p.id, title: p.title })),
    start: ukDateKey(clock()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const planId = idParam(params, "planId");
  const actionId = idParam(params, "actionId");
  getAction({ planId, actionId });
  const form = parseForm(await request.formData(), targetSchema, { multi: ["programmeIds"] });
  if (!form.ok) return invalid(form.errors, form.values);
  saveTarget({ planId, actionId, input: form.data, userId: user.id });
  return redirectWithNotice(request, `/admin/plans/${planId}/actions/${actionId}`, "Target added. It is measured live from now on.");
}

export default function NewTarget() {
  const { planId, action: planAction, programmes, start } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/plans/${planId}/actions/${planAction.id}`}>Back to the action</BackLink>
        <ErrorSummary errors={result?.errors} order={TARGET_FIELD_ORDER} />
        <span className="govuk-caption-l">{planAction.keyAction}</span>
        <h1 className="govuk-heading-l">Add a target</h1>
        <Form method="post" noValidate>
          <TargetFields values={result?.values ?? { windowStartsOn: start }} errors={result?.errors} programmes={programmes} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add target
          </button>
        </Form>
      </div>
    </div>
  );
}
