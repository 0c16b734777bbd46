/**
 * Every email the service sends, as a pure function: data in, { subject, text, html, attachments } out.
 * Invites are calendar files with METHOD:REQUEST (a new or updated booking) or METHOD:CANCEL; the sender
 * attaches them so that calendars update the existing entry (same UID, higher SEQUENCE).
 *
 * For a sensitive programme, callers pass its neutral public title as `session.title`: it is the only title
 * in the subject, the body and the invite, so a glance at a lock screen or a shared calendar says nothing.
 */
import { buildCalendarFile, type CalendarEvent } from "./calendar";
import {
  compose,
  sessionDetails,
  when,
  type Attachment,
  type Block,
  type EmailContext,
  type EmailMessage,
  type SessionInfo,
} from "./layout";
import { formatDateTime, formatShortDate } from "../app/utils/dates";

export type BookingEmail = {
  ctx: EmailContext;
  recipient: { name: string; email: string };
  session: SessionInfo;
  manageUrl: string;
  /** The booking reference to quote on the phone (issue 15). */
  reference?: string;
};

const REASON_BOOKED = "You are getting this email because a place was booked for this address on a training session or event.";

function invite(event: CalendarEvent, method: "REQUEST" | "CANCEL"): Attachment {
  return {
    filename: method === "CANCEL" ? "cancelled.ics" : "invite.ics",
    content: buildCalendarFile(event, method),
    contentType: `text/calendar; method=${method}; charset=UTF-8`,
    method,
  };
}

/** The booking's reference, to quote if they call: in the messages that start or give a place. */
const referenceLine = (reference: string | undefined): Block[] =>
  reference ? [{ kind: "p", text: `Your booking reference is ${reference}. Quote it if you contact us.` }] : [];

const manageLink = (manageUrl: string): Block => ({
  kind: "link",
  text: "View, add to your calendar or cancel your booking",
  href: manageUrl,
});

function practicalities(session: SessionInfo): Block[] {
  const blocks: Block[] = [];
  if (session.online && session.onlineUrl) blocks.push({ kind: "button", text: "Join the session online", href: session.onlineUrl });
  if (session.notes) blocks.push({ kind: "h2", text: "Before you come" }, { kind: "p", text: session.notes });
  return blocks;
}

const dated = (session: SessionInfo) => `${session.title}, ${formatShortDate(session.startsAt)}`;

export function bookingConfirmed({
  ctx,
  recipient,
  session,
  manageUrl,
  reference,
  calendar,
}: BookingEmail & { calendar: CalendarEvent }): EmailMessage {
  return compose({
    ctx,
    subject: `Booking confirmed: ${dated(session)}`,
    heading: "Your place is confirmed",
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: "Thank you for booking. Your place is confirmed." },
      sessionDetails(session, { showLink: true }),
      ...practicalities(session),
      {
        kind: "p",
        text: "A calendar invite is attached. If your plans change, please cancel so that someone on the waiting list can have your place.",
      },
      ...referenceLine(reference),
      manageLink(manageUrl),
    ],
    reason: REASON_BOOKED,
    attachments: [invite(calendar, "REQUEST")],
  });
}

export function addedToWaitingList({
  ctx,
  recipient,
  session,
  manageUrl,
  reference,
  position,
}: BookingEmail & { position: number }): EmailMessage {
  return compose({
    ctx,
    subject: `You are on the waiting list: ${dated(session)}`,
    heading: "You are on the waiting list",
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: `This session is full. You are number ${position} on the waiting list.` },
      sessionDetails(session, { showLink: false }),
      {
        kind: "p",
        text: "If a place becomes free it goes to the first person waiting, and we will email you with a calendar invite. You do not need to do anything now.",
      },
      ...referenceLine(reference),
      manageLink(manageUrl),
    ],
    reason: REASON_BOOKED,
  });
}

export function promotedFromWaitingList({
  ctx,
  recipient,
  session,
  manageUrl,
  reference,
  calendar,
}: BookingEmail & { calendar: CalendarEvent }): EmailMessage {
  return compose({
    ctx,
    subject: `You now have a place: ${dated(session)}`,
    heading: "A place has become free: it is yours",
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: "You were on the waiting list and a place has become free. Your place is now confirmed." },
      sessionDetails(session, { showLink: true }),
      ...practicalities(session),
      {
        kind: "p",
        text: "A calendar invite is attached. If you can no longer come, please cancel so that the next person waiting can have the place.",
      },
      ...referenceLine(reference),
      manageLink(manageUrl),
    ],
    reason: REASON_BOOKED,
    attachments: [invite(calendar, "REQUEST")],
  });
}

export type ChangeLine = { what: string; before: string; after: string };

