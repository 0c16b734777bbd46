import type { LoaderFunctionArgs } from "@remix-run/node";

import { audit } from "~/models/audit.server";
import { listBookingsForSession } from "~/models/booking.server";
import { getSessionForAdmin } from "~/models/session.server";
import { requireUser } from "~/models/staff-session.server";
import { csvResponse } from "~/utils/csv";
import { ukDateKey, ukTimeKey } from "~/utils/dates";
import { idParam } from "~/utils/http.server";

import { ATTENDANCE_LABELS, BOOKING_STATUS_LABELS, SECTOR_LABELS } from "../../domain/vocabulary";

/** The session's attendee list for organisers (personal data: signed-in organisers only, and the export is logged). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "organiser" });
  const sessionId = idParam(params, "sessionId");
  const { session, programme } = getSessionForAdmin({ sessionId });
  const { confirmed, waitlisted, cancelled } = listBookingsForSession({ sessionId });
  const rows: unknown[][] = [
    [
      "Name",
      "Email",
      "Organisation",
      "Type of organisation",
      "Department or team",
      "Job role",
      "Status",
      "Waiting list position",
      "Attendance",
      "Access needs",
      "Booked on",
    ],
  ];
  for (const b of [...confirmed, ...waitlisted, ...cancelled]) {
    rows.push([
      b.name,
      b.email,
      b.organisationName,
      SECTOR_LABELS[b.sector],
      b.department ?? "",
      b.jobRole,
      BOOKING_STATUS_LABELS[b.status],
      b.position ?? "",
      b.status === "confirmed" ? ATTENDANCE_LABELS[b.attendance] : "",
      b.accessNeeds ?? "",
      ukDateKey(b.createdAt),
    ]);
  }
  audit({
    userId: user.id,
    action: "session.export_attendees",
    entityType: "session",
    entityId: sessionId,
    details: { rows: rows.length - 1 },
    ipAddress: context.clientAddress,
  });
  return csvResponse(
    `${programme.slug}-${ukDateKey(session.startsAt)}-${ukTimeKey(session.startsAt).replace(":", "")}-attendees.csv`,
    rows,
  );
}
