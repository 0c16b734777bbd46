import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";

import { db, schema } from "~/db.server";
import { publicTitleIn } from "~/models/programme-translation.server";
import { publicProgrammeTitle } from "~/models/programme.server";
import { getTrainingContact } from "~/models/settings.server";
import { clock } from "~/utils/clock.server";
import { LAST_YEAR } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { asLocale, inLanguage, translator } from "~/utils/i18n";

import { buildCalendarFeed, buildCalendarFile, type CalendarEvent, type CalendarMethod } from "../../emails/calendar";

type SessionRow = typeof schema.sessions.$inferSelect;
type ProgrammeRow = Pick<typeof schema.programmes.$inferSelect, "id" | "title" | "summary" | "sensitive" | "publicTitle">;
type BookingRow = Pick<
  typeof schema.bookings.$inferSelect,
  "name" | "email" | "manageToken" | "calendarUid" | "calendarSequence" | "status" | "locale"
>;

/**
 * The SEQUENCE of the calendar invite for a booking: the session's sequence (bumped when its time or place
 * changes) plus the booking's own (bumped when it is cancelled or moved). Both only grow, so every new
 * invite for one booking's UID supersedes the last (RFC 5546 §2.1.4).
 */
export function inviteSequence(session: { sequence: number }, booking: { calendarSequence: number }) {
  return session.sequence + booking.calendarSequence;
}

export function manageUrl(token: string) {
  return `${getEnv().PUBLIC_URL}/booking/${token}`;
}

/**
 * The calendar entry for one attendee's booking. For a sensitive programme only the neutral public title
 * appears, and the description says nothing about the topic: calendars are often shared or seen on a
 * lock screen.
 */
export function bookingCalendarEvent({
  session,
  programme,
  booking,
  cancelled = false,
}: {
  session: SessionRow;
  programme: ProgrammeRow;
  booking: BookingRow;
  cancelled?: boolean;
}): CalendarEvent {
  const env = getEnv();
  // In the language they booked in (ADR 028), like the email it comes with.
  const locale = asLocale(booking.locale);
  const t = translator(locale);
  const title = publicTitleIn(programme, locale);
  const online = session.onlineUrl && !session.venue;
  const manage = inLanguage(manageUrl(booking.manageToken), locale);
  const lines = [
    cancelled ? t("ics.cancelled") : t("ics.place", { title }),
    session.onlineUrl && !cancelled ? t("ics.joining", { link: session.onlineUrl }) : null,
    session.venue ? t("ics.venue", { venue: session.venue }) : null,
    t("ics.manage", { url: manage }),
    `${env.ORGANISATION_NAME}`,
  ].filter(Boolean);
  return {
    uid: booking.calendarUid,
    sequence: inviteSequence(session, booking),
    title,
    description: lines.join("\n"),
    start: session.startsAt,
    end: session.endsAt,
    location: online ? session.onlineUrl : session.venue,
    url: manage,
    status: cancelled || session.status === "cancelled" || booking.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    organizer: { name: env.MAIL_FROM_NAME, email: env.MAIL_FROM },
    attendee: { name: booking.name, email: booking.email },
  };
}

export function bookingCalendarFile(args: Parameters<typeof bookingCalendarEvent>[0], method: CalendarMethod) {
  return buildCalendarFile(bookingCalendarEvent(args), method);
}

/** Every upcoming public session (cancelled ones too, so subscribed calendars drop them), as one feed. */
export function publicCalendarFeed({ now = clock() }: { now?: Date } = {}) {
  const env = getEnv();
  const rows = db
    .select({ session: schema.sessions, programme: schema.programmes })
    .from(schema.sessions)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.sessions.programmeId))
    // Sessions can only be made within the service's years; one outside them (written by hand, or before the
    // bound) is left out rather than stopping the feed for everyone: a calendar file cannot hold a year past 9999.
    .where(
      and(
        gt(schema.sessions.endsAt, now),
        lt(schema.sessions.startsAt, new Date(Date.UTC(LAST_YEAR + 1, 0, 1))),
        isNull(schema.programmes.archivedAt),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .all();
  const contact = getTrainingContact();
  const askAbout = `To ask about a place, contact the training team: ${contact.email}${contact.phone ? ` or ${contact.phone}` : ""}.`;
  const events: CalendarEvent[] = rows.map(({ session, programme }) => {
    const title = publicProgrammeTitle(programme);
    const url = `${env.PUBLIC_URL}/events/${session.id}`;
    return {
      uid: `session-${session.id}@${new URL(env.PUBLIC_URL).hostname}`,
      sequence: session.sequence,
      title: session.status === "cancelled" ? `Cancelled: ${title}` : title,
      description: `${programme.sensitive ? "" : `${programme.summary}\n`}${
        session.status === "cancelled"
          ? "This session has been cancelled."
          : session.bookingClosesAt <= now
            ? `Booking has closed. ${askAbout} Details: ${url}`
            : `Book or join the waiting list: ${url}`
      }`,
      start: session.startsAt,
      end: session.endsAt,
      // The joining link is for people with a place, so the public feed only says "Online".
      location: session.venue ?? "Online",
      url,
      status: session.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
      organizer: { name: env.MAIL_FROM_NAME, email: env.MAIL_FROM },
    };
  });
  return buildCalendarFeed(events, { calName: env.SERVICE_NAME });
}
