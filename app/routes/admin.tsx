import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useRouteError } from "@remix-run/react";

import { ErrorPage, errorHeading } from "~/components/error-page";
import { requireUser } from "~/models/staff-session.server";
import { localTranslator } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

/** Only when this area's error page shows; otherwise each staff page titles itself. */
export const meta: MetaFunction = ({ error, matches }) => (error ? pageTitle(matches, errorHeading(error, localTranslator("en"))) : []);

/** The staff area. Each child route checks its own role too: Remix runs loaders in parallel. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function AdminLayout() {
  return <Outlet />;
}

/** An error in a staff page stays inside the staff area: the header and staff menu remain, and "not found" leads back to the dashboard. */
export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} area="staff" />;
}
