import { eq } from "drizzle-orm";
import { z } from "zod";

import { db, schema } from "~/db.server";
import { clock } from "~/utils/clock.server";
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
