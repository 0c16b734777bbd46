/**
 * The ceiling of this stack (issue 13): bare `node:http` and better-sqlite3, doing the same SQL as the app and
 * writing the same content with template strings, nothing else (no framework, no router, no React). The
 * public-pages benchmark compares the app with it; `tests/ceiling.test.ts` checks their output is the same for
 * the same data (the pages' main content, bench/ceiling-pages.ts; the sessions feed whole), so the comparison
 * stays honest.
 */
import { createServer, type Server, type ServerResponse } from "node:http";

import Database from "better-sqlite3";

import { ceilingBooking } from "./ceiling-booking";
import { eventsMain, homeMain, monthKey, page, sessionMain, type CardSession, type PublicSession } from "./ceiling-pages";
import { CATEGORY_LABELS, SECTOR_LABELS, SECTORS, type ProgrammeCategory } from "../domain/vocabulary";

export type Ceiling = { server: Server; url: string; close: () => Promise<void> };

/** Upcoming public sessions, as `listUpcomingSessions` and `seriesLabels` read them, in one statement. */
const UPCOMING = `
  select s.id, p.title as programme_title, p.sensitive, p.public_title, s.starts_at, s.ends_at, s.venue, s.online_url, s.capacity,
    s.booking_closes_at, s.series_id,
    (select count(*) from bookings b where b.session_id = s.id and b.status = 'confirmed') as confirmed
  from sessions s join programmes p on p.id = s.programme_id
  where s.status = 'scheduled' and s.starts_at > ? and p.archived_at is null
  order by s.starts_at, s.id`;
const UPCOMING_COUNT = `
  select count(*) from sessions s join programmes p on p.id = s.programme_id
  where s.status = 'scheduled' and s.starts_at > ? and p.archived_at is null`;
const UPCOMING_STARTS = `
  select distinct s.starts_at from sessions s join programmes p on p.id = s.programme_id
  where s.status = 'scheduled' and s.starts_at > ? and p.archived_at is null order by s.starts_at`;
const PER_PAGE = 20;
const PROGRAMMES = `
  select distinct p.id, p.title from sessions s join programmes p on p.id = s.programme_id
  where s.status = 'scheduled' and s.starts_at > ? and p.archived_at is null order by p.title`;
const ONE_SESSION = `
  select s.id, p.title as programme_title, p.category, p.summary, p.description, p.aims, p.audience, p.archived_at, s.status,
    s.starts_at, s.ends_at, s.venue, s.online_url, s.capacity, s.booking_closes_at, s.cancelled_reason, s.series_id,
    (select count(*) from bookings b where b.session_id = s.id and b.status = 'confirmed') as confirmed
  from sessions s join programmes p on p.id = s.programme_id where s.id = ?`;
const ONE_SERIES_LABEL = `
  select position, total from (
    select id, row_number() over (order by starts_at, id) as position, count(*) over () as total from sessions where series_id = ?
  ) where id = ?`;
