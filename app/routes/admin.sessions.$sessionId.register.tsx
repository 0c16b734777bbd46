import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";

import { ATTENDEE_FIELD_ORDER, AttendeeFields } from "~/components/booking-fields";
import { Checkbox, ErrorSummary } from "~/components/forms";
import { BackLink } from "~/components/layout";
import { usePolling } from "~/components/polling";
import {
  addWalkIn,
  WALK_IN_RULES,
  BookingRuleError,
  listBookingsForSession,
  markAttendance,
  markUnmarkedAsNoShow,
  placesTaken,
  registerIsOpen,
  walkInAttendeeSchema,
} from "~/models/booking.server";
import { awaitsConfirmation } from "~/models/certificate.server";
import { getSessionForAdmin } from "~/models/session.server";
import { redirectWithNotice, requireUser } from "~/models/staff-session.server";
import { clock } from "~/utils/clock.server";
import { formatDate, formatTimeRange } from "~/utils/dates";
import { matchesFind } from "~/utils/find";
import { parseForm } from "~/utils/forms";
import { idParam, invalid } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

import { ATTENDANCE, ATTENDANCE_LABELS, type Attendance } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Attendance register");

const ROLES = ["organiser", "facilitator"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ROLES });
  const sessionId = idParam(params, "sessionId");
  const { session, programme } = getSessionForAdmin({ sessionId });
  const { confirmed } = listBookingsForSession({ sessionId });
  const find = (new URL(request.url).searchParams.get("find") ?? "").trim().slice(0, 100);
  const may = WALK_IN_RULES[user.role];
  return {
    canManage: user.role !== "facilitator",
    find,
    walkIns: {
      full: confirmed.length >= session.capacity,
      placesTaken: placesTaken(session.capacity),
      raiseCapacity: may.raiseCapacity,
      addOrganisation: may.addOrganisation,
    },
    session: { id: session.id, startsAt: session.startsAt, endsAt: session.endsAt, status: session.status, capacity: session.capacity },
    programmeTitle: programme.title,
    open: registerIsOpen(session),
    // On the day, until the end, the page keeps itself up to date as people check themselves in (ADR 024).
    live: registerIsOpen(session) && clock() < session.endsAt,
    people: confirmed.map((b) => ({
      id: b.id,
      name: b.name,
      organisationName: b.organisationName,
      attendance: b.attendance,
      accessNeeds: b.accessNeeds,
      toConfirm: awaitsConfirmation(b),
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Made here, not beside the module's imports: the browser's copy of this file has no server schemas.
  const walkInSchema = walkInAttendeeSchema.extend({ raiseCapacity: z.literal("yes").optional() });
  const markSchema = z.object({ intent: z.literal("mark"), bookingId: z.coerce.number().int().positive(), attendance: z.enum(ATTENDANCE) });
  const user = await requireUser(request, { role: ROLES });
  const sessionId = idParam(params, "sessionId");
  const formData = await request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "mark") {
      const parsed = markSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success)
        return data({ error: "That request was not understood. Please try again.", errors: null, values: null }, { status: 400 });
      if (!listBookingsForSession({ sessionId }).confirmed.some((b) => b.id === parsed.data.bookingId)) {
        return data({ error: "That person is not on this session's register.", errors: null, values: null }, { status: 404 });
      }
      markAttendance({
        bookingId: parsed.data.bookingId,
        attendance: parsed.data.attendance,
        userId: user.id,
        ipAddress: context.clientAddress,
      });
      // Without JavaScript the whole page reloads: come back to the same person.
      // Back to the same list: a name found at the door stays found.
      return redirect(`/admin/sessions/${sessionId}/register${new URL(request.url).search}#b-${parsed.data.bookingId}`, 303);
    }
    if (intent === "remaining-no-show") {
      const n = markUnmarkedAsNoShow({ sessionId, userId: user.id, ipAddress: context.clientAddress });
      return redirectWithNotice(
        request,
        `/admin/sessions/${sessionId}/register`,
        `${n} ${n === 1 ? "person" : "people"} marked as did not attend.`,
      );
    }
    if (intent === "walk-in") {
      const form = parseForm(formData, walkInSchema);
      if (!form.ok) return invalid(form.errors, form.values);
      const { raiseCapacity, ...attendee } = form.data;
      let result;
      try {
        result = addWalkIn({
          sessionId,
          attendee,
          userId: user.id,
          role: user.role,
          raiseCapacity: raiseCapacity === "yes",
          ipAddress: context.clientAddress,
        });
      } catch (error) {
        // Beside the field it is about, with what was typed kept.
        if (error instanceof BookingRuleError) return invalid({ [error.field]: error.message }, form.values, 409);
        throw error;
      }
      const notes = [`${form.data.name} added as attended.`];
      if (result.existing) notes.push("They already had a booking, which is now marked attended.");
      if (result.capacityRaisedTo) notes.push(`The number of places was raised to ${result.capacityRaisedTo} to include them.`);
      return redirectWithNotice(request, `/admin/sessions/${sessionId}/register`, notes.join(" "));
    }
  } catch (error) {
    if (error instanceof BookingRuleError) return data({ error: error.message, errors: null, values: null }, { status: 409 });
    throw error;
  }
  return data({ error: "That request was not understood. Please try again.", errors: null, values: null }, { status: 400 });
}

