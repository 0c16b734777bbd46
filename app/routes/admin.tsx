import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";

import { requireUser } from "~/models/staff-session.server";

/** The staff area. Each child route checks its own role too: Remix runs loaders in parallel. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function AdminLayout() {
  return <Outlet />;
}
