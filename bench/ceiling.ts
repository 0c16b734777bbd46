/**
 * The ceiling of this stack (issue 13): bare `node:http` and better-sqlite3, doing the same SQL as the app and
 * writing the same content with template strings, nothing else (no framework, no router, no React). The
 * public-pages benchmark compares the app with it; `tests/ceiling.test.ts` checks their output is the same for
 * the same data, so the comparison stays honest. Paths are added here as the benchmark measures them.
 */
import { createServer, type Server } from "node:http";

import Database from "better-sqlite3";

export type Ceiling = { server: Server; url: string; close: () => Promise<void> };

/** Upcoming public sessions, as `listUpcomingSessions` and `seriesLabels` read them, in one statement. */
const UPCOMING = `
  select s.id, p.title as programme_title, p.sensitive, p.public_title, s.starts_at, s.ends_at, s.venue, s.online_url, s.capacity,
    s.booking_closes_at, s.series_id,
    (select count(*) from bookings b where b.session_id = s.id and b.status = 'confirmed') as confirmed
  from sessions s join programmes p on p.id = s.programme_id
  where s.status = 'scheduled' and s.starts_at > ? and p.archived_at is null
  order by s.starts_at, s.id`;
const SERIES = `
  select id, row_number() over (partition by series_id order by starts_at, id) as position, count(*) over (partition by series_id) as total
  from sessions where series_id in (select value from json_each(?))`;

type Row = {
  id: number;
  programme_title: string;
  sensitive: number;
  public_title: string | null;
  starts_at: number;
  ends_at: number;
  venue: string | null;
  online_url: string | null;
  capacity: number;
  booking_closes_at: number;
  series_id: number | null;
  confirmed: number;
};

export async function startCeiling({
  databasePath,
  publicUrl,
  mailFrom,
  now = () => new Date(),
}: {
  databasePath: string;
  /** The app's PUBLIC_URL, for the links it writes. */
  publicUrl: string;
  /** The app's MAIL_FROM: the training team's contact until one is set. */
  mailFrom: string;
  now?: () => Date;
}): Promise<Ceiling> {
  const db = new Database(databasePath, { readonly: true });
  db.pragma("busy_timeout = 5000");
  const upcoming = db.prepare(UPCOMING);
  const series = db.prepare(SERIES);
  const contact = db.prepare("select value from site_settings where key = 'trainingContact'").pluck();

  function apiSessions(): string {
    const at = now().getTime();
    const rows = upcoming.all(at) as Row[];
    const seriesIds = [...new Set(rows.map((r) => r.series_id).filter((id) => id !== null))];
    const labels = new Map<number, string>();
    if (seriesIds.length)
      for (const r of series.all(JSON.stringify(seriesIds)) as Array<{ id: number; position: number; total: number }>)
        labels.set(r.id, `Session ${r.position} of ${r.total}`);
    const sessions = rows.map((r) => {
      const programme = r.sensitive && r.public_title ? r.public_title : r.programme_title;
      const label = labels.get(r.id);
      const placesLeft = Math.max(0, r.capacity - r.confirmed);
      const bookingOpen = r.booking_closes_at > at;
      return {
        id: r.id,
        programme,
        title: label ? `${programme}: ${label.toLowerCase()}` : programme,
        start: new Date(r.starts_at).toISOString(),
        end: new Date(r.ends_at).toISOString(),
        venue: r.venue,
        online: Boolean(r.online_url) && !r.venue,
        capacity: r.capacity,
        placesLeft,
        bookingOpen,
        waitingListOpen: bookingOpen && placesLeft === 0,
        bookingClosesAt: new Date(r.booking_closes_at).toISOString(),
        url: `${publicUrl}/events/${r.id}`,
      };
    });
    const stored = contact.get() as string | undefined;
    const set = stored ? (JSON.parse(stored) as { email?: string; phone?: string }) : null;
    const email = set?.email ?? mailFrom;
    const phone = set?.email ? set.phone || null : null;
    return JSON.stringify({ sessions, contact: { email, phone } }, null, 2);
  }

  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/api/sessions") {
      response.writeHead(200, {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "public, max-age=60",
        "Access-Control-Allow-Origin": "*",
      });
      response.end(apiSessions());
      return;
    }
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end("Not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        db.close();
      }),
  };
}
