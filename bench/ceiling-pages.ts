/**
 * The main content of the public pages, written with template strings as a bare server would: the ceiling's
 * half of the comparison (bench/ceiling.ts). Each function gives what the app puts in `<main>` for the same data,
 * byte for byte once React's `<!-- -->` text separators are taken out (tests/ceiling.test.ts).
 */

/** React's escaping of text and attribute values. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#x27;",
  );
}

// Date and time in UK time, GOV.UK style: the UK offset asked of the time-zone database once per hour of UTC
// (clocks change on whole hours), the rest is arithmetic.
const UK = "Europe/London";
const hourInUk = new Intl.DateTimeFormat("en-GB", { timeZone: UK, hour: "numeric", hourCycle: "h23" });
const offsets = new Map<number, number>();
function offsetMs(instant: number): number {
  const hour = Math.floor(instant / 3600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const ukHour = Number(hourInUk.format(hour * 3600_000));
    offsets.set(hour, (offset = (((ukHour - (hour % 24)) % 24) + 24) % 24 === 1 ? 3600_000 : 0));
  }
  return offset;
}

type UkParts = { weekday: string; day: number; month: string; year: number; hour: number; minute: number; monthNumber: number };
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function ukParts(instant: number): UkParts {
  const wall = new Date(instant + offsetMs(instant));
  return {
    weekday: WEEKDAYS[wall.getUTCDay()]!,
    day: wall.getUTCDate(),
    month: MONTHS[wall.getUTCMonth()]!,
    year: wall.getUTCFullYear(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    monthNumber: wall.getUTCMonth() + 1,
  };
}

const dateOf = (p: UkParts) => `${p.weekday} ${p.day} ${p.month} ${p.year}`;
function timeOf({ hour, minute }: UkParts): string {
  if (hour === 0 && minute === 0) return "midnight";
  if (hour === 12 && minute === 0) return "midday";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? "am" : "pm";
  return minute === 0 ? `${h}${suffix}` : `${h}:${String(minute).padStart(2, "0")}${suffix}`;
}
export const monthKey = (instant: number) => {
  const p = ukParts(instant);
  return `${p.year}-${String(p.monthNumber).padStart(2, "0")}`;
};
const monthLabel = (key: string) => `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;

function timeRange(start: number, end: number): string {
  const s = ukParts(start);
  const e = ukParts(end);
  return dateOf(s) === dateOf(e)
    ? `${dateOf(s)}, ${timeOf(s)} to ${timeOf(e)}`
    : `${dateOf(s)}, ${timeOf(s)} to ${dateOf(e)}, ${timeOf(e)}`;
}

function placesLabel(placesLeft: number): string {
  if (placesLeft <= 0) return "Full — join the waiting list";
  return placesLeft === 1 ? "1 place left" : `${placesLeft} places left`;
}

export type CardSession = {
  id: number;
  title: string;
  startsAt: number;
  endsAt: number;
  venue: string | null;
  online: boolean;
  placesLeft: number;
  bookingOpen: boolean;
};

function card(s: CardSession): string {
  const start = ukParts(s.startsAt);
  const places = !s.bookingOpen
    ? '<strong class="govuk-tag govuk-tag--grey">Booking closed</strong>'
    : s.placesLeft <= 0
      ? `<strong class="govuk-tag govuk-tag--orange">${placesLabel(s.placesLeft)}</strong>`
      : placesLabel(s.placesLeft);
  return `<li class="app-card" data-testid="session-card" data-session-id="${s.id}"><h3 class="govuk-heading-m govuk-!-margin-bottom-2"><a class="govuk-link" data-discover="true" href="/events/${s.id}">${esc(s.title)}</a></h3><dl class="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-0"><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Date</dt><dd class="govuk-summary-list__value">${dateOf(start)}</dd></div><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Time</dt><dd class="govuk-summary-list__value">${timeOf(start)} to ${timeOf(ukParts(s.endsAt))}</dd></div><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Where</dt><dd class="govuk-summary-list__value">${s.online ? "Online" : esc(s.venue ?? "")}</dd></div><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Places</dt><dd class="govuk-summary-list__value">${places}</dd></div></dl></li>`;
}

const MAIN_OPEN = '<main class="govuk-main-wrapper" id="main-content" tabindex="-1">';

export function homeMain({ organisationName, sessions }: { organisationName: string; sessions: CardSession[] }): string {
  const list = sessions.length
    ? `<ul class="app-card-list" aria-label="Upcoming sessions">${sessions.map(card).join("")}</ul>`
    : '<p class="govuk-body">There are no sessions open for booking at the moment. Please check again soon.</p>';
  return `${MAIN_OPEN}<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-xl">Training and events</h1><p class="govuk-body-l">Free training and awareness events from the ${esc(organisationName)} on violence against women and girls: for council staff, partner professionals, businesses, hotels, licensed venues and schools.</p><p class="govuk-body">Book a place in a couple of minutes. You will get a confirmation email with a calendar invite and a link to manage your booking.</p><h2 class="govuk-heading-l">Upcoming sessions</h2>${list}<p class="govuk-body govuk-!-margin-top-6"><a class="govuk-link" data-discover="true" href="/events">See all upcoming events</a></p></div></div></main>`;
}

function select({
  name,
  label,
  labelClass = "",
  hint,
  options,
}: {
  name: string;
  label: string;
  labelClass?: string;
  hint?: string;
  options: Array<{ value: string; label: string }>;
}): string {
  const hintHtml = hint ? `<div id="f-${name}-hint" class="govuk-hint">${esc(hint)}</div>` : "";
  const describedBy = hint ? ` aria-describedby="f-${name}-hint"` : "";
  const optionHtml = options
    .map((o) => `<option value="${esc(o.value)}"${o.value === "" ? ' selected=""' : ""}>${esc(o.label)}</option>`)
    .join("");
  return `<div class="govuk-form-group "><label class="govuk-label ${labelClass}" for="f-${name}">${esc(label)}</label>${hintHtml}<select class="govuk-select " id="f-${name}" name="${name}"${describedBy}>${optionHtml}</select></div>`;
}

const PREV_ICON =
  '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>';
const NEXT_ICON =
  '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>';

/** The pages list of the events page (unfiltered), as the app's Pagination writes it. */
function pagination(page: number, pages: number): string {
  if (pages <= 1) return "";
  const href = (n: number) => (n > 1 ? `/events?page=${n}` : "/events");
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: string[] = [];
  let last = 0;
  for (const n of shown) {
    if (last && n - last === 2)
      items.push(
        `<li class="govuk-pagination__item"><a class="govuk-link govuk-pagination__link" aria-label="Page ${last + 1}" data-discover="true" href="${href(last + 1)}">${last + 1}</a></li>`,
      );
    else if (last && n - last > 2) items.push('<li class="govuk-pagination__item govuk-pagination__item--ellipses">⋯</li>');
    items.push(
      `<li class="govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}"><a class="govuk-link govuk-pagination__link" aria-label="Page ${n}"${n === page ? ' aria-current="page"' : ""} data-discover="true" href="${href(n)}">${n}</a></li>`,
    );
    last = n;
  }
  const prev =
    page > 1
      ? `<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" rel="prev" data-discover="true" href="${href(page - 1)}">${PREV_ICON}<span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span></a></div>`
      : "";
  const next =
    page < pages
      ? `<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" rel="next" data-discover="true" href="${href(page + 1)}"><span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>${NEXT_ICON}</a></div>`
      : "";
  return `<nav class="govuk-pagination" aria-label="Pages of upcoming events">${prev}<ul class="govuk-pagination__list">${items.join("")}</ul>${next}</nav>`;
}