const DEPARTMENTS = `select min(department) as department from staff_members where left_at is null group by lower(trim(department)) order by 1`;
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
  organisationName = "Safer City Partnership",
  now = () => new Date(),
}: {
  databasePath: string;
  /** The app's PUBLIC_URL, for the links it writes. */
  publicUrl: string;
  /** The app's MAIL_FROM: the training team's contact until one is set. */
  mailFrom: string;
  /** The app's ORGANISATION_NAME. */
  organisationName?: string;
  now?: () => Date;
}): Promise<Ceiling> {
  // Not read-only: the ceiling also takes bookings (the rush).
  const db = new Database(databasePath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const upcoming = db.prepare(UPCOMING);
  const series = db.prepare(SERIES);
  const contact = db.prepare("select value from site_settings where key = 'trainingContact'").pluck();
  const firstUpcoming = db.prepare(`${UPCOMING} limit 8`);
  const firstPage = db.prepare(`${UPCOMING} limit ${PER_PAGE}`);
  const upcomingCount = db.prepare(UPCOMING_COUNT).pluck();
  const upcomingStarts = db.prepare(UPCOMING_STARTS).pluck();
  const programmes = db.prepare(PROGRAMMES);
  const oneSession = db.prepare(ONE_SESSION);
  const oneSeriesLabel = db.prepare(ONE_SERIES_LABEL);
  const departments = db.prepare(DEPARTMENTS).pluck();
  const sectors = SECTORS.map((value) => ({ value, label: SECTOR_LABELS[value] }));

  function trainingContact() {
    const stored = contact.get() as string | undefined;
    const set = stored ? (JSON.parse(stored) as { email?: string; phone?: string }) : null;
    return { email: set?.email ?? mailFrom, phone: set?.email ? set.phone || null : null };
  }

  const toCard = (r: Row, at: number): CardSession => ({
    id: r.id,
    title: r.programme_title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    online: Boolean(r.online_url) && !r.venue,
    placesLeft: Math.max(0, r.capacity - r.confirmed),
    bookingOpen: r.booking_closes_at > at,
  });

  function home(): string {
    const at = now().getTime();
    const sessions = (firstUpcoming.all(at) as Row[]).map((r) => toCard(r, at));
    return page("Training and events", homeMain({ organisationName, sessions }));
  }

  function events(): string {
    const at = now().getTime();
    const rows = firstPage.all(at) as Row[];
    const months = [...new Set((upcomingStarts.all(at) as number[]).map(monthKey))];
    return page(
      "Upcoming events",
      eventsMain({
        sessions: rows.map((r) => toCard(r, at)),
        total: upcomingCount.get(at) as number,
        page: 1,
        perPage: PER_PAGE,
        programmes: programmes.all(at) as Array<{ id: number; title: string }>,
        months,
      }),
    );
  }

  /** Null when there is no such public session. */
  function session(id: number): string | null {
    const r = oneSession.get(id) as
      | (Row & {
          category: ProgrammeCategory;
          summary: string;
          description: string | null;
          aims: string | null;
          audience: string | null;
          archived_at: number | null;
          status: string;
          cancelled_reason: string | null;
        })
      | undefined;
    if (!r || r.archived_at) return null;
    const at = now().getTime();
    const placesLeft = Math.max(0, r.capacity - r.confirmed);
    const state: PublicSession["state"] =
      r.status === "cancelled"
        ? "cancelled"
        : r.starts_at <= at
          ? "started"
          : r.booking_closes_at <= at
            ? "closed"
            : placesLeft > 0
              ? "open"
              : "waiting_list";
    const position =
      r.series_id === null ? undefined : (oneSeriesLabel.get(r.series_id, r.id) as { position: number; total: number } | undefined);
    const bookable = state === "open" || state === "waiting_list";
    return page(
      r.programme_title,
      sessionMain({
        id: r.id,
        title: r.programme_title,
        category: CATEGORY_LABELS[r.category],
        seriesLabel: position ? `Session ${position.position} of ${position.total}` : null,
        summary: r.summary,
        description: r.description,
        aims: r.aims ? (JSON.parse(r.aims) as string[]) : [],
        audience: r.audience,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        venue: r.venue,
        online: Boolean(r.online_url) && !r.venue,
        placesLeft,
        bookingClosesAt: r.booking_closes_at,
        state,
        cancelledReason: r.cancelled_reason,
        contact: state === "closed" ? trainingContact() : null,
        staffDepartments: bookable ? (departments.all() as string[]) : [],
        sectors,
      }),
    );
  }

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
    return JSON.stringify({ sessions, contact: trainingContact() }, null, 2);
  }

  const html = (response: ServerResponse, body: string | null) => {
    response.writeHead(body === null ? 404 : 200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(body ?? "Not found");
  };
  const book = ceilingBooking({ db, publicUrl, organisationName, mailFrom, now });
  const server = createServer((request, response) => {
    const url = request.url ?? "/";
    const bookingPath = request.method === "POST" ? /^\/events\/(\d{1,9})$/.exec(url) : null;
    if (bookingPath) {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 100_000) chunks.push(chunk);
      });
      request.on("end", () => {
        const outcome =
          size > 100_000
            ? { status: 413 as const, message: "Too large" }
            : book(Number(bookingPath[1]), Buffer.concat(chunks).toString("utf8"));
        if (outcome.status === 303) response.writeHead(303, { Location: outcome.location }).end();
        else response.writeHead(outcome.status, { "Content-Type": "text/plain; charset=utf-8" }).end(outcome.message);
      });
      return;
    }
    if (request.method === "GET" && url === "/") return html(response, home());
    if (request.method === "GET" && url === "/events") return html(response, events());
    const sessionPath = /^\/events\/(\d{1,9})$/.exec(url);
    if (request.method === "GET" && sessionPath) return html(response, session(Number(sessionPath[1])));
    if (request.method === "GET" && url === "/api/sessions") {
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
