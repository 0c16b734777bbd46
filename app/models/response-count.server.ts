/**
 * Which feedback responses count in the figures (docs/decisions/009-report-figures.md). Per session and form
 * (its evaluation, and the follow-ups weeks later: ADR 026):
 * 1. a response an organiser voided never counts;
 * 2. a response through an attendee's own link whose booking was cancelled, or was marked "did not attend"
 *    once the register was taken, does not count;
 * 3. of the rest, attendee-link and paper responses first, then room-link responses in the order they
 *    arrived, count up to the number expected to respond: those who attended, or everyone with a place where
 *    no register was taken. The room link cannot be tied to a person, so beyond that number its responses
 *    are held, not counted, until an organiser voids some or the register grows.
 * So a session's counted responses can never exceed the people expected to give them.
 */
import { and, eq, sql, type Column, type SQL } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { clock } from "~/utils/clock.server";
import { notFound } from "~/utils/http.server";

export type UncountedReason = "voided" | "not_attended" | "over";

export type Uncounted = { id: number; sessionId: number; formId: number; channel: string; reason: UncountedReason };

/** The conditions of the partial indexes `responses_review_idx` and `bookings_feedback_review_idx` (db/schema.ts), word for word, so SQLite uses them. */
export const REVIEW_RESPONSES = "channel <> 'attendee_link' or voided_at is not null";
export const REVIEW_BOOKINGS =
  "(feedback_given_at is not null or follow_up_given_at is not null or manager_given_at is not null) and (status <> 'confirmed' or attendance <> 'attended')";

const r = schema.responses;
const b = schema.bookings;
const s = schema.sessions;

/**
 * The responses of the sessions in `sessionIds` (a SQL list of session ids) that the rule above leaves out,
 * with the reason. Usually none; the figures then read answers without any extra filter.
 */
export function uncountedResponses({ sessionIds }: { sessionIds: SQL }): Uncounted[] {
  return db
    .all<{ id: number; session_id: number; form_id: number; channel: string; reason: UncountedReason }>(
      // Only a session with a room-link, paper or voided response, or a response from a booking that did not
      // come, can have anything left out. Both are found through small partial indexes, so a report over
      // years of sessions does not rank every response (the usual case is that nothing is left out).
      sql`
    with candidates as (
      select ${r.sessionId} as session_id from ${r}
      where (${sql.raw(REVIEW_RESPONSES)}) and ${r.sessionId} in ${sessionIds}
      union
      select ${b.sessionId} from ${b}
      where (${sql.raw(REVIEW_BOOKINGS)}) and ${b.sessionId} in ${sessionIds}
    ),
    scoped as (
      select ${r.id} as id, ${r.sessionId} as session_id, ${r.formId} as form_id, ${r.channel} as channel, ${r.voidedAt} is not null as voided,
        (${r.bookingId} is not null and (${b.id} is null or ${b.status} <> 'confirmed'
          or (${s.attendanceTakenAt} is not null and ${b.attendance} <> 'attended'))) as not_attended
      from ${r} join ${s} on ${s.id} = ${r.sessionId} left join ${b} on ${b.id} = ${r.bookingId}
      where ${r.sessionId} in (select session_id from candidates)
    ),
    eligible as (select id, session_id, form_id, channel from scoped where not voided and not not_attended),
    expected as (
      select ${b.sessionId} as session_id,
        sum(case when ${s.attendanceTakenAt} is null then 1 when ${b.attendance} = 'attended' then 1 else 0 end) as n
      from ${b} join ${s} on ${s.id} = ${b.sessionId}
      where ${b.status} = 'confirmed' and ${b.sessionId} in (select distinct session_id from eligible)
      group by ${b.sessionId}
    ),
    crowded as (
      select e.session_id, e.form_id, coalesce(x.n, 0) as n from eligible e left join expected x on x.session_id = e.session_id
      group by e.session_id, e.form_id having count(*) > coalesce(x.n, 0)
    ),
    ranked as (
      select e.id, e.session_id, e.form_id, e.channel,
        row_number() over (partition by e.session_id, e.form_id order by e.channel = 'anonymous_link', e.id) as place
      from eligible e where e.session_id in (select session_id from crowded)
    )
    select id, session_id, form_id, channel, 'voided' as reason from scoped where voided
    union all
    select id, session_id, form_id, channel, 'not_attended' from scoped where not voided and not_attended
    union all
    select ranked.id, ranked.session_id, ranked.form_id, ranked.channel, 'over' from ranked
      join crowded on crowded.session_id = ranked.session_id and crowded.form_id = ranked.form_id
    where ranked.place > crowded.n
    order by 1`,
    )
    .map((row) => ({ id: row.id, sessionId: row.session_id, formId: row.form_id, channel: row.channel, reason: row.reason }));
}

/** A condition leaving the given responses out: nothing at all when there are none. */
export function excluding(
  uncounted: Uncounted[],
  /** A response id column: an answer's (the default), a response's own, or an alias's. */
  column: Column = schema.answers.responseId,
): SQL {
  if (!uncounted.length) return sql``;
  return sql`and ${column} not in (select value from json_each(${JSON.stringify(uncounted.map((u) => u.id))}))`;
}

export type RoomLinkSummary = {
  /** Responses sent through the room link and not voided. */
  held: number;
  counted: number;
  /** Beyond the number expected to respond. */
  over: number;
  voided: number;
};