function RegisterRow({
  person,
}: {
  person: { id: number; name: string; organisationName: string; attendance: Attendance; accessNeeds: string | null; toConfirm: boolean };
}) {
  const fetcher = useFetcher();
  // Show the tap straight away; the server's answer replaces it when the page data reloads.
  const pending = fetcher.formData?.get("attendance") as Attendance | undefined;
  const attendance = pending ?? person.attendance;
  return (
    <li className="app-register-row" id={`b-${person.id}`} data-testid="register-row" data-attendance={attendance}>
      <div>
        <strong className="govuk-body govuk-!-font-weight-bold">{person.name}</strong>
        <br />
        <span className="govuk-body-s app-meta">{person.organisationName}</span>
        {person.accessNeeds ? (
          <>
            <br />
            <span className="govuk-body-s">Access needs: {person.accessNeeds}</span>
          </>
        ) : null}
        <br />
        <strong
          className={`govuk-tag ${attendance === "attended" ? "govuk-tag--green" : attendance === "no_show" ? "govuk-tag--red" : "govuk-tag--grey"}`}
        >
          {ATTENDANCE_LABELS[attendance]}
        </strong>
        {person.toConfirm && !pending ? (
          <>
            <br />
            <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1" data-testid="to-confirm">
              Added themselves at check-in: tap Attended to confirm
            </strong>
          </>
        ) : null}
      </div>
      <fetcher.Form method="post" className="app-register-row__actions">
        <input type="hidden" name="intent" value="mark" />
        <input type="hidden" name="bookingId" value={person.id} />
        <button
          type="submit"
          name="attendance"
          value="attended"
          className="govuk-button"
          data-module="govuk-button"
          aria-pressed={attendance === "attended"}
        >
          Attended<span className="govuk-visually-hidden">: {person.name}</span>
        </button>
        <button
          type="submit"
          name="attendance"
          value="no_show"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          aria-pressed={attendance === "no_show"}
        >
          Did not attend<span className="govuk-visually-hidden">: {person.name}</span>
        </button>
      </fetcher.Form>
    </li>
  );
}

