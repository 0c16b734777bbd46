import type { LoaderFunctionArgs } from "@remix-run/node";

import { getOutboxMessage } from "~/models/outbox-admin.server";
import { requireUser } from "~/models/staff-session.server";
import { idParam } from "~/utils/http.server";

/**
 * An email's HTML exactly as the recipient gets it, for administrators. Served as its own document under a
 * `sandbox` policy: no script can run and nothing is fetched from elsewhere, whatever the HTML contains.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const message = getOutboxMessage({ id: idParam(params, "messageId") });
  return new Response(message.htmlBody, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
