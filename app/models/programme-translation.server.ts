/**
 * A programme's public words in Spanish, Portuguese and any language added later (ADR 028). Organisers give
 * them on the programme's edit page; each field left empty falls back to the English, and the page marks that
 * text as English (`lang="en"`) so a screen reader reads it in an English voice.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { audit } from "~/models/audit.server";
import { LOCALE_CODES, LOCALES, type Locale } from "~/utils/i18n";

import type { DbOrTx } from "../../db/client";

const t = schema.programmeTranslations;

export type ProgrammeTranslation = { title: string; publicTitle: string; summary: string; aims: string[] };

/** The languages a programme can be translated into: every one but English, the language it is written in. */
export const TRANSLATED_LOCALES = LOCALE_CODES.filter((code) => code !== "en");

/** Every programme's words in one language, by programme: a small table, read whole for a page of sessions. */
export function translationsIn({ locale, d = db }: { locale: Locale; d?: DbOrTx }): Map<number, ProgrammeTranslation> {
  if (locale === "en") return new Map();
  const rows = d
    .select({ programmeId: t.programmeId, title: t.title, publicTitle: t.publicTitle, summary: t.summary, aims: t.aims })
    .from(t)
    .where(eq(t.locale, locale))
    .all();
  return new Map(rows.map(({ programmeId, ...rest }) => [programmeId, rest]));
}

export function getProgrammeTranslations({ programmeId }: { programmeId: number }): Partial<Record<Locale, ProgrammeTranslation>> {
  const rows = db.select().from(t).where(eq(t.programmeId, programmeId)).all();
  return Object.fromEntries(rows.map((r) => [r.locale, { title: r.title, publicTitle: r.publicTitle, summary: r.summary, aims: r.aims }]));
}

/** Writes a programme's translations, inside the caller's transaction; a language with nothing given is removed. */
export function saveProgrammeTranslations(
  tx: DbOrTx,
  { programmeId, translations }: { programmeId: number; translations: Partial<Record<Locale, ProgrammeTranslation>> },
) {
  for (const locale of TRANSLATED_LOCALES) {
    const given = translations[locale];
    const empty = !given || (!given.title && !given.publicTitle && !given.summary && !given.aims.length);
    if (empty) {
      tx.delete(t)
        .where(and(eq(t.programmeId, programmeId), eq(t.locale, locale)))
        .run();
      continue;
    }
    tx.insert(t)
      .values({ programmeId, locale, ...given })
      .onConflictDoUpdate({
        target: [t.programmeId, t.locale],
        set: { ...given, updatedAt: sql`(cast(unixepoch('subsecond') * 1000 as integer))` },
      })
      .run();
  }
}

/** What a public page shows of a programme, in the page's language where it is given. */
type Shown = { programmeId: number; programmeTitle: string };

/**
 * The programme's title (and summary and aims, where the item has them) in the language, each with the
 * language it is actually in: null where it is in the page's language, "en" where English stands in.
 */
export function localised<T extends Shown & { summary?: string; aims?: string[] }>(
  item: T,
  locale: Locale,
  translations: Map<number, ProgrammeTranslation>,
): T & { titleLang: string | null; summaryLang: string | null; aimsLang: string | null } {
  if (locale === "en") return { ...item, titleLang: null, summaryLang: null, aimsLang: null };
  const given = translations.get(item.programmeId);
  const title = given?.title || null;
  const summary = given?.summary || null;
  const aims = given?.aims.length ? given.aims : null;
  return {
    ...item,
    programmeTitle: title ?? item.programmeTitle,
    titleLang: title ? null : "en",
    ...(item.summary !== undefined ? { summary: summary ?? item.summary } : {}),
    summaryLang: summary ? null : "en",
    ...(item.aims !== undefined ? { aims: aims ?? item.aims } : {}),
    aimsLang: aims ? null : "en",
  };
}

type TitledProgramme = { id: number; title: string; sensitive: boolean; publicTitle: string | null };