export function eventsMain({
  sessions,
  total,
  page,
  perPage,
  programmes,
  months,
}: {
  /** This page's. */
  sessions: CardSession[];
  total: number;
  page: number;
  perPage: number;
  programmes: Array<{ id: number; title: string }>;
  /** `YYYY-MM`, in order. */
  months: string[];
}): string {
  const filter = `<div class="govuk-grid-column-one-third"><h2 class="govuk-heading-m">Filter</h2><form method="get" action="/events?index" aria-label="Filter events" data-discover="true">${select(
    {
      name: "programme",
      label: "Programme",
      labelClass: "govuk-label--s",
      options: [{ value: "", label: "All programmes" }, ...programmes.map((p) => ({ value: String(p.id), label: p.title }))],
    },
  )}${select({
    name: "month",
    label: "Month",
    labelClass: "govuk-label--s",
    options: [{ value: "", label: "Any month" }, ...months.map((key) => ({ value: key, label: monthLabel(key) }))],
  })}<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button></form></div>`;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const first = (page - 1) * perPage + 1;
  const count = `${total === 1 ? "1 session" : `${total} sessions`} open for booking or with a waiting list.${pages > 1 ? ` Showing ${first} to ${first + sessions.length - 1}.` : ""}`;
  const list = sessions.length
    ? `<ul class="app-card-list" aria-label="Sessions">${sessions.map(card).join("")}</ul>`
    : '<p class="govuk-body">No sessions match. Try another month or programme.</p>';
  return `${MAIN_OPEN}<div class="govuk-grid-row">${filter}<div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">Upcoming events</h1><p class="govuk-body" role="status">${count}</p>${list}${pagination(page, pages)}</div></div></main>`;
}

