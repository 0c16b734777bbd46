import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { TARGET_FIELD_ORDER, TargetFields } from "~/components/target-fields";
import { getAction, getTargetWithProgrammes, saveTarget, targetSchema } from "~/models/plan-target.server";
import { listProgrammes } from "~/models/programme.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Change a target");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const planId = idParam(params, "planId");
  const action = getAction({ planId, actionId: idParam(params, "actionId") });
  const t = getTargetWithProgrammes({ actionId: action.id, targetId: idParam(params, "targetId") });
  return {
    planId,
    action: { id: action.id, keyAction: action.keyAction },
    programmes: listProgrammes().map((p) => ({ id: p.id, title: p.title })),
    values: {
      label: t.label,
      metric: t.metric,
      targetValue: String(t.targetValue),
      sector: t.sector ?? "",
      windowStartsOn: t.windowStartsOn,
      windowEndsOn: t.windowEndsOn ?? "",
      programmeIds: t.programmeIds.map(String),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const planId = idParam(params, "planId");
  const actionId = idParam(params, "actionId");
  const targetId = idParam(params, "targetId");
  getTargetWithProgrammes({ actionId: getAction({ planId, actionId }).id, targetId });
  const form = parseForm(await request.formData(), targetSchema, { multi: ["programmeIds"] });
  if (!form.ok) return invalid(form.errors, form.values);
  saveTarget({ planId, actionId, targetId, input: form.data, userId: user.id });
  return redirectWithNotice(request, `/admin/plans/${planId}/actions/${actionId}`, "Target updated.");
}

export default function EditTarget() {
  const { planId, action: planAction, programmes, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/plans/${planId}/actions/${planAction.id}`}>Back to the action</BackLink>
        <ErrorSummary errors={result?.errors} order={TARGET_FIELD_ORDER} />
        <span className="govuk-caption-l">{planAction.keyAction}</span>
        <h1 className="govuk-heading-l">Change a target</h1>
        <Form method="post" noValidate>
          <TargetFields values={result?.values ?? values} errors={result?.errors} programmes={programmes} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save target
          </button>
        </Form>
      </div>
    </div>
  );
}
