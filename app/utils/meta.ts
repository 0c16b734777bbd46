import type { MetaDescriptor } from "@remix-run/node";

import { asLocale, translator, type MessageKey, type Translate } from "./i18n";

type RootData = { serviceName?: string; locale?: string } | undefined;
type MatchLike = { id: string; data?: unknown };

/**
 * "Page – Service name". (The GOV.UK "Error: " prefix for a page showing validation errors is added by
 * ErrorSummary, since meta functions cannot see action data.)
 */
export function pageTitle(matches: MatchLike[], title: string): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as RootData;
  const service = root?.serviceName ?? "Training and Events";
  return [{ title: `${title} – ${service}` }];
}

/** The page's language, as the root chose it, for a meta function (which cannot use hooks). */
export function metaTranslator(matches: MatchLike[]): Translate {
  const root = matches.find((m) => m.id === "root")?.data as RootData;
  return translator(asLocale(root?.locale));
}

/** A public page's title from the catalogue, in the page's language. */
export function localTitle(matches: MatchLike[], key: MessageKey, values?: Parameters<Translate>[1]): MetaDescriptor[] {
  return pageTitle(matches, metaTranslator(matches)(key, values));
}