/**
 * One programme's title in a language, with the language it is actually in ("en" where English stands in):
 * the neutral public title of a sensitive programme where it may be seen by others (`neutral`), else its title.
 */
export function programmeTitleIn(
  programme: TitledProgramme,
  locale: Locale,
  { neutral }: { neutral: boolean },
  d: DbOrTx = db,
): { title: string; lang: string | null } {
  const useNeutral = neutral && programme.sensitive && Boolean(programme.publicTitle);
  const english = useNeutral ? programme.publicTitle! : programme.title;
  if (locale === "en") return { title: english, lang: null };
  const given = d
    .select({ title: t.title, publicTitle: t.publicTitle })
    .from(t)
    .where(and(eq(t.programmeId, programme.id), eq(t.locale, locale)))
    .get();
  const translated = useNeutral ? given?.publicTitle : given?.title;
  return translated ? { title: translated, lang: null } : { title: english, lang: "en" };
}

/** The neutral or full public title in a language, for emails and invites (a sensitive programme's stays neutral). */
export function publicTitleIn(programme: TitledProgramme, locale: Locale, d: DbOrTx = db): string {
  return programmeTitleIn(programme, locale, { neutral: true }, d).title;
}

/** One language's fields as the translations form posts them (`es.title`, `es.aims`…). */
export function translationsSchema() {
  const field = (label: string, max: number) =>
    z
      .string()
      .trim()
      .max(max, `${label} must be ${max} characters or fewer`)
      .optional()
      .transform((v) => v ?? "");
  return z.object(
    Object.fromEntries(
      TRANSLATED_LOCALES.flatMap((locale) => {
        const name = LOCALES[locale].name;
        return [
          [`${locale}.title`, field(`The ${name} title`, 200)],
          [`${locale}.publicTitle`, field(`The ${name} public title`, 200)],
          [`${locale}.summary`, field(`The ${name} summary`, 500)],
          [`${locale}.aims`, field(`The ${name} aims`, 4000)],
        ];
      }),
    ) as Record<string, ReturnType<typeof field>>,
  );
}

/** The form's fields, keyed as it posts them, from what is stored. */
export function translationFormValues({ programmeId }: { programmeId: number }): Record<string, string> {
  const stored = getProgrammeTranslations({ programmeId });
  return Object.fromEntries(
    TRANSLATED_LOCALES.flatMap((locale) => {
      const given = stored[locale];
      return [
        [`${locale}.title`, given?.title ?? ""],
        [`${locale}.publicTitle`, given?.publicTitle ?? ""],
        [`${locale}.summary`, given?.summary ?? ""],
        [`${locale}.aims`, given?.aims.join("\n") ?? ""],
      ];
    }),
  );
}

/** Saves what an organiser gave, with an audit entry naming the languages (not the words). */
export function updateProgrammeTranslations({
  programmeId,
  data,
  userId,
  ipAddress,
}: {
  programmeId: number;
  data: Record<string, string>;
  userId: number;
  ipAddress?: string;
}) {
  const translations = Object.fromEntries(
    TRANSLATED_LOCALES.map((locale) => [
      locale,
      {
        title: data[`${locale}.title`] ?? "",
        publicTitle: data[`${locale}.publicTitle`] ?? "",
        summary: data[`${locale}.summary`] ?? "",
        aims: (data[`${locale}.aims`] ?? "")
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      },
    ]),
  ) as Partial<Record<Locale, ProgrammeTranslation>>;
  db.transaction((tx) => {
    saveProgrammeTranslations(tx, { programmeId, translations });
    const given = TRANSLATED_LOCALES.filter((l) => {
      const x = translations[l]!;
      return x.title || x.publicTitle || x.summary || x.aims.length;
    });
    audit(
      { userId, action: "programme.translate", entityType: "programme", entityId: programmeId, details: { languages: given }, ipAddress },
      tx,
    );
  });
}
