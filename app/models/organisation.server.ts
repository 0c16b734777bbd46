import { asc, eq, sql } from "drizzle-orm";

import { db, schema } from "~/db.server";

import type { DbOrTx } from "../../db/client";
import { preparedOn } from "../../db/prepared";
import type { Sector } from "../../domain/vocabulary";

/**
 * "Hotel Aurora Ltd." and "hotel  aurora ltd" are one organisation: lower-case, "&" as "and", punctuation
 * and repeated spaces removed. Legal suffixes are kept: "Aurora Ltd" and "Aurora plc" may differ.
 */
export function normaliseOrganisationName(name: string): string {
  const folded = name.normalize("NFKC").toLowerCase();
  const words = folded
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
  // A name of symbols alone ("—", an emoji) has no words to compare: it is matched as typed instead. The
  // booking forms ask for letters or numbers, so only older or imported rows can have one.
  return words || folded.replace(/\s+/g, " ").trim();
}

/** Whether an organisation of this name (as normalised) is already on the service's list. */
export function organisationIsKnown({ name, tx = db }: { name: string; tx?: DbOrTx }): boolean {
  const normalisedName = normaliseOrganisationName(name);
  return Boolean(
    tx
      .select({ id: schema.organisations.id })
      .from(schema.organisations)
      .where(eq(schema.organisations.normalisedName, normalisedName))
      .get(),
  );
}

/**
 * The organisation with this name, created with the given sector if new. An existing organisation keeps
 * its sector: the first booking names it, later ones should not silently move it between report rows.
 */
export function findOrCreateOrganisation({ name, sector, tx = db }: { name: string; sector: Sector; tx?: DbOrTx }) {
  const normalisedName = normaliseOrganisationName(name);
  if (!normalisedName) throw new Error("An organisation needs a name");
  preparedOn(tx, "organisations.add", (d) =>
    d
      .insert(schema.organisations)
      .values({ name: sql.placeholder("name"), normalisedName: sql.placeholder("normalisedName"), sector: sql.placeholder("sector") })
      .onConflictDoNothing({ target: schema.organisations.normalisedName })
      .prepare(),
  ).run({ name: name.trim(), normalisedName, sector });
  const row = preparedOn(tx, "organisations.by-name", (d) =>
    d
      .select()
      .from(schema.organisations)
      .where(eq(schema.organisations.normalisedName, sql.placeholder("normalisedName")))
      .prepare(),
  ).get({ normalisedName });
  if (!row) throw new Error("Organisation vanished while being created");
  return row;
}

export function listOrganisations() {
  return db.select().from(schema.organisations).orderBy(asc(schema.organisations.name)).all();
}
