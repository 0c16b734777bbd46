/**
 * The demo's names that other code refers to: the accounts (whose published passwords the README lists) and
 * the titles of the records it creates. Kept apart from the seed itself so that reading them loads nothing.
 */
import type { Role } from "../../domain/vocabulary";

export const DEMO_ACCOUNTS: Array<{ email: string; name: string; role: Role; password: string }> = [
  { email: "admin@safercity.example", name: "Morgan Ellis", role: "admin", password: "admin-demo-password" },
  { email: "organiser@safercity.example", name: "Dana Whitfield", role: "organiser", password: "organiser-demo-password" },
  { email: "facilitator@safercity.example", name: "Sam Osei", role: "facilitator", password: "facilitator-demo-password" },
  { email: "reporter@safercity.example", name: "Ruth Calder", role: "reporter", password: "reporter-demo-password" },
];

export const DEMO_PLAN_TITLE = "Domestic Abuse and Sexual Violence Strategic Action Plan (draft, from the 2019–2021 plan)";
export const DEMO_CONSULTATION_TITLE = "VAWG professionals consultation";
export const DEMO_REQUIREMENT_TITLE = "DAHA training for housing estate staff";