export function sessionChanged({
  ctx,
  recipient,
  session,
  manageUrl,
  changes,
  calendar,
  calendarMethod = "REQUEST",
  moved = false,
  waitingPosition,
}: BookingEmail & {
  changes: ChangeLine[];
  calendar?: CalendarEvent;
  calendarMethod?: "REQUEST" | "CANCEL";
  moved?: boolean;
  waitingPosition?: number | null;
}): EmailMessage {
  const hasPlace = Boolean(calendar) && calendarMethod === "REQUEST";
  const blocks: Block[] = [
    {
      kind: "p",
      text: moved
        ? "An organiser has moved your booking to another session of the same training."
        : "The session you are booked on has changed.",
    },
    { kind: "h2", text: "What has changed" },
    ...changes.map((c): Block => ({ kind: "p", text: `${c.what}: ${c.after} (was ${c.before})` })),
    { kind: "h2", text: "The session now" },
    sessionDetails(session, { showLink: hasPlace }),
  ];
  if (hasPlace) {
    blocks.push(...practicalities(session), {
      kind: "p",
      text: "The attached invite updates the entry in your calendar. If you can no longer come, please cancel your place.",
    });
  } else {
    blocks.push({
      kind: "p",
      text: waitingPosition
        ? `This session is full, so you are number ${waitingPosition} on its waiting list.`
        : "You are on the waiting list.",
    });
    if (calendar)
      blocks.push({
        kind: "p",
        text: "The attached update takes the old entry out of your calendar. If a place comes up, we will send a new invite.",
      });
  }
  blocks.push(manageLink(manageUrl));
  return compose({
    ctx,
    subject: `Changed: ${session.title} is now ${when(session).replace(" (UK time)", "")}`,
    heading: moved ? "Your booking has moved" : "Your session has changed",
    recipientName: recipient.name,
    blocks,
    reason: REASON_BOOKED,
    attachments: calendar ? [invite(calendar, calendarMethod)] : [],
  });
}

export function bookingCancelled({
  ctx,
  recipient,
  session,
  manageUrl,
  by,
  reason,
  calendar,
}: BookingEmail & { by: "attendee" | "organiser"; reason?: string | null; calendar?: CalendarEvent }): EmailMessage {
  const blocks: Block[] = [
    {
      kind: "p",
      text: by === "attendee" ? "Your booking has been cancelled, as you asked." : "An organiser has cancelled your booking.",
    },
  ];
  if (reason) blocks.push({ kind: "quote", text: reason });
  blocks.push(sessionDetails(session, { showLink: false }));
  if (calendar) blocks.push({ kind: "p", text: "The attached update removes the session from your calendar." });
  blocks.push({ kind: "link", text: "See other training and events", href: `${ctx.publicUrl}/events` }, manageLink(manageUrl));
  return compose({
    ctx,
    subject: `Booking cancelled: ${dated(session)}`,
    heading: "Your booking is cancelled",
    recipientName: recipient.name,
    blocks,
    reason: REASON_BOOKED,
    attachments: calendar ? [invite(calendar, "CANCEL")] : [],
  });
}

export function sessionCancelled({
  ctx,
  recipient,
  session,
  manageUrl,
  reason,
  calendar,
}: BookingEmail & { reason: string; calendar?: CalendarEvent }): EmailMessage {
  return compose({
    ctx,
    subject: `Cancelled: ${dated(session)}`,
    heading: "This session has been cancelled",
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: calendar
          ? "We are sorry: the session you booked has been cancelled."
          : "We are sorry: the session whose waiting list you were on has been cancelled.",
      },
      { kind: "quote", text: reason },
      sessionDetails(session, { showLink: false }),
      ...(calendar ? [{ kind: "p", text: "The attached update removes it from your calendar." } as Block] : []),
      { kind: "link", text: "See other training and events", href: `${ctx.publicUrl}/events` },
      manageLink(manageUrl),
    ],
    reason: REASON_BOOKED,
    attachments: calendar ? [invite(calendar, "CANCEL")] : [],
  });
}

export function reminder({ ctx, recipient, session, manageUrl }: BookingEmail): EmailMessage {
  return compose({
    ctx,
    subject: `Reminder: ${dated(session)}`,
    heading: "See you soon",
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: "This is a reminder that you have a place on this session." },
      sessionDetails(session, { showLink: true }),
      ...(session.onlineUrl ? [] : [{ kind: "p", text: "Please arrive 10 minutes early to sign in." } as Block]),
      ...practicalities(session),
      { kind: "p", text: "If you can no longer come, please cancel so that someone on the waiting list can have your place." },
      manageLink(manageUrl),
    ],
    reason: REASON_BOOKED,
  });
}