export type PublicSession = {
  id: number;
  title: string;
  category: string;
  seriesLabel: string | null;
  summary: string;
  description: string | null;
  aims: string[];
  audience: string | null;
  startsAt: number;
  endsAt: number;
  venue: string | null;
  online: boolean;
  placesLeft: number;
  bookingClosesAt: number;
  state: "cancelled" | "started" | "closed" | "open" | "waiting_list";
  cancelledReason: string | null;
  contact: { email: string; phone: string | null } | null;
  staffDepartments: string[];
  sectors: Array<{ value: string; label: string }>;
};

function radio(sector: { value: string; label: string }, index: number, conditional: string): string {
  const id = index === 0 ? "f-sector-input" : `f-sector-${index}`;
  return `<div><div class="govuk-radios__item"><input class="govuk-radios__input" id="${id}" name="sector" type="radio" value="${esc(sector.value)}"/><label class="govuk-label govuk-radios__label" for="${id}">${esc(sector.label)}</label></div>${conditional}</div>`;
}

function bookingForm(s: PublicSession): string {
  const waiting = s.state === "waiting_list";
  const departments = s.staffDepartments.length
    ? `<div class="govuk-radios__conditional">${select({
        name: "staffDepartment",
        label: "Your council department or team",
        hint: "If it is not listed, choose “Other” and enter it in “Department or team” below.",
        options: [
          { value: "", label: "Choose a department" },
          ...s.staffDepartments.map((d) => ({ value: d, label: d })),
          { value: "other", label: "Other (not listed)" },
        ],
      })}</div>`
    : "";
  const sectors = s.sectors.map((sector, i) => radio(sector, i, sector.value === "council_department" ? departments : "")).join("");
  return `<h2 class="govuk-heading-l govuk-!-margin-top-6" id="book">${waiting ? "Join the waiting list" : "Book a place"}</h2>${
    waiting
      ? '<p class="govuk-body">This session is full. If you join the waiting list and a place becomes free, it goes to the first person waiting and we email you.</p>'
      : ""
  }<form method="post" action="/events/${s.id}" novalidate="" aria-labelledby="book" data-discover="true"><div aria-hidden="true" class="app-honeypot"><label for="f-website">Leave this field empty</label><input id="f-website" name="website" type="text" tabindex="-1" autoComplete="off" value=""/></div><div class="govuk-form-group "><label class="govuk-label " for="f-name">Full name</label><input class="govuk-input   " id="f-name" name="name" type="text" autoComplete="name" spellcheck="false" value=""/></div><div class="govuk-form-group "><label class="govuk-label " for="f-email">Email address</label><div id="f-email-hint" class="govuk-hint">We will send your confirmation, calendar invite and reminders here.</div><input class="govuk-input   " id="f-email" name="email" type="email" aria-describedby="f-email-hint" autoComplete="email" spellcheck="false" value=""/></div><div class="govuk-form-group "><label class="govuk-label " for="f-organisation">Organisation</label><div id="f-organisation-hint" class="govuk-hint">For example, the name of your council team&#x27;s employer, business, hotel, venue or school.</div><input class="govuk-input   " id="f-organisation" name="organisation" type="text" aria-describedby="f-organisation-hint" autoComplete="organization" value=""/></div><div class="govuk-form-group " id="f-sector"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Type of organisation</legend><div class="govuk-radios  govuk-radios--small">${sectors}</div></fieldset></div><div class="govuk-form-group "><label class="govuk-label " for="f-jobRole">Your job role</label><input class="govuk-input   " id="f-jobRole" name="jobRole" type="text" autoComplete="organization-title" value=""/></div><div class="govuk-form-group "><label class="govuk-label " for="f-department">Department or team (optional)</label><input class="govuk-input   " id="f-department" name="department" type="text" value=""/></div><div class="govuk-form-group "><label class="govuk-label " for="f-accessNeeds">Access needs (optional)</label><div id="f-accessNeeds-hint" class="govuk-hint">Your needs so that we can make arrangements, for example step-free access, a hearing loop or large-print materials.</div><textarea class="govuk-textarea " id="f-accessNeeds" name="accessNeeds" rows="3" aria-describedby="f-accessNeeds-hint"></textarea></div><p class="govuk-body">We use your details to run this session and report on our training. Read our <a class="govuk-link" rel="noopener" data-discover="true" href="/privacy" target="_blank">privacy notice (opens in a new tab)</a>.</p><div class="govuk-form-group "><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="f-consent" name="consent" type="checkbox" value="yes"/><label class="govuk-label govuk-checkboxes__label" for="f-consent">I have read the privacy notice</label></div></div></div><button type="submit" class="govuk-button" data-module="govuk-button">${waiting ? "Join the waiting list" : "Book a place"}</button></form>`;
}

