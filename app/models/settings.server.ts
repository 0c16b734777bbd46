import { eq } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { DEFAULT_SUPPORT_PANEL } from "~/utils/support-panel";

/** The support panel on every public page, and where "Leave this site" goes. */
export const supportPanelSchema = z.object({
  heading: z.string().trim().min(1, "Enter a heading").max(120, "Heading must be 120 characters or fewer"),
  body: z.string().trim().min(1, "Enter the message").max(600, "Message must be 600 characters or fewer"),
  helplineName: z.string().trim().min(1, "Enter the helpline's name").max(120),
  helplineNumber: z
    .string()
    .trim()
    .regex(/^[0-9 ]{3,20}$/, "Enter a phone number using digits and spaces only, like 0808 2000 247"),
  quickExitUrl: z.url({ protocol: /^https$/, error: "Enter a web address starting with https://" }),
});
export type SupportPanel = z.infer<typeof supportPanelSchema>;
export { DEFAULT_SUPPORT_PANEL };

export function getSupportPanel(): SupportPanel {
  const row = db.select().from(schema.siteSettings).where(eq(schema.siteSettings.key, "supportPanel")).get();
  const parsed = supportPanelSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SUPPORT_PANEL;
}

export function setSupportPanel({ value, userId }: { value: SupportPanel; userId: number }) {
  const data = supportPanelSchema.parse(value);
  db.insert(schema.siteSettings)
    .values({ key: "supportPanel", value: data, updatedBy: userId })
    .onConflictDoUpdate({ target: schema.siteSettings.key, set: { value: data, updatedBy: userId, updatedAt: clock() } })
    .run();
}

/**
 * How the public reaches the training team: shown wherever booking is closed (the session page, the calendar
 * feed, the sessions API), and in the privacy notice, accessibility statement and phase banner.
 */
export const trainingContactSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter the training team's email address")
    .max(200, "Email address must be 200 characters or fewer")
    .pipe(z.email({ error: "Enter an email address in the correct format, like training@council.gov.uk" })),
  phone: z
    .string()
    .trim()
    .regex(/^([0-9 ]{3,20})?$/, "Enter a phone number using digits and spaces only, like 020 7946 0000")
    .default(""),
});
export type TrainingContact = z.infer<typeof trainingContactSchema>;

/** The contact an administrator set, or the service's sending address until they do. */
export function getTrainingContact(): TrainingContact {
  const row = db.select().from(schema.siteSettings).where(eq(schema.siteSettings.key, "trainingContact")).get();
  const parsed = trainingContactSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : { email: getEnv().MAIL_FROM, phone: "" };
}

export function setTrainingContact({ value, userId }: { value: TrainingContact; userId: number }) {
  const data = trainingContactSchema.parse(value);
  db.insert(schema.siteSettings)
    .values({ key: "trainingContact", value: data, updatedBy: userId })
    .onConflictDoUpdate({ target: schema.siteSettings.key, set: { value: data, updatedBy: userId, updatedAt: clock() } })
    .run();
}