/** What the room link holds for the sessions in scope, for the report to say. */
export function roomLinkSummary({ sessionIds, uncounted }: { sessionIds: SQL; uncounted: Uncounted[] }): RoomLinkSummary {
  const all = db.get<{ n: number }>(
    sql`select count(*) as n from ${r} where (${sql.raw(REVIEW_RESPONSES)}) and ${r.channel} = 'anonymous_link' and ${r.sessionId} in ${sessionIds}`,
  )!.n;
  const room = uncounted.filter((u) => u.channel === "anonymous_link");
  const voided = room.filter((u) => u.reason === "voided").length;
  const over = room.filter((u) => u.reason === "over").length;
  return { held: all - voided, counted: all - room.length, over, voided };
}

export type RoomLinkResponse = {
  id: number;
  submittedAt: Date;
  /** Sent again from the same device, replacing the first answers. */
  replacedAt: Date | null;
  /** Another response came earlier from the same device (someone said they were a different person). */
  sameDeviceAsEarlier: boolean;
  status: "counted" | "over" | "voided";
  voidReason: string | null;
  /** The free-text answers, shortened: enough to judge whether a response is genuine. */
  comments: string;
};

/** A session's room-link responses, newest first, with whether each counts and why not, for organisers to review. */
export function listRoomLinkResponses({ sessionId }: { sessionId: number }): RoomLinkResponse[] {
  const uncounted = new Map(uncountedResponses({ sessionIds: sql`(${sessionId})` }).map((u) => [u.id, u.reason]));
  const rows = db.all<{
    id: number;
    submitted_at: number;
    updated_at: number;
    device_key: string | null;
    void_reason: string | null;
    comments: string | null;
  }>(sql`
    select ${r.id}, ${r.submittedAt}, ${r.updatedAt}, ${r.deviceKey}, ${r.voidReason},
      (select group_concat(${schema.answers.text}, ' / ') from ${schema.answers}
        where ${schema.answers.responseId} = ${r.id} and ${schema.answers.text} is not null) as comments
    from ${r} where ${r.sessionId} = ${sessionId} and ${r.channel} = 'anonymous_link' order by ${r.id} desc`);
  const firstOnDevice = new Map<string, number>();
  for (const row of [...rows].reverse())
    if (row.device_key && !firstOnDevice.has(row.device_key)) firstOnDevice.set(row.device_key, row.id);
  return rows.map((row) => {
    const reason = uncounted.get(row.id);
    const comments = row.comments ?? "";
    return {
      id: row.id,
      submittedAt: new Date(row.submitted_at),
      replacedAt: row.updated_at - row.submitted_at > 1000 ? new Date(row.updated_at) : null,
      sameDeviceAsEarlier: row.device_key !== null && firstOnDevice.get(row.device_key) !== row.id,
      status: reason === "voided" ? "voided" : reason === "over" ? "over" : "counted",
      voidReason: row.void_reason,
      comments: comments.length > 160 ? `${comments.slice(0, 157)}…` : comments,
    };
  });
}

/** How a session's evaluation responses stand against the number expected to give them. */
export function sessionResponseCounts({ sessionId }: { sessionId: number }) {
  const sessionIds = sql`(${sessionId})`;
  const evaluation = db.get<{ id: number }>(sql`
    select ${schema.forms.id} from ${schema.forms} join ${s} on ${s.programmeId} = ${schema.forms.programmeId}
    where ${s.id} = ${sessionId} and ${schema.forms.kind} = 'evaluation'`)?.id;
  const uncounted = uncountedResponses({ sessionIds }).filter((u) => u.formId === evaluation);
  const total = db.get<{ n: number }>(
    sql`select count(*) as n from ${r} where ${r.sessionId} = ${sessionId} and ${r.formId} = ${evaluation ?? 0}`,
  )!.n;
  const expected = db.get<{ n: number }>(sql`
    select coalesce(sum(case when ${s.attendanceTakenAt} is null then 1 when ${b.attendance} = 'attended' then 1 else 0 end), 0) as n
    from ${b} join ${s} on ${s.id} = ${b.sessionId} where ${b.sessionId} = ${sessionId} and ${b.status} = 'confirmed'`)!.n;
  return { counted: total - uncounted.length, expected, room: roomLinkSummary({ sessionIds, uncounted }) };
}

export const voidSchema = z.object({
  responseId: z.coerce.number().int().positive(),
  reason: z
    .string()
    .trim()
    .min(1, "Enter why this response should not count, for example “sent twice from the same phone”")
    .max(200, "The reason must be 200 characters or fewer"),
});

/** Leaves a room-link response out of every figure (or, with `restore`, counts it again). Audited. */
export function setResponseVoided({
  sessionId,
  responseId,
  reason,
  restore = false,
  userId,
  now = clock(),
}: {
  sessionId: number;
  responseId: number;
  reason?: string;
  restore?: boolean;
  userId: number;
  now?: Date;
}) {
  db.transaction((tx) => {
    const row = tx
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.id, responseId), eq(r.sessionId, sessionId), eq(r.channel, "anonymous_link")))
      .get();
    if (!row) throw notFound("Response not found");
    tx.update(r)
      .set(restore ? { voidedAt: null, voidedBy: null, voidReason: null } : { voidedAt: now, voidedBy: userId, voidReason: reason ?? null })
      .where(eq(r.id, responseId))
      .run();
    audit(
      {
        userId,
        action: restore ? "response.restore" : "response.void",
        entityType: "response",
        entityId: responseId,
        details: restore ? { sessionId } : { sessionId, reason },
      },
      tx,
    );
  });
}
