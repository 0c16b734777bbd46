import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/models/staff-session.server";
import { auditSubjectAccess, subjectAccessReport, subjectAccessRows, subjectSchema } from "~/models/subject-access.server";
import { csvResponse } from "~/utils/csv";
import { parseForm } from "~/utils/forms";

/** The download is posted from the subject access page, so the person's address is never in a link. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return new Response("Download this from the Subject access page: find the person, then choose Download.", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const form = parseForm(await request.formData(), subjectSchema);
  if (!form.ok) return new Response("Enter the person's email address on the Subject access page.", { status: 400 });
  auditSubjectAccess({ email: form.data.email, userId: user.id, ipAddress: context.clientAddress });
  return csvResponse("subject-access.csv", subjectAccessRows(subjectAccessReport({ email: form.data.email })));
}
