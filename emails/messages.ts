/**
 * Every email the service sends, as a pure function: data in, { subject, text, html, attachments } out.
 * Invites are calendar files with METHOD:REQUEST (a new or updated booking) or METHOD:CANCEL; the sender
 * attaches them so that calendars update the existing entry (same UID, higher SEQUENCE).
 *
 * For a sensitive programme, callers pass its neutral public title as `session.title`: it is the only title
 * in the subject, the body and the invite, so a glance at a lock screen or a shared calendar says nothing.
 *
 * Each is written in `ctx.locale`, the attendee's language (ADR 028); the words are in app/i18n.
 */
import { buildCalendarFile, type CalendarEvent } from "./calendar";
import {
  compose,
  organiserWords,
  sessionDetails,
  wordsFor,
  type Attachment,
  type Block,
  type EmailContext,
  type EmailMessage,
  type SessionInfo,
} from "./layout";
import { inLanguage } from "../app/utils/i18n";

export type BookingEmail = {
  ctx: EmailContext;
  recipient: { name: string; email: string };
  session: SessionInfo;
  manageUrl: string;
  /** The booking reference to quote on the phone (issue 15). */
  reference?: string;
};

function invite(event: CalendarEvent, method: "REQUEST" | "CANCEL"): Attachment {
  return {
    filename: method === "CANCEL" ? "cancelled.ics" : "invite.ics",
    content: buildCalendarFile(event, method),
    contentType: `text/calendar; method=${method}; charset=UTF-8`,
    method,
  };
}

/** The booking's reference, to quote if they call: in the messages that start or give a place. */
const referenceLine = (ctx: EmailContext, reference: string | undefined): Block[] =>
  reference ? [{ kind: "p", text: wordsFor(ctx).t("email.reference", { reference }) }] : [];

const manageLink = (ctx: EmailContext, manageUrl: string): Block => ({
  kind: "link",
  text: wordsFor(ctx).t("email.manageLink"),
  href: manageUrl,
});

function practicalities(ctx: EmailContext, session: SessionInfo): Block[] {
  const { t } = wordsFor(ctx);
  const blocks: Block[] = [];
  if (session.online && session.onlineUrl) blocks.push({ kind: "button", text: t("email.joinOnline"), href: session.onlineUrl });
  if (session.notes)
    blocks.push({ kind: "h2", text: t("email.beforeYouCome") }, { kind: "p", text: session.notes, lang: organiserWords(ctx) });
  return blocks;
}

const dated = (ctx: EmailContext, session: SessionInfo) =>
  wordsFor(ctx).t("email.dated", { title: session.title, date: wordsFor(ctx).dates.shortDate(session.startsAt) });

export function bookingConfirmed({
  ctx,
  recipient,
  session,
  manageUrl,
  reference,
  calendar,
}: BookingEmail & { calendar: CalendarEvent }): EmailMessage {
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.confirmed.subject", { session: dated(ctx, session) }),
    heading: t("email.confirmed.heading"),
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: t("email.confirmed.body") },
      sessionDetails(session, { showLink: true }, ctx),
      ...practicalities(ctx, session),
      {
        kind: "p",
        text: t("email.confirmed.invite"),
      },
      ...referenceLine(ctx, reference),
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.booked"),
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
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.waitlisted.subject", { session: dated(ctx, session) }),
    heading: t("email.waitlisted.heading"),
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: t("email.waitlisted.body", { position }) },
      sessionDetails(session, { showLink: false }, ctx),
      {
        kind: "p",
        text: t("email.waitlisted.next"),
      },
      ...referenceLine(ctx, reference),
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.booked"),
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
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.promoted.subject", { session: dated(ctx, session) }),
    heading: t("email.promoted.heading"),
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: t("email.promoted.body") },
      sessionDetails(session, { showLink: true }, ctx),
      ...practicalities(ctx, session),
      {
        kind: "p",
        text: t("email.promoted.invite"),
      },
      ...referenceLine(ctx, reference),
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.booked"),
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
  const { t, dates } = wordsFor(ctx);
  const hasPlace = Boolean(calendar) && calendarMethod === "REQUEST";
  const blocks: Block[] = [
    {
      kind: "p",
      text: moved ? t("email.changed.moved") : t("email.changed.changed"),
    },
    { kind: "h2", text: t("email.changed.what") },
    ...changes.map((c): Block => ({ kind: "p", text: t("email.changed.line", { what: c.what, after: c.after, before: c.before }) })),
    { kind: "h2", text: t("email.changed.now") },
    sessionDetails(session, { showLink: hasPlace }, ctx),
  ];
  if (hasPlace) {
    blocks.push(...practicalities(ctx, session), {
      kind: "p",
      text: t("email.changed.invite"),
    });
  } else {
    blocks.push({
      kind: "p",
      text: waitingPosition ? t("email.changed.waitingPosition", { position: waitingPosition }) : t("email.changed.waiting"),
    });
    if (calendar)
      blocks.push({
        kind: "p",
        text: t("email.changed.withdrawn"),
      });
  }
  blocks.push(manageLink(ctx, manageUrl));
  return compose({
    ctx,
    subject: t("email.changed.subject", { title: session.title, when: dates.timeRange(session.startsAt, session.endsAt) }),
    heading: moved ? t("email.changed.headingMoved") : t("email.changed.heading"),
    recipientName: recipient.name,
    blocks,
    reason: t("email.reason.booked"),
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
  const { t } = wordsFor(ctx);
  const blocks: Block[] = [
    {
      kind: "p",
      text: by === "attendee" ? t("email.cancelled.byAttendee") : t("email.cancelled.byOrganiser"),
    },
  ];
  if (reason) blocks.push({ kind: "quote", text: reason, lang: organiserWords(ctx) });
  blocks.push(sessionDetails(session, { showLink: false }, ctx));
  if (calendar) blocks.push({ kind: "p", text: t("email.cancelled.removed") });
  blocks.push(
    { kind: "link", text: t("email.otherEvents"), href: inLanguage(`${ctx.publicUrl}/events`, wordsFor(ctx).locale) },
    manageLink(ctx, manageUrl),
  );
  return compose({
    ctx,
    subject: t("email.cancelled.subject", { session: dated(ctx, session) }),
    heading: t("email.cancelled.heading"),
    recipientName: recipient.name,
    blocks,
    reason: t("email.reason.booked"),
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
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.sessionCancelled.subject", { session: dated(ctx, session) }),
    heading: t("email.sessionCancelled.heading"),
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: calendar ? t("email.sessionCancelled.booked") : t("email.sessionCancelled.waiting"),
      },
      { kind: "quote", text: reason, lang: organiserWords(ctx) },
      sessionDetails(session, { showLink: false }, ctx),
      ...(calendar ? [{ kind: "p", text: t("email.sessionCancelled.removed") } as Block] : []),
      { kind: "link", text: t("email.otherEvents"), href: inLanguage(`${ctx.publicUrl}/events`, wordsFor(ctx).locale) },
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.booked"),
    attachments: calendar ? [invite(calendar, "CANCEL")] : [],
  });
}

