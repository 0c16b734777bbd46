/**
 * A session's history in words an organiser reads at a glance (issue 15): "Start moved from 10am to 1pm",
 * not "update". Read from the audit log, which keeps what changed.
 */
import { listAuditEntries } from "~/models/audit.server";
import { formatShortDate, formatTime, ukDateKey } from "~/utils/dates";

type Change = { field: "startsAt" | "endsAt" | "venue" | "onlineUrl"; before: string | null; after: string | null };

const FIELD_WORDS = { startsAt: "Start", endsAt: "End", venue: "Venue", onlineUrl: "Joining link" } as const;

/** "10am" when the day stays; "10am on 3 Mar 2027" when it moves. */
function instants(before: string | null, after: string | null): [string, string] {
  if (!before || !after) return [before ? formatTime(new Date(before)) : "not set", after ? formatTime(new Date(after)) : "not set"];
  const a = new Date(before);
  const b = new Date(after);
  if (ukDateKey(a) === ukDateKey(b)) return [formatTime(a), formatTime(b)];
  return [`${formatTime(a)} on ${formatShortDate(a)}`, `${formatTime(b)} on ${formatShortDate(b)}`];
}

function describeChange(change: Change): string {
  const what = FIELD_WORDS[change.field] ?? change.field;
  if (change.field === "startsAt" || change.field === "endsAt") {
    const [from, to] = instants(change.before, change.after);
    return `${what} moved from ${from} to ${to}`;
  }
  if (!change.before) return `${what} added: ${change.after}`;
  if (!change.after) return `${what} removed`;
  return `${what} changed from ${change.before} to ${change.after}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describe(action: string, details: Record<string, unknown> | null): string {
  const d = details ?? {};
  switch (action) {
    case "session.create":
      return "Scheduled";
    case "session.update": {
      const parts = ((d.changes as Change[] | undefined) ?? []).map(describeChange);
      const capacity = d.capacity as { before: number; after: number } | undefined;
      if (capacity)
        parts.push(`Places ${capacity.after > capacity.before ? "raised" : "lowered"} from ${capacity.before} to ${capacity.after}`);
      const promoted = (d.promoted as unknown[] | undefined)?.length ?? 0;
      if (promoted) parts.push(`${plural(promoted, "person", "people")} on the waiting list given a place`);
      if (!parts.length) return "Details changed that attendees are not emailed about (facilitator, notes or booking deadline)";
      return `${parts.join("; ")}${(d.changes as Change[] | undefined)?.length ? ". Anyone booked was told" : ""}`;
    }
    case "session.cancel": {
      const n = Number(d.bookingsCancelled ?? 0);
      return `Cancelled: ${String(d.reason ?? "")}. ${n ? `${plural(n, "booking", "bookings")} cancelled, each told why` : "Nobody was booked"}`;
    }
    case "session.mark_remaining_no_show": {
      const n = Number(d.marked ?? 0);
      return `${plural(n, "person", "people")} not yet marked ${n === 1 ? "was" : "were"} marked as did not attend`;
    }
    case "session.feedback_close":
      return "Feedback closed";
    case "session.feedback_reopen":
      return "Feedback reopened";
    default:
      return action
        .replace(/^session\./, "")
        .replace(/_/g, " ")
        .replace(/^./, (c) => c.toUpperCase());
  }
}

export function sessionHistory({ sessionId, limit = 20 }: { sessionId: number; limit?: number }) {
  return listAuditEntries({ entityType: "session", entityId: sessionId, limit }).map((entry) => ({
    id: entry.id,
    createdAt: entry.createdAt,
    // No account: the service itself, or a member of staff whose account has since been removed.
    who: entry.userName ?? "no account recorded",
    text: describe(entry.action, entry.details as Record<string, unknown> | null),
  }));
}
