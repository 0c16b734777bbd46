import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { ErrorSummary, Radios, TextInput } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { SESSION_FIELD_ORDER, SessionFields } from "~/components/session-fields";
import { getProgramme } from "~/models/programme.server";
import {
  createSessions,
  getSessionRow,
  seriesSchema,
  SessionRuleError,
  sessionFieldsSchema,
  sessionToFields,
} from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { listFacilitators } from "~/models/user.server";
import { addUkCalendar, ukDateKey } from "~/utils/dates";
import { fieldErrors, formValues, str } from "~/utils/forms";
import { idParam, invalid, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Schedule sessions");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "organiser" });
  const programme = getProgramme({ programmeId: idParam(params, "programmeId") });
  const fromId = new URL(request.url).searchParams.get("from");
  let values: Record<string, string>;
  if (fromId && /^\d+$/.test(fromId)) {
    // Duplicating: the same details, a week later.
    const from = getSessionRow({ sessionId: Number(fromId) });
    if (from.programmeId !== programme.id) throw notFound("Session not found");
    values = { ...sessionToFields(from), date: ukDateKey(addUkCalendar(from.startsAt, { days: 7 })!), repeat: "none" };
  } else {
    const endMinutes = 10 * 60 + programme.defaultDurationMinutes;
    const end =
      endMinutes < 24 * 60 ? `${String(Math.floor(endMinutes / 60)).padStart(2, "0")}:${String(endMinutes % 60).padStart(2, "0")}` : "";
    values = {
      startTime: "10:00",
      endTime: end,
      capacity: String(programme.defaultCapacity),
      bookingClosesHours: "24",
      deliveryMode: "in_person",
      repeat: "none",
    };
  }
  return {
    programme: { id: programme.id, title: programme.title },
    values,
    duplicating: Boolean(fromId),
    facilitators: listFacilitators(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const repeatSchema = z.object({
    repeat: z.enum(["none", "weekly", "fortnightly", "monthly"], { error: "Select whether the session repeats" }),
  });
  const user = await requireUser(request, { role: "organiser" });
  const programmeId = idParam(params, "programmeId");
  getProgramme({ programmeId });
  const values = formValues(await request.formData());
  const fields = sessionFieldsSchema.safeParse(values);
  const repeat = repeatSchema.safeParse(values);
  const series =
    repeat.success && repeat.data.repeat !== "none"
      ? seriesSchema.safeParse({ pattern: repeat.data.repeat, occurrences: str(values, "occurrences") })
      : null;
  const errors = {
    ...(fields.success ? {} : fieldErrors(fields.error)),
    ...(repeat.success ? {} : fieldErrors(repeat.error)),
    ...(series && !series.success ? fieldErrors(series.error) : {}),
  };
  if (!fields.success || !repeat.success || (series && !series.success)) return invalid(errors, values);
  try {
    const ids = createSessions({
      programmeId,
      fields: fields.data,
      series: series?.success ? series.data : undefined,
      userId: user.id,
      ipAddress: context.clientAddress,
    });
    return redirectWithNotice(
      request,
      ids.length === 1 ? `/admin/sessions/${ids[0]}` : `/admin/programmes/${programmeId}`,
      ids.length === 1
        ? "Session scheduled. It is now open for booking."
        : `${ids.length} sessions scheduled. They are now open for booking.`,
    );
  } catch (error) {
    if (error instanceof SessionRuleError) return invalid({ [error.field === "pattern" ? "repeat" : error.field]: error.message }, values);
    throw error;
  }
}

export default function NewSessions() {
  const { programme, values, duplicating, facilitators } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values ?? values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/admin/programmes/${programme.id}`}>Back to {programme.title}</BackLink>
        <ErrorSummary errors={result?.errors} order={[...SESSION_FIELD_ORDER, "repeat"]} />
        <span className="govuk-caption-l">{programme.title}</span>
        <h1 className="govuk-heading-l">{duplicating ? "Duplicate a session" : "Schedule sessions"}</h1>
        <Form method="post" noValidate>
          <SessionFields values={v} errors={result?.errors} facilitators={facilitators} />
          <Radios
            name="repeat"
            legend="Does it repeat?"
            legendClassName="govuk-fieldset__legend--s"
            hint="A series creates each session at the same UK time, even across a clock change."
            value={str(v, "repeat") || "none"}
            error={result?.errors?.repeat}
            options={[
              { value: "none", label: "No, just this session" },
              { value: "weekly", label: "Every week" },
              { value: "fortnightly", label: "Every 2 weeks" },
              { value: "monthly", label: "Every month, on the same date" },
            ]}
          />
          <TextInput
            name="occurrences"
            label="How many sessions in the series?"
            hint="Including the first. For example, 10. Leave blank if it does not repeat."
            inputMode="numeric"
            widthClass="govuk-input--width-3"
            defaultValue={str(v, "occurrences")}
            error={result?.errors?.occurrences}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Schedule
          </button>
        </Form>
      </div>
    </div>
  );
}
