import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { SessionTable } from "~/components/session-table";
import { listSessionsForAdmin, type AdminSessionFilter } from "~/models/session.server";
import { requireUser } from "~/models/staff-session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Sessions");

const FILTERS: Array<{ key: AdminSessionFilter; label: string }> = [
  { key: "upcoming", label: "Upcoming" },
  { key: "past", label: "Past" },
  { key: "cancelled", label: "Cancelled" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["organiser", "facilitator"] });
  const requested = new URL(request.url).searchParams.get("show");
  const filter = FILTERS.find((f) => f.key === requested)?.key ?? "upcoming";
  return { filter, sessions: listSessionsForAdmin({ filter }), registerOnly: user.role === "facilitator" };
}

export default function Sessions() {
  const { filter, sessions, registerOnly } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Sessions</h1>
      {registerOnly ? <p className="govuk-body">Choose a session to open its attendance register.</p> : null}
      <nav aria-label="Which sessions">
        <ul className="govuk-list app-inline-list">
          {FILTERS.map((f) => (
            <li key={f.key} className="app-inline-item">
              {f.key === filter ? (
                <strong aria-current="page">{f.label}</strong>
              ) : (
                <Link className="govuk-link" to={`/admin/sessions?show=${f.key}`}>
                  {f.label}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <SessionTable sessions={sessions} caption={`${FILTERS.find((f) => f.key === filter)!.label} sessions`} registerOnly={registerOnly} />
    </>
  );
}
