import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { signOut } from "~/models/staff-session.server";

// Sign-out is a POST (from the header's button) so a link on another site cannot sign someone out.
export async function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}

export async function loader() {
  return redirect("/");
}
