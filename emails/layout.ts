/**
 * The shape every email shares: a plain-text part and an HTML part saying the same thing. The HTML is
 * simple on purpose (one column, real headings, no images, link text that makes sense on its own) so it
 * reads well in Outlook, on a phone and in a screen reader. Everything interpolated is escaped.
 */
import { datesFor, translator, type Locale, type Translate } from "../app/utils/i18n";

export type EmailContext = {
  serviceName: string;
  organisationName: string;
  contactEmail: string;
  publicUrl: string;
  /** The language the email is written in: the attendee's, as they booked (ADR 028); English if not given. */
  locale?: Locale;
};

/** The email's words and dates in its language. */
export function wordsFor(ctx: Pick<EmailContext, "locale">): { t: Translate; dates: ReturnType<typeof datesFor>; locale: Locale } {
  const locale = ctx.locale ?? "en";
  return { t: translator(locale), dates: datesFor(locale), locale };
}

export type Attachment = { filename: string; content: string; contentType: string; method?: "REQUEST" | "CANCEL" };

export type EmailMessage = { subject: string; text: string; html: string; attachments: Attachment[] };

export type SessionInfo = {
  /** Already the neutral public title when the programme is sensitive. */
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  /** Whether people can join online; the link itself only goes to people with a place. */
  online: boolean;
  onlineUrl: string | null;
  notes?: string | null;
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A block of the email, written once and rendered to both parts. */
export type Block =
  | { kind: "p"; text: string; lang?: string }
  | { kind: "h2"; text: string }
  | { kind: "details"; rows: Array<[string, string]> }
  | { kind: "link"; text: string; href: string }
  | { kind: "button"; text: string; href: string }
  | { kind: "quote"; text: string; lang?: string };

export function when(session: Pick<SessionInfo, "startsAt" | "endsAt">, ctx: Pick<EmailContext, "locale"> = {}) {
  const { t, dates } = wordsFor(ctx);
  return t("email.ukTime", { when: dates.timeRange(session.startsAt, session.endsAt) });
}

export function where(
  session: Pick<SessionInfo, "venue" | "online" | "onlineUrl">,
  { showLink }: { showLink: boolean },
  ctx: Pick<EmailContext, "locale"> = {},
): string {
  const { t } = wordsFor(ctx);
  const link = showLink && session.onlineUrl ? session.onlineUrl : null;
  if (session.venue && session.online)
    return link
      ? t("email.where.venueOrOnlineLink", { venue: session.venue, link })
      : t("email.where.venueOrOnline", { venue: session.venue });
  if (session.online) return link ? t("email.where.onlineLink", { link }) : t("email.where.online");
  return session.venue ?? "";
}

export function sessionDetails(session: SessionInfo, { showLink }: { showLink: boolean }, ctx: Pick<EmailContext, "locale"> = {}): Block {
  const { t } = wordsFor(ctx);
  return {
    kind: "details",
    rows: [
      [t("email.details.what"), session.title],
      [t("email.details.when"), when(session, ctx)],
      [t("email.details.where"), where(session, { showLink }, ctx)],
    ],
  };
}

function renderText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "p":
          return b.text;
        case "h2":
          return `${b.text}\n${"-".repeat(b.text.length)}`;
        case "details":
          return b.rows.map(([k, v]) => `${k}: ${v}`).join("\n");
        case "link":
        case "button":
          return `${b.text}:\n${b.href}`;
        case "quote":
          return b.text
            .split("\n")
            .map((l) => `> ${l}`)
            .join("\n");
      }
    })
    .join("\n\n");
}

const FONT = "font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;";

/** Words an organiser wrote (in English) in an email in another language, marked so for screen readers. */
const langAttribute = (lang: string | undefined) => (lang && /^[a-z]{2}$/.test(lang) ? ` lang="${lang}"` : "");

/** The `lang` for an organiser's own words in an email in this language: none in English. */
export function organiserWords(ctx: Pick<EmailContext, "locale">): string | undefined {
  return (ctx.locale ?? "en") === "en" ? undefined : "en";
}

function renderHtml(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "p":
          return `<p${langAttribute(b.lang)} style="${FONT} font-size: 16px; line-height: 1.5; margin: 0 0 16px;">${escapeHtml(b.text).replace(/\n/g, "<br>")}</p>`;
        case "h2":
          return `<h2 style="${FONT} font-size: 20px; margin: 24px 0 12px;">${escapeHtml(b.text)}</h2>`;
        case "details":
          return `<table role="presentation" style="border-collapse: collapse; margin: 0 0 16px;">${b.rows
            .map(
              ([k, v]) =>
                `<tr><th scope="row" style="${FONT} font-size: 16px; text-align: left; vertical-align: top; padding: 4px 16px 4px 0;">${escapeHtml(k)}</th><td style="${FONT} font-size: 16px; padding: 4px 0;">${escapeHtml(v)}</td></tr>`,
            )
            .join("")}</table>`;
        case "link":
          return `<p style="${FONT} font-size: 16px; margin: 0 0 16px;"><a href="${escapeHtml(b.href)}" style="color: #1d70b8;">${escapeHtml(b.text)}</a></p>`;
        case "button":
          return `<p style="margin: 8px 0 24px;"><a href="${escapeHtml(b.href)}" style="${FONT} display: inline-block; background: #00703c; color: #ffffff; font-size: 18px; font-weight: bold; padding: 10px 16px; text-decoration: none;">${escapeHtml(b.text)}</a></p>`;
        case "quote":
          return `<p${langAttribute(b.lang)} style="${FONT} font-size: 16px; border-left: 5px solid #b1b4b6; padding: 4px 0 4px 12px; margin: 0 0 16px;">${escapeHtml(b.text).replace(/\n/g, "<br>")}</p>`;
      }
    })
    .join("\n");
}

/**
 * Wraps the blocks with the heading, the greeting and the footer that says why the person is getting the
 * email and how to reach a human.
 */
export function compose({
  ctx,
  subject,
  heading,
  recipientName,
  blocks,
  reason,
  attachments = [],
}: {
  ctx: EmailContext;
  subject: string;
  heading: string;
  recipientName: string;
  blocks: Block[];
  reason: string;
  attachments?: Attachment[];
}): EmailMessage {
  const { t, locale } = wordsFor(ctx);
  const body: Block[] = [{ kind: "p", text: t("email.dear", { name: recipientName }) }, ...blocks];
  const footer = t("email.footer", { reason, contact: ctx.contactEmail });
  const text = `${heading}\n${"=".repeat(heading.length)}\n\n${renderText(body)}\n\n--\n${footer}\n${ctx.organisationName}\n`;
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin: 0; padding: 0; background: #ffffff;">
<div style="max-width: 640px; margin: 0 auto; padding: 16px;">
<p style="${FONT} font-size: 16px; font-weight: bold; background: #1d4f7a; color: #ffffff; padding: 12px 16px; margin: 0 0 24px;">${escapeHtml(ctx.serviceName)}</p>
<h1 style="${FONT} font-size: 28px; line-height: 1.2; margin: 0 0 24px;">${escapeHtml(heading)}</h1>
${renderHtml(body)}
<hr style="border: 0; border-top: 1px solid #b1b4b6; margin: 32px 0 16px;">
<p style="${FONT} font-size: 14px; line-height: 1.5; color: #484949; margin: 0 0 8px;">${escapeHtml(footer)}</p>
<p style="${FONT} font-size: 14px; color: #484949; margin: 0;">${escapeHtml(ctx.organisationName)}</p>
</div>
</body>
</html>
`;
  return { subject, text, html, attachments };
}