export default function Register() {
  const { session, programmeTitle, open, live, people, canManage, walkIns, find } = useLoaderData<typeof loader>();
  // Typed at the door: without JavaScript the form sends it and the page comes back filtered; with it, the
  // list narrows as each letter is typed.
  const [query, setQuery] = useState(find);
  const shown = people.filter((p) => matchesFind(query, [p.name, p.organisationName]));
  const result = useActionData<typeof action>();
  const attended = people.filter((p) => p.attendance === "attended").length;
  const noShow = people.filter((p) => p.attendance === "no_show").length;
  const unmarked = people.length - attended - noShow;
  // People checking themselves in with their phones appear as they do.
  usePolling(5_000, live);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={canManage ? `/admin/sessions/${session.id}` : "/admin/sessions"}>
          {canManage ? "Back to the session" : "All sessions"}
        </BackLink>
        <ErrorSummary
          errors={result && "error" in result && result.error ? { form: result.error } : result?.errors}
          order={["form", ...ATTENDEE_FIELD_ORDER, "raiseCapacity"]}
        />
        <span className="govuk-caption-l">{programmeTitle}</span>
        <h1 className="govuk-heading-l">Attendance register</h1>
        <p className="govuk-body">{formatTimeRange(new Date(session.startsAt), new Date(session.endsAt))}</p>
        <p className="govuk-body" role="status" data-testid="register-counts">
          {attended} attended, {noShow} did not attend, {unmarked} not marked — {people.length} booked.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/admin/sessions/${session.id}/sign-in-sheet`}>
            Printable sign-in sheet
          </Link>
          {session.status === "scheduled" ? (
            <>
              {" · "}
              <Link className="govuk-link" to={`/admin/sessions/${session.id}/check-in`}>
                Check-in screen with a QR code
              </Link>
            </>
          ) : null}
        </p>
        {session.status === "cancelled" ? (
          <div className="govuk-inset-text">This session was cancelled.</div>
        ) : !open ? (
          <div className="govuk-inset-text">The register opens on {formatDate(new Date(session.startsAt))}.</div>
        ) : (
          <>
            {people.length ? (
              <>
                <Form method="get" className="app-find" role="search" aria-label="Find a name on the register">
                  <div className="govuk-form-group">
                    <label className="govuk-label govuk-label--s" htmlFor="find">
                      Find a name
                    </label>
                    <div className="govuk-hint" id="find-hint">
                      Their name or organisation, or part of it.
                    </div>
                    <input
                      className="govuk-input govuk-input--width-20"
                      id="find"
                      name="find"
                      type="search"
                      autoComplete="off"
                      spellCheck={false}
                      aria-describedby="find-hint"
                      value={query}
                      onChange={(e) => setQuery(e.target.value)}
                    />{" "}
                    <button
                      type="submit"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      data-module="govuk-button"
                    >
                      Find
                    </button>
                  </div>
                </Form>
                {query.trim() ? (
                  <p className="govuk-body" role="status" data-testid="find-count">
                    {shown.length} of {people.length} {people.length === 1 ? "person" : "people"} match “{query.trim()}”.{" "}
                    <Link className="govuk-link" to="?" onClick={() => setQuery("")}>
                      Show everyone
                    </Link>
                  </p>
                ) : null}
                <ul className="govuk-list" aria-label="People booked">
                  {shown.map((p) => (
                    <RegisterRow key={p.id} person={p} />
                  ))}
                </ul>
              </>
            ) : (
              <p className="govuk-body">Nobody is booked.</p>
            )}
            {unmarked > 0 ? (
              <Form method="post">
                <button
                  type="submit"
                  name="intent"
                  value="remaining-no-show"
                  className="govuk-button govuk-button--secondary"
                  data-module="govuk-button"
                >
                  Mark the {unmarked} not yet marked as did not attend
                </button>
              </Form>
            ) : null}

            <h2 className="govuk-heading-m govuk-!-margin-top-6">Add someone who came without booking</h2>
            {walkIns.full && !walkIns.raiseCapacity ? (
              <div className="govuk-inset-text" data-testid="walk-ins-full">
                All {session.capacity} places are taken, and only an organiser can add more. Write the details of anyone else who came on
                the sign-in sheet for an organiser to add.
              </div>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="walk-in" />
                {walkIns.addOrganisation ? null : (
                  <p className="govuk-body">
                    You can add people from organisations already on the service&apos;s list. For anyone from a new organisation, write
                    their details on the sign-in sheet for an organiser to add.
                  </p>
                )}
                <AttendeeFields values={result?.values} errors={result?.errors} forStaff emailOptional />
                {walkIns.full ? (
                  <Checkbox
                    name="raiseCapacity"
                    label={`Raise the number of places from ${session.capacity} to ${people.length + 1} to include them`}
                    hint="All the places are taken: only do this if the room has space for them."
                    error={result?.errors?.raiseCapacity}
                    checked={result?.values?.raiseCapacity === "yes"}
                  />
                ) : null}
                <button type="submit" className="govuk-button" data-module="govuk-button">
                  Add as attended
                </button>
              </Form>
            )}
          </>
        )}
      </div>
    </div>
  );
}