export function feedbackRequest({
  ctx,
  recipient,
  session,
  manageUrl,
  feedbackUrl,
  closesAt,
  chaser,
}: BookingEmail & { feedbackUrl: string; closesAt: Date; chaser: boolean }): EmailMessage {
  return compose({
    ctx,
    subject: chaser ? `A reminder: your feedback on ${session.title}` : `How was ${session.title}? Tell us in 3 minutes`,
    heading: chaser ? "There is still time to give feedback" : "Thank you for coming",
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: chaser
          ? "A few days ago we asked what you thought of the session. If you have a few minutes, your answers would help us."
          : "We would like to know what you thought of the session. Your answers help us improve it and report on it to the partnership.",
      },
      sessionDetails(session, { showLink: false }),
      { kind: "button", text: "Give your feedback", href: feedbackUrl },
      { kind: "p", text: `The form takes about 3 minutes and is open until ${formatDateTime(closesAt)}.` },
      manageLink(manageUrl),
    ],
    reason: "You are getting this email because you had a place on this session.",
  });
}

export function manageLinkReminder({ ctx, recipient, session, manageUrl }: BookingEmail): EmailMessage {
  return compose({
    ctx,
    subject: `Your booking: ${dated(session)}`,
    heading: "You already have a booking",
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: "Someone tried to book this session again using your email address. You already have a booking, so nothing has changed.",
      },
      sessionDetails(session, { showLink: false }),
      manageLink(manageUrl),
      { kind: "p", text: "If this was not you, you do not need to do anything." },
    ],
    reason: REASON_BOOKED,
  });
}

export function certificateReady({
  ctx,
  recipient,
  session,
  manageUrl,
  certificateUrl,
}: BookingEmail & { certificateUrl: string }): EmailMessage {
  return compose({
    ctx,
    subject: `Your certificate of attendance: ${dated(session)}`,
    heading: "Your certificate of attendance",
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: "Thank you for coming. Your certificate of attendance for this session is ready to download." },
      sessionDetails(session, { showLink: false }),
      { kind: "button", text: "Download your certificate (PDF)", href: certificateUrl },
      {
        kind: "p",
        text: "It shows the length of the session for your continuing professional development (CPD) record, and a code anyone you show it to can use to check that it is genuine.",
      },
      manageLink(manageUrl),
    ],
    reason: "You are getting this email because you attended this session.",
  });
}

export function followUpRequest({
  ctx,
  recipient,
  session,
  manageUrl,
  followUpUrl,
  weeks,
  closesAt,
  chaser,
}: BookingEmail & { followUpUrl: string; weeks: number; closesAt: Date; chaser: boolean }): EmailMessage {
  return compose({
    ctx,
    subject: chaser ? `A reminder: ${weeks} weeks on from ${session.title}` : `${weeks} weeks on: have you used what you learned?`,
    heading: chaser ? "There is still time to tell us" : "A few weeks on",
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: chaser
          ? "A few days ago we asked whether you have used what you learned. If you have a few minutes, your answers would help us."
          : `It is ${weeks} weeks since you came to this session. We would like to know whether you have been able to use what you learned, and what got in the way.`,
      },
      sessionDetails(session, { showLink: false }),
      { kind: "button", text: "Answer a few short questions", href: followUpUrl },
      {
        kind: "p",
        text: `It takes about 2 minutes and is open until ${formatDateTime(closesAt)}. Your answers show the partnership whether its training changes practice.`,
      },
      manageLink(manageUrl),
    ],
    reason: "You are getting this email because you attended this session.",
  });
}

/**
 * To the line manager an attendee named when booking. It carries only the manager's own link: nothing that
 * opens the booking, and nothing of the attendee's answers.
 */
export function managerFollowUpRequest({
  ctx,
  attendeeName,
  session,
  managerUrl,
  weeks,
  closesAt,
  chaser,
}: {
  ctx: EmailContext;
  attendeeName: string;
  session: SessionInfo;
  managerUrl: string;
  weeks: number;
  closesAt: Date;
  chaser: boolean;
}): EmailMessage {
  return compose({
    ctx,
    subject: chaser
      ? `A reminder: have you seen a change since ${attendeeName}'s training?`
      : `Have you seen a change since ${attendeeName}'s training?`,
    heading: "A question for a line manager",
    recipientName: "colleague",
    blocks: [
      {
        kind: "p",
        text: `${attendeeName} gave your email address as their line manager when they booked this session. ${weeks} weeks on, we are asking managers whether they have seen a change in practice since.`,
      },
      sessionDetails(session, { showLink: false }),
      { kind: "button", text: "Answer a few short questions", href: managerUrl },
      {
        kind: "p",
        text: `It takes about a minute and is open until ${formatDateTime(closesAt)}. Your answers and theirs are kept apart: neither of you sees the other's.`,
      },
    ],
    reason: `You are getting this email because ${attendeeName} named you as their line manager when booking.`,
  });
}
