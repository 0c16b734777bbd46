import type { MetaDescriptor } from "@remix-run/node";

type RootData = { serviceName?: string } | undefined;
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
