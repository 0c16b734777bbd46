/**
 * The ceiling's booking post (issue 13): what the app's booking does to the database, in one transaction, with
 * template strings for the email and calendar invite, and nothing else. Same checks (the session can be
 * booked, one active booking per person, places then the waiting list), same rows (the organisation, the
 * booking with its three secrets, the queued email with its invite), same answer (303 to the manage page).
 */
import { randomBytes, randomUUID } from "node:crypto";

import type Database from "better-sqlite3";

import { esc, ukParts } from "./ceiling-pages";
import { SECTORS } from "../domain/vocabulary";

const SECTOR_SET = new Set<string>(SECTORS);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Outcome = { status: 303; location: string } | { status: 400 | 409 | 404; message: string } | { status: 200; message: string };

const ics = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
/** RFC 5545 lines folded at 75 octets (ASCII here). */
const fold = (line: string) => line.match(/.{1,74}/g)!.join("\r\n\t");

export function ceilingBooking({
  db,
  publicUrl,
  organisationName,
  mailFrom,
  now,
}: {
  db: Database.Database;
  publicUrl: string;
  organisationName: string;
  mailFrom: string;
  now: () => Date;
}) {
  const host = new URL(publicUrl).hostname;
  const session = db.prepare(
    `select s.status, s.starts_at, s.ends_at, s.booking_closes_at, s.capacity, s.venue, s.online_url, p.title
     from sessions s join programmes p on p.id = s.programme_id where s.id = ? and p.archived_at is null`,
  );
  const active = db.prepare("select id from bookings where session_id = ? and email_normalised = ? and status != 'cancelled'").pluck();
  const confirmed = db.prepare("select count(*) from bookings where session_id = ? and status = 'confirmed'").pluck();
  const addOrganisation = db.prepare(
    "insert into organisations (name, normalised_name, sector) values (?, ?, ?) on conflict (normalised_name) do nothing",
  );
  const organisation = db.prepare("select id from organisations where normalised_name = ?").pluck();
  const insert = db.prepare(
    `insert into bookings (session_id, name, email, email_normalised, organisation_id, organisation_name, sector, department, job_role,
       access_needs, status, confirmed_at, waitlisted_at, source, manage_token, feedback_token, calendar_uid, consented_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'online', ?, ?, ?, ?, ?, ?)`,
  );
  const ahead = db
    .prepare(
      "select count(*) from bookings where session_id = ? and status = 'waitlisted' and (waitlisted_at < ? or (waitlisted_at = ? and id < ?))",
    )
    .pluck();
  const queue = db.prepare(
    `insert into email_outbox (kind, dedupe_key, booking_id, session_id, to_address, to_name, subject, text_body, html_body, ics_content,
       ics_method, created_at, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing`,
  );

  const book = db.transaction((sessionId: number, form: URLSearchParams, at: number): Outcome => {
    const s = session.get(sessionId) as
      | {
          status: string;
          starts_at: number;
          ends_at: number;
          booking_closes_at: number;
          capacity: number;
          venue: string | null;
          online_url: string | null;
          title: string;
        }
      | undefined;
    if (!s) return { status: 404, message: "Session not found" };
    if (s.status === "cancelled" || s.starts_at <= at || s.booking_closes_at <= at) return { status: 409, message: "Booking is closed" };
    const name = (form.get("name") ?? "").trim();
    const email = (form.get("email") ?? "").trim();
    const attendeeOrganisation = (form.get("organisation") ?? "").trim();
    const sector = form.get("sector") ?? "";
    const jobRole = (form.get("jobRole") ?? "").trim();
    const emailNormalised = email.toLowerCase();
    if (active.get(sessionId, emailNormalised)) return { status: 200, message: "already booked" };
    const status = (confirmed.get(sessionId) as number) < s.capacity ? "confirmed" : "waitlisted";
    const normalised = attendeeOrganisation.toLowerCase().replace(/\s+/g, " ");
    addOrganisation.run(attendeeOrganisation, normalised, sector);
    const manageToken = randomBytes(32).toString("base64url");
    const uid = `${randomUUID()}@${host}`;
    const bookingId = Number(
      insert.run(
        sessionId,
        name,
        email,
        emailNormalised,
        organisation.get(normalised),
        attendeeOrganisation,
        sector,
        (form.get("department") ?? "").trim() || null,
        jobRole,
        (form.get("accessNeeds") ?? "").trim() || null,
        status,
        status === "confirmed" ? at : null,
        status === "waitlisted" ? at : null,
        manageToken,
        randomBytes(32).toString("base64url"),
        uid,
        at,
        at,
        at,
      ).lastInsertRowid,
    );
    const position = status === "waitlisted" ? (ahead.get(sessionId, at, at, bookingId) as number) + 1 : null;

    const start = ukParts(s.starts_at);
    const manage = `${publicUrl}/booking/${manageToken}`;
    const where = s.venue ?? "Online";
    const when = `${start.weekday} ${start.day} ${start.month} ${start.year}`;
    const heading = position ? `You are on the waiting list` : "Your place is confirmed";
    const subject = `${position ? "You are on the waiting list" : "Booking confirmed"}: ${s.title}, ${start.day} ${start.month.slice(0, 3)} ${start.year}`;
    const lead = position
      ? `This session is full. You are number ${position} on the waiting list. If a place becomes free it goes to the first person waiting, and we will email you.`
      : "Thank you for booking. Your place is confirmed.";
    const footer = `You are getting this email because a place was booked for this address on a training session or event. If you have a question, or you need this information in another format, email ${mailFrom}.`;
    const text = `${heading}\n${"=".repeat(heading.length)}\n\nDear ${name},\n\n${lead}\n\nWhat: ${s.title}\nWhen: ${when}\nWhere: ${where}\n\n${position ? "" : "A calendar invite is attached. If your plans change, please cancel so that someone on the waiting list can have your place.\n\n"}View, add to your calendar or cancel your booking:\n${manage}\n\n--\n${footer}\n${organisationName}\n`;
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c; margin: 0; padding: 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse: collapse;"><tr><td style="background: #1d4f7a; padding: 16px 20px; color: #ffffff; font-size: 24px; font-weight: bold;">${esc(organisationName)}</td></tr><tr><td style="padding: 20px;"><h1 style="font-size: 32px; margin: 0 0 20px;">${esc(heading)}</h1><p style="margin: 0 0 20px;">Dear ${esc(name)},</p><p style="margin: 0 0 20px;">${esc(lead)}</p><table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse: collapse; margin: 0 0 20px;"><tr><th scope="row" style="text-align: left; padding: 4px 20px 4px 0;">What</th><td style="padding: 4px 0;">${esc(s.title)}</td></tr><tr><th scope="row" style="text-align: left; padding: 4px 20px 4px 0;">When</th><td style="padding: 4px 0;">${esc(when)}</td></tr><tr><th scope="row" style="text-align: left; padding: 4px 20px 4px 0;">Where</th><td style="padding: 4px 0;">${esc(where)}</td></tr></table><p style="margin: 0 0 20px;"><a href="${esc(manage)}" style="color: #1d70b8;">View, add to your calendar or cancel your booking</a></p></td></tr><tr><td style="padding: 20px; border-top: 1px solid #b1b4b6; font-size: 16px; color: #505a5f;">${esc(footer)}<br>${esc(organisationName)}</td></tr></table></body></html>`;
    const invite = position
      ? null
      : [
          "BEGIN:VCALENDAR",
          "VERSION:2.0",
          "CALSCALE:GREGORIAN",
          `PRODID:-//${organisationName}//Training and Events//EN`,
          "METHOD:REQUEST",
          "X-PUBLISHED-TTL:PT1H",
          "BEGIN:VEVENT",
          `UID:${uid}`,
          fold(`SUMMARY:${ics(s.title)}`),
          `DTSTAMP:${stamp(at)}`,
          `DTSTART:${stamp(s.starts_at)}`,
          `DTEND:${stamp(s.ends_at)}`,
          "SEQUENCE:0",
          fold(
            `DESCRIPTION:${ics(`Your place: ${s.title}.\nVenue: ${where}\nView or cancel your booking: ${manage}\n${organisationName}`)}`,
          ),
          fold(`URL:${manage}`),
          fold(`LOCATION:${ics(where)}`),
          "STATUS:CONFIRMED",
          fold(`ORGANIZER;CN="${organisationName} Training":MAILTO:${mailFrom}`),
          "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
          fold(`ATTENDEE;RSVP=FALSE;ROLE="REQ-PARTICIPANT";PARTSTAT="NEEDS-ACTION";CN="${name}":mailto:${email}`),
          "END:VEVENT",
          "END:VCALENDAR",
        ].join("\r\n");
    const kind = position ? "waitlisted" : "booking_confirmed";
    queue.run(
      kind,
      `${kind}:${bookingId}:${at}`,
      bookingId,
      sessionId,
      email,
      name,
      subject,
      text,
      html,
      invite,
      invite ? "REQUEST" : null,
      at,
      at,
    );
    return { status: 303, location: `/booking/${manageToken}` };
  });

  /** Answers one post of the booking form: the form's fields as sent. */
  return (sessionId: number, body: string): Outcome => {
    const form = new URLSearchParams(body);
    const name = (form.get("name") ?? "").trim();
    const email = (form.get("email") ?? "").trim();
    if (
      !name ||
      name.length > 120 ||
      !EMAIL.test(email) ||
      email.length > 254 ||
      !(form.get("organisation") ?? "").trim() ||
      !SECTOR_SET.has(form.get("sector") ?? "") ||
      !(form.get("jobRole") ?? "").trim() ||
      form.get("consent") !== "yes" ||
      form.get("website")
    )
      return { status: 400, message: "Check the form" };
    return book.immediate(sessionId, form, now().getTime());
  };
}
