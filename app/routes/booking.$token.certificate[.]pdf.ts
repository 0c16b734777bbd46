import type { LoaderFunctionArgs } from "@remix-run/node";

import { certificateForManageToken } from "~/models/certificate.server";
import { certificatePdf } from "~/utils/certificate-pdf.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";

/** The attendee's certificate of attendance (ADR 023), once they are marked as having come and the session has ended. */
export async function loader({ params }: LoaderFunctionArgs) {
  const now = clock();
  const certificate = certificateForManageToken({ token: params.token ?? "", now });
  if (!certificate) throw notFound("There is a certificate only for someone marked as having attended, once the session has ended.");
  const pdf = await certificatePdf({ ...certificate, now }, { cjkFont: getEnv().CERTIFICATE_CJK_FONT });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="certificate-of-attendance.pdf"',
      "Content-Length": String(pdf.length),
      // The address is the key to the booking.
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
