import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { BackLink } from "~/components/layout";
import { SessionTable } from "~/components/session-table";
import { programmeFormIds } from "~/models/form.server";
import { addFollowUpForms, getProgramme, setProgrammeArchived } from "~/models/programme.server";
import { listSessionsForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { idParam } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { CATEGORY_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.programme.title ?? "Programme");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  const programme = getProgramme({ programmeId });
  return {
    programme,
    forms: programmeFormIds({ programmeId }),
    upcoming: listSessionsForAdmin({ filter: "upcoming", programmeId }),
    past: listSessionsForAdmin({ filter: "past", programmeId }),
    cancelled: listSessionsForAdmin({ filter: "cancelled", programmeId }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actionSchema = z.object({ intent: z.enum(["archive", "restore", "add_follow_up"]) });
  const user = await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("That request was not understood", { status: 400 });
  if (parsed.data.intent === "add_follow_up") {
    addFollowUpForms({ programmeId, userId: user.id });
    return redirectWithNotice(request, `/admin/programmes/${programmeId}`, "The standard follow-up forms were added.");
  }
  setProgrammeArchived({ programmeId, archived: parsed.data.intent === "archive", userId: user.id, ipAddress: context.clientAddress });
  return redirectWithNotice(
    request,
    `/admin/programmes/${programmeId}`,
    parsed.data.intent === "archive" ? "Programme archived. Its sessions no longer appear on the public site." : "Programme restored.",
  );
}

export default function ProgrammePage() {
  const { programme, forms, upcoming, past, cancelled } = useLoaderData<typeof loader>();
  const archived = Boolean(programme.archivedAt);
  return (
    <>
      <BackLink to="/admin/programmes">All programmes</BackLink>
      <span className="govuk-caption-l">{CATEGORY_LABELS[programme.category]}</span>
      <h1 className="govuk-heading-l">
        {programme.title}
        {archived ? <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Archived</strong> : null}
      </h1>
      <p className="govuk-body-l">{programme.summary}</p>
      <div className="govuk-button-group">
        {!archived ? (
          <Link to={`/admin/programmes/${programme.id}/sessions/new`} className="govuk-button" data-module="govuk-button">
            Schedule sessions
          </Link>
        ) : null}
        <Link to={`/admin/programmes/${programme.id}/edit`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Change details
        </Link>
        <Link
          to={`/admin/programmes/${programme.id}/translations`}
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
        >
          Translations
        </Link>
        {forms.evaluation ? (
          <Link to={`/admin/forms/${forms.evaluation}`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Feedback form
          </Link>
        ) : null}
        {forms.followUp ? (
          <Link to={`/admin/forms/${forms.followUp}`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Follow-up form
          </Link>
        ) : null}
        {forms.manager ? (
          <Link to={`/admin/forms/${forms.manager}`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Line manager form
          </Link>
        ) : null}
        {!forms.followUp || !forms.manager ? (
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="add_follow_up"
              className="govuk-button govuk-button--secondary"
              data-module="govuk-button"
            >
              Add the standard follow-up forms
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value={archived ? "restore" : "archive"}
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            {archived ? "Restore programme" : "Archive programme"}
          </button>
        </Form>
      </div>

      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Who it is for</dt>
          <dd className="govuk-summary-list__value">{programme.audience || "Not given"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Usual places and length</dt>
          <dd className="govuk-summary-list__value">
            {programme.defaultCapacity} places, {programme.defaultDurationMinutes} minutes
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">In calendars and email subjects</dt>
          <dd className="govuk-summary-list__value">
            {programme.sensitive ? `“${programme.publicTitle}” (sensitive topic)` : "The title above"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Reminder email</dt>
          <dd className="govuk-summary-list__value">
            {programme.reminderDaysBefore ? `${programme.reminderDaysBefore} days before each session` : "None"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Follow-up</dt>
          <dd className="govuk-summary-list__value">
            {programme.followUpWeeks} weeks after each session, to those who attended
            {programme.askLineManager ? ", and to the line managers council staff name when booking" : ""}
          </dd>
        </div>
        {programme.aims.length ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Aims</dt>
            <dd className="govuk-summary-list__value">
              <ul className="govuk-list govuk-list--bullet">
                {programme.aims.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>

      <h2 className="govuk-heading-m">Upcoming sessions</h2>
      <SessionTable sessions={upcoming} caption="Upcoming sessions" showProgramme={false} />
      <h2 className="govuk-heading-m">Past sessions</h2>
      <SessionTable sessions={past} caption="Past sessions" showProgramme={false} />
      {cancelled.length ? (
        <>
          <h2 className="govuk-heading-m">Cancelled sessions</h2>
          <SessionTable sessions={cancelled} caption="Cancelled sessions" showProgramme={false} />
        </>
      ) : null}
    </>
  );
}
