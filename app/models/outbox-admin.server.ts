/** The outbox as administrators see it: every message, its fate, and sending a failed one again. */
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { notFound } from "~/utils/http.server";

import { type EmailKind, type EmailStatus } from "../../domain/vocabulary";

const o = schema.emailOutbox;

export function listOutbox({
  status,
  kind,
  search,
  limit = 100,
}: { status?: EmailStatus; kind?: EmailKind; search?: string; limit?: number } = {}) {
  const where: SQL[] = [];
  if (status) where.push(eq(o.status, status));
  if (kind) where.push(eq(o.kind, kind));
  if (search) where.push(sql`(${o.toAddress} like ${`%${search}%`} or ${o.subject} like ${`%${search}%`})`);
  return db
    .select({
      id: o.id,
      kind: o.kind,
      status: o.status,
      toAddress: o.toAddress,
      subject: o.subject,
      attempts: o.attempts,
      createdAt: o.createdAt,
      sentAt: o.sentAt,
      icsMethod: o.icsMethod,
      lastError: o.lastError,
    })
    .from(o)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(o.id))
    .limit(limit)
    .all();
}

export function countOutboxByStatus() {
  return Object.fromEntries(
    db
      .select({ status: o.status, n: count() })
      .from(o)
      .groupBy(o.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<EmailStatus, number>>;
}

export function getOutboxMessage({ id }: { id: number }) {
  const row = db.select().from(o).where(eq(o.id, id)).get();
  if (!row) throw notFound("Message not found");
  return row;
}

/** An administrator sends a failed (or held) message again: it goes back in the queue, due now. */
export function retryOutboxMessage({ id, userId }: { id: number; userId: number }) {
  const row = getOutboxMessage({ id });
  if (row.status !== "failed" && row.status !== "held")
    throw new Response("Only failed or held messages can be sent again", { status: 409 });
  db.update(o).set({ status: "queued", attempts: 0, nextAttemptAt: clock(), lastError: null }).where(eq(o.id, id)).run();
  db.insert(schema.auditLog).values({ userId, action: "email.retry", entityType: "email", entityId: id }).run();
}
