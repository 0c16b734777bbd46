import { and, desc, eq } from "drizzle-orm";

import { db, schema } from "~/db.server";

import type { DbOrTx } from "../../db/client";

export type AuditEntry = {
  userId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
};

/** Records a staff action. Pass the transaction making the change, so the record and the change commit together. */
export function audit(entry: AuditEntry, tx: DbOrTx = db) {
  tx.insert(schema.auditLog)
    .values({
      userId: entry.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details ?? null,
      ipAddress: entry.ipAddress ?? null,
    })
    .run();
}

export function listAuditEntries({ entityType, entityId, limit = 50 }: { entityType: string; entityId: number; limit?: number }) {
  return db
    .select({
      id: schema.auditLog.id,
      action: schema.auditLog.action,
      details: schema.auditLog.details,
      createdAt: schema.auditLog.createdAt,
      userName: schema.users.name,
    })
    .from(schema.auditLog)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.userId))
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, entityId)))
    .orderBy(desc(schema.auditLog.createdAt), desc(schema.auditLog.id))
    .limit(limit)
    .all();
}