function unavailable(s: PublicSession): string {
  if (s.state === "cancelled")
    return `<div class="govuk-inset-text" data-testid="booking-unavailable">This session has been cancelled${s.cancelledReason ? `: ${esc(s.cancelledReason)}` : ""}. <a class="govuk-link" data-discover="true" href="/events">See other sessions</a>.</div>`;
  if (s.state === "started")
    return '<div class="govuk-inset-text" data-testid="booking-unavailable">This session has already taken place. <a class="govuk-link" data-discover="true" href="/events">See upcoming sessions</a>.</div>';
  const c = s.contact;
  const contact = c
    ? `<p class="govuk-body govuk-!-margin-bottom-0">If you need a place, contact the training team: <a class="govuk-link" href="mailto:${esc(c.email)}">${esc(c.email)}</a>${
        c.phone ? ` or <a class="govuk-link" href="tel:${esc(c.phone.replace(/\s+/g, ""))}">${esc(c.phone)}</a>` : ""
      }.</p>`
    : "";
  return `<div class="govuk-inset-text" data-testid="booking-unavailable"><p class="govuk-body">Booking for this session has closed.</p>${contact}</div>`;
}

export function sessionMain(s: PublicSession): string {
  const bookable = s.state === "open" || s.state === "waiting_list";
  const row = (key: string, value: string, extra = "") =>
    `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value"${extra}>${value}</dd></div>`;
  const closes = ukParts(s.bookingClosesAt);
  const summary = [
    row("When", timeRange(s.startsAt, s.endsAt)),
    row("Where", s.online ? "Online — the joining link is sent when your place is confirmed" : esc(s.venue ?? "")),
    s.audience ? row("Who it is for", esc(s.audience)) : "",
    row("Places", s.state === "cancelled" ? "Cancelled" : placesLabel(s.placesLeft), ' data-testid="places"'),
    bookable ? row("Booking closes", `${closes.day} ${closes.month} ${closes.year} at ${timeOf(closes)}`) : "",
  ].join("");
  const aims = s.aims.length
    ? `<h2 class="govuk-heading-m">What the session aims to do</h2><ul class="govuk-list govuk-list--bullet">${s.aims.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>`
    : "";
  const description = s.description ? `<p class="govuk-body">${esc(s.description)}</p>` : "";
  return `${MAIN_OPEN}<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><a class="govuk-back-link" data-discover="true" href="/events">All upcoming events</a><span class="govuk-caption-l">${esc(s.category)}${s.seriesLabel ? ` · ${esc(s.seriesLabel)}` : ""}</span><h1 class="govuk-heading-l">${esc(s.title)}</h1><p class="govuk-body-l">${esc(s.summary)}</p>${bookable ? `<p class="govuk-body"><a class="govuk-link govuk-link--no-visited-state" href="#book" data-testid="jump-to-book">${s.state === "waiting_list" ? "Join the waiting list" : "Book a place"}</a></p>` : ""}<dl class="govuk-summary-list">${summary}</dl>${aims}${description}${bookable ? bookingForm(s) : unavailable(s)}</div></div></main>`;
}

/** Around the main content: a page of the same kind, with none of the app's header, footer or scripts. */
export function page(title: string, main: string): string {
  return `<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charSet="utf-8"/><title>${esc(title)}</title></head><body class="govuk-template__body"><div class="govuk-width-container">${main}</div></body></html>`;
}
