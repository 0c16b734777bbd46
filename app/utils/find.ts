/**
 * Finding a person by what staff type at the door or on the phone: every word typed must appear in one of the
 * person's details, ignoring case and accents ("zoe dar" finds "Zoë D'Arcy"). Shared by the server and the
 * register's live filter in the browser.
 */
export function normaliseForFind(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’']/g, "");
}

export function matchesFind(query: string, fields: Array<string | null | undefined>): boolean {
  const words = normaliseForFind(query).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = fields.map((f) => normaliseForFind(f ?? "")).join(" ");
  return words.every((w) => haystack.includes(w));
}
