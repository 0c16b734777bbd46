import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { audit } from "~/models/audit.server";
import { requireUser } from "~/models/staff-session.server";
import { resetTwoStep } from "~/models/two-step.server";
import { listUsers, setUserDisabled } from "~/models/user.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

import { ROLE_LABELS } from "../../domain/vocabulary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Staff accounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  return { users: listUsers(), me: user.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actionSchema = z.object({
    intent: z.enum(["disable", "enable", "reset-two-step"]),
    userId: z.coerce.number().int().positive(),
  });
  const admin = await requireUser(request, { role: "admin" });
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "That request was not understood. Please try again." }, { status: 400 });
  const { intent, userId } = parsed.data;
  if (intent === "reset-two-step") {
    // Someone who lost their phone and their recovery codes: they set it up again when they next sign in.
    if (userId === admin.id) return data({ error: "Ask another administrator to reset your two-step verification." }, { status: 400 });
    resetTwoStep({ userId, byUserId: admin.id, ipAddress: context.clientAddress });
    return data({ error: null });
  }
  if (userId === admin.id) return data({ error: "You cannot disable your own account." }, { status: 400 });
  setUserDisabled({ userId, disabled: intent === "disable" });
  audit({ userId: admin.id, action: `user.${intent}`, entityType: "user", entityId: userId, ipAddress: context.clientAddress });
  return data({ error: null });
}

export default function Users() {
  const { users, me } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Staff accounts</h1>
      <p className="govuk-body">
        <Link to="/admin/users/new" className="govuk-button" data-module="govuk-button">
          Add a member of staff
        </Link>
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Staff accounts</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Email
            </th>
            <th scope="col" className="govuk-table__header">
              Role
            </th>
            <th scope="col" className="govuk-table__header">
              Last signed in
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            <th scope="col" className="govuk-table__header">
              Two-step
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {users.map((u) => (
            <tr key={u.id} className="govuk-table__row">
              <td className="govuk-table__cell">{u.name}</td>
              <td className="govuk-table__cell">{u.email}</td>
              <td className="govuk-table__cell">{ROLE_LABELS[u.role]}</td>
              <td className="govuk-table__cell">{u.lastSignedInAt ? formatDateTime(new Date(u.lastSignedInAt)) : "Never"}</td>
              <td className="govuk-table__cell">
                {u.disabledAt ? (
                  <strong className="govuk-tag govuk-tag--grey">Disabled</strong>
                ) : (
                  <strong className="govuk-tag govuk-tag--green">Active</strong>
                )}
              </td>
              <td className="govuk-table__cell">{u.oidcSubject ? "Council account" : u.totpEnabledAt ? "On" : "Off"}</td>
              <td className="govuk-table__cell app-table-actions">
                {u.id === me ? null : (
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" name="intent" value={u.disabledAt ? "enable" : "disable"} className="app-button-link">
                      {u.disabledAt ? "Enable" : "Disable"}
                      <span className="govuk-visually-hidden"> {u.name}</span>
                    </button>
                    {u.totpEnabledAt ? (
                      <button type="submit" name="intent" value="reset-two-step" className="app-button-link">
                        Reset two-step<span className="govuk-visually-hidden"> verification for {u.name}</span>
                      </button>
                    ) : null}
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