export function reminder({ ctx, recipient, session, manageUrl }: BookingEmail): EmailMessage {
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.reminder.subject", { session: dated(ctx, session) }),
    heading: t("email.reminder.heading"),
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: t("email.reminder.body") },
      sessionDetails(session, { showLink: true }, ctx),
      ...(session.onlineUrl ? [] : [{ kind: "p", text: t("email.reminder.early") } as Block]),
      ...practicalities(ctx, session),
      { kind: "p", text: t("email.reminder.cancel") },
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.booked"),
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
  const { t, dates } = wordsFor(ctx);
  return compose({
    ctx,
    subject: chaser ? t("email.feedback.subjectChaser", { title: session.title }) : t("email.feedback.subject", { title: session.title }),
    heading: chaser ? t("email.feedback.headingChaser") : t("email.feedback.heading"),
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: chaser ? t("email.feedback.bodyChaser") : t("email.feedback.body"),
      },
      sessionDetails(session, { showLink: false }, ctx),
      { kind: "button", text: t("email.feedback.button"), href: feedbackUrl },
      { kind: "p", text: t("email.feedback.open", { until: dates.dateTime(closesAt) }) },
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.hadPlace"),
  });
}

export function manageLinkReminder({ ctx, recipient, session, manageUrl }: BookingEmail): EmailMessage {
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.manageLink.subject", { session: dated(ctx, session) }),
    heading: t("email.manageLink.heading"),
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: t("email.manageLink.body"),
      },
      sessionDetails(session, { showLink: false }, ctx),
      manageLink(ctx, manageUrl),
      { kind: "p", text: t("email.manageLink.notYou") },
    ],
    reason: t("email.reason.booked"),
  });
}

export function certificateReady({
  ctx,
  recipient,
  session,
  manageUrl,
  certificateUrl,
}: BookingEmail & { certificateUrl: string }): EmailMessage {
  const { t } = wordsFor(ctx);
  return compose({
    ctx,
    subject: t("email.certificate.subject", { session: dated(ctx, session) }),
    heading: t("email.certificate.heading"),
    recipientName: recipient.name,
    blocks: [
      { kind: "p", text: t("email.certificate.body") },
      sessionDetails(session, { showLink: false }, ctx),
      { kind: "button", text: t("email.certificate.button"), href: certificateUrl },
      {
        kind: "p",
        text: t("email.certificate.explain"),
      },
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.attended"),
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
  const { t, dates } = wordsFor(ctx);
  return compose({
    ctx,
    subject: chaser ? t("email.followUp.subjectChaser", { weeks, title: session.title }) : t("email.followUp.subject", { weeks }),
    heading: chaser ? t("email.followUp.headingChaser") : t("email.followUp.heading"),
    recipientName: recipient.name,
    blocks: [
      {
        kind: "p",
        text: chaser ? t("email.followUp.bodyChaser") : t("email.followUp.body", { weeks }),
      },
      sessionDetails(session, { showLink: false }, ctx),
      { kind: "button", text: t("email.followUp.button"), href: followUpUrl },
      {
        kind: "p",
        text: t("email.followUp.open", { until: dates.dateTime(closesAt) }),
      },
      manageLink(ctx, manageUrl),
    ],
    reason: t("email.reason.attended"),
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
  const { t, dates } = wordsFor(ctx);
  return compose({
    ctx,
    subject: chaser ? t("email.manager.subjectChaser", { name: attendeeName }) : t("email.manager.subject", { name: attendeeName }),
    heading: t("email.manager.heading"),
    recipientName: t("email.manager.colleague"),
    blocks: [
      {
        kind: "p",
        text: t("email.manager.body", { name: attendeeName, weeks }),
      },
      sessionDetails(session, { showLink: false }, ctx),
      { kind: "button", text: t("email.followUp.button"), href: managerUrl },
      {
        kind: "p",
        text: t("email.manager.open", { until: dates.dateTime(closesAt) }),
      },
    ],
    reason: t("email.reason.manager", { name: attendeeName }),
  });
}
