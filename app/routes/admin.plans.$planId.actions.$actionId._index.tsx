import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, Radios, Textarea } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { RagTag } from "~/components/rag";
import { getPlanView, overrideSchema, setOverride } from "~/models/action-plan.server";
import { deleteTarget } from "~/models/plan-target.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { parseForm, str } from "~/utils/forms";
import { idParam, invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { RAG_LABELS } from "~/utils/rag";

import { RAG_STATUSES, type RagStatus } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Action");

function load(params: Record<string, string | undefined>) {
  const planId = idParam(params, "planId");
  const actionId = idParam(params, "actionId");
  const view = getPlanView({ planId });
  const action = view.priorities.flatMap((p) => p.actions.map((a) => ({ ...a, priority: p.title }))).find((a) => a.id === actionId);
  if (!action) throw notFound("Action not found");
  return { view, action };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const { view, action } = load(params);
  return { planId: view.plan.id, planTitle: view.plan.title, action };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const deleteSchema = z.object({ intent: z.literal("delete-target"), targetId: z.coerce.number().int().positive() });
  const user = await requireUser(request, { role: "organiser" });
  const { view, action: planAction } = load(params);
  const formData = await request.formData();
  if (formData.get("intent") === "delete-target") {
    const parsed = deleteSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("That request was not understood", { status: 400 });
    deleteTarget({ planId: view.plan.id, actionId: planAction.id, targetId: parsed.data.targetId, userId: user.id });
    return redirectWithNotice(request, `/admin/plans/${view.plan.id}/actions/${planAction.id}`, "Target removed.");
  }
  const form = parseForm(formData, overrideSchema);
  if (!form.ok) return invalid(form.errors, form.values);
  setOverride({
    planId: view.plan.id,
    actionId: planAction.id,
    status: (form.data.ragOverride || null) as RagStatus | null,
    reason: form.data.ragOverrideReason,
    userId: user.id,
  });
  return redirectWithNotice(
    request,
    `/admin/plans/${view.plan.id}`,
    form.data.ragOverride ? "Status set by hand." : "The status is now the computed one.",
  );
}

export default function PlanAction() {
  const { planId, planTitle, action: a } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/plans/${planId}`}>{planTitle}</BackLink>
        <ErrorSummary errors={result?.errors} order={["ragOverride", "ragOverrideReason"]} />
        <span className="govuk-caption-l">{a.priority}</span>
        <h1 className="govuk-heading-l">{a.keyAction}</h1>
        <dl className="govuk-summary-list">
          {[
            ["Deadline", a.deadlineText],
            ["Outcome", a.outcome],
            ["Lead", a.lead],
            ["Notes", a.notes],
          ].map(([k, v]) => (
            <div key={k} className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{k}</dt>
              {/* Empty is shown as empty, never as a word that could be read (or exported) as the value. */}
              <dd className="govuk-summary-list__value">{v || <span className="app-meta">Not given in the plan</span>}</dd>
            </div>
          ))}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Computed status</dt>
            <dd className="govuk-summary-list__value">
              <RagTag status={a.computed?.status ?? null} /> {a.computed?.reason ?? "No target, so it is not measured."}
            </dd>
          </div>
        </dl>

        <h2 className="govuk-heading-m">Targets</h2>
        {a.targets.length ? (
          <ul className="govuk-list">
            {a.targets.map((t) => (
              <li key={t.id} className="app-card">
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{t.label}</p>
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {t.actual ?? "–"}
                  {t.isPercent ? "%" : ""} of {t.targetValue}
                  {t.isPercent ? "%" : ""} <RagTag status={t.rag.status} /> {t.rag.reason}
                </p>
                <p className="govuk-body-s app-meta">
                  {t.programmes.length ? t.programmes.join(", ") : "All programmes"}, from {t.windowStartsOn}
                  {t.windowEndsOn ? ` to ${t.windowEndsOn}` : " (ongoing)"}
                </p>
                <div className="govuk-button-group govuk-!-margin-bottom-0">
                  <Link className="govuk-link" to={`/admin/plans/${planId}/actions/${a.id}/targets/${t.id}`}>
                    Change<span className="govuk-visually-hidden"> {t.label}</span>
                  </Link>
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="targetId" value={t.id} />
                    <button type="submit" name="intent" value="delete-target" className="app-button-link">
                      Remove<span className="govuk-visually-hidden"> {t.label}</span>
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">No targets yet.</p>
        )}
        <Link
          to={`/admin/plans/${planId}/actions/${a.id}/targets/new`}
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
        >
          Add a target
        </Link>

        <h2 className="govuk-heading-m">Set the status by hand</h2>
        <p className="govuk-body">The computed status is always shown next to it.</p>
        <Form method="post" noValidate>
          <Radios
            name="ragOverride"
            legend="Status"
            legendClassName="govuk-fieldset__legend--s"
            value={str(result?.values, "ragOverride") || a.ragOverride || ""}
            error={result?.errors?.ragOverride}
            options={[{ value: "", label: "Use the computed status" }, ...RAG_STATUSES.map((s) => ({ value: s, label: RAG_LABELS[s] }))]}
          />
          <Textarea
            name="ragOverrideReason"
            label="Reason"
            hint="For example, “Delayed due to COVID-19”."
            rows={2}
            defaultValue={str(result?.values, "ragOverrideReason") || a.ragOverrideReason || ""}
            error={result?.errors?.ragOverrideReason}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save status
          </button>
        </Form>
      </div>
    </div>
  );
}
