import type { Translate } from "./i18n";
import type { Role } from "../../domain/vocabulary";

export type NavItem = { to: string; label: string; end?: boolean };

type StaffNavItem = NavItem & { roles: Role[] | "all" };

/** The staff menu; each item lists the roles that may open it (admins may open everything). */
const STAFF_NAV: StaffNavItem[] = [
  { to: "/admin", label: "Dashboard", end: true, roles: "all" },
  { to: "/admin/programmes", label: "Programmes", roles: ["organiser"] },
  { to: "/admin/sessions", label: "Sessions", roles: ["organiser", "facilitator"] },
  { to: "/admin/people", label: "Find a person", roles: ["organiser"] },
  { to: "/admin/forms", label: "Feedback forms", roles: ["organiser"] },
  { to: "/admin/reports", label: "Reports", roles: ["organiser", "reporter"] },
  { to: "/admin/training", label: "Training figures", roles: ["organiser", "reporter"] },
  { to: "/admin/plans", label: "Action plans", roles: ["organiser", "reporter"] },
  { to: "/admin/users", label: "Staff accounts", roles: ["admin"] },
  { to: "/admin/outbox", label: "Email outbox", roles: ["admin"] },
  { to: "/admin/subject-access", label: "Subject access", roles: ["admin"] },
  { to: "/admin/settings", label: "Settings", roles: ["admin"] },
];

export function staffNavigation(role: Role): NavItem[] {
  return STAFF_NAV.filter((item) => item.roles === "all" || role === "admin" || item.roles.includes(role)).map(({ to, label, end }) => ({
    to,
    label,
    end,
  }));
}

export function publicNavigation(t: Translate): NavItem[] {
  return [
    { to: "/", label: t("nav.home"), end: true },
    { to: "/events", label: t("nav.events") },
  ];
}

/** Staff pages and signing in: in English, without the public pages' support panel and quick exit. */
export function isStaffPath(pathname: string) {
  return (
    pathname === "/admin" ||
    pathname.startsWith("/admin/") ||
    pathname === "/sign-in" ||
    pathname.startsWith("/sign-in/") ||
    pathname === "/sign-out"
  );
}
