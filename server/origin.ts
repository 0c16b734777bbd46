/**
 * The one check that a form post comes from this site's own pages (docs/decisions/015-requests-checked-before-the-app.md).
 * It runs before the app; Remix's own check never sees an Origin to compare, so it cannot turn a proxy's
 * Host header into an error page.
 */

import type { RefusalWords } from "./request-body";

export type OriginRefusal = { status: 403; title: string; message: string; words: RefusalWords };

const CROSS_SITE: OriginRefusal = {
  status: 403,
  title: "Forms can only be sent from this site",
  message: "The form was sent from another website, so it was not accepted. Open the page on this site and send the form from there.",
  words: { title: "crossSite", message: "crossSite" },
};

/** An http(s) address, parsed; null for anything else, malformed included. */
function webUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Refuses a POST whose Origin is another site. Accepted: the public address (PUBLIC_URL), which is what a
 * browser sends whatever a proxy does to Host; and, only when nothing stands in front of the app
 * (TRUST_PROXY_HOPS=0), the address the browser itself used (its Host), so a demo reached as 127.0.0.1 or by a
 * machine name works. No Origin, or the opaque `null` some privacy settings send, says nothing either way and
 * is accepted: SameSite cookies keep staff sessions out of cross-site posts.
 *
 * An X-Forwarded-Host naming another host is refused too: either a proxy is set up wrongly or the header was
 * forged, and neither should reach an action.
 */
export function refuseCrossSitePost({
  method,
  headers,
  publicUrl,
  trustProxyHops,
}: {
  method: string;
  headers: { origin?: string; host?: string; "x-forwarded-host"?: string | string[] };
  publicUrl: string;
  trustProxyHops: number;
}): OriginRefusal | null {
  if (method === "GET" || method === "HEAD") return null;
  const site = webUrl(publicUrl);
  const forwarded = headers["x-forwarded-host"];
  if (forwarded !== undefined) {
    const first = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).split(",")[0]!.trim().toLowerCase();
    if (first !== site?.host) return CROSS_SITE;
  }
  const origin = headers.origin;
  if (origin === undefined || origin === "null") return null;
  const from = webUrl(origin);
  if (from && from.origin === site?.origin) return null;
  if (from && trustProxyHops === 0 && headers.host && from.host === headers.host.toLowerCase()) return null;
  return CROSS_SITE;
}
