import { Link } from "@remix-run/react";

import { Checkbox, Radios, Select, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";
import { useT, type MessageKey } from "~/utils/i18n";

import { OTHER_DEPARTMENT, SECTOR_LABELS, SECTORS } from "../../domain/vocabulary";

export const ATTENDEE_FIELD_ORDER = [
  "name",
  "email",
  "organisation",
  "sector",
  "staffDepartment",
  "jobRole",
  "department",
  "managerEmail",
  "accessNeeds",
  "consent",
];

/** The attendee's details: shared by the public booking form and the organisers' phone-booking and walk-in forms. */
export function AttendeeFields({
  values,
  errors,
  forStaff = false,
  staffDepartments = [],
  emailHint,
  lineManagerWeeks = null,
  emailOptional = false,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  forStaff?: boolean;
  /** What the email address will be used for, where it is not a booking's confirmation (a walk-in checking in). */
  emailHint?: string;
  /** The departments of the uploaded staff list: council staff choose theirs, so L&D can count by department. */
  staffDepartments?: string[];
  /** The programme asks council staff for their line manager, for the follow-up weeks later (ADR 026). */
  lineManagerWeeks?: number | null;
  /** A walk-in may have no email address (issue 15). */
  emailOptional?: boolean;
}) {
  const t = useT();
  // Staff pages are in English (ADR 028); the attendee's own form is in their language.
  const their = forStaff ? "Their" : null;
  return (
    <>
      <TextInput
        name="name"
        label={forStaff ? "Full name" : t("booking.field.name")}
        autoComplete={forStaff ? "off" : "name"}
        spellCheck={false}
        defaultValue={str(values, "name")}
        error={errors?.name}
      />
      <TextInput
        name="email"
        label={emailOptional ? "Email address (optional)" : forStaff ? "Email address" : t("booking.field.email")}
        type="email"
        autoComplete={forStaff ? "off" : "email"}
        spellCheck={false}
        hint={
          emailHint ??
          (emailOptional
            ? "If they have one: their certificate of attendance and the request for feedback go here."
            : forStaff
              ? "Confirmation and reminders go here."
              : t("booking.field.email.hint"))
        }
        defaultValue={str(values, "email")}
        error={errors?.email}
      />
      <TextInput
        name="organisation"
        label={forStaff ? "Organisation" : t("booking.field.organisation")}
        autoComplete={forStaff ? "off" : "organization"}
        hint={
          forStaff
            ? "For example, the name of their council team's employer, business, hotel, venue or school."
            : t("booking.field.organisation.hint")
        }
        defaultValue={str(values, "organisation")}
        error={errors?.organisation}
      />
      <Radios
        name="sector"
        legend={forStaff ? "Type of organisation" : t("booking.field.sector")}
        legendClassName="govuk-fieldset__legend--s"
        small
        value={str(values, "sector")}
        error={errors?.sector}
        options={SECTORS.map((s) => ({
          value: s,
          label: forStaff ? SECTOR_LABELS[s] : t(`sector.${s}` satisfies MessageKey),
          conditional:
            s === "council_department" && staffDepartments.length ? (
              <Select
                name="staffDepartment"
                label={forStaff ? "Their council department or team" : t("booking.field.staffDepartment")}
                hint={
                  forStaff
                    ? "If it is not listed, choose “Other” and enter it in “Department or team” below."
                    : t("booking.field.staffDepartment.hint")
                }
                defaultValue={str(values, "staffDepartment")}
                error={errors?.staffDepartment}
                options={[
                  { value: "", label: forStaff ? "Choose a department" : t("booking.field.staffDepartment.choose") },
                  ...staffDepartments.map((d) => ({ value: d, label: d })),
                  { value: OTHER_DEPARTMENT, label: forStaff ? "Other (not listed)" : t("booking.field.staffDepartment.other") },
                ]}
              />
            ) : undefined,
        }))}
      />
      <TextInput
        name="jobRole"
        label={forStaff ? "Their job role" : t("booking.field.jobRole")}
        autoComplete={forStaff ? "off" : "organization-title"}
        defaultValue={str(values, "jobRole")}
        error={errors?.jobRole}
      />
      <TextInput
        name="department"
        label={forStaff ? "Department or team (optional)" : t("booking.field.department")}
        defaultValue={str(values, "department")}
        error={errors?.department}
      />
      {lineManagerWeeks ? (
        <TextInput
          name="managerEmail"
          label={t("booking.field.managerEmail")}
          type="email"
          autoComplete="off"
          spellCheck={false}
          hint={t("booking.field.managerEmail.hint", { weeks: lineManagerWeeks })}
          defaultValue={str(values, "managerEmail")}
          error={errors?.managerEmail}
        />
      ) : null}
      <Textarea
        name="accessNeeds"
        label={forStaff ? "Access needs (optional)" : t("booking.field.accessNeeds")}
        hint={
          their
            ? `${their} needs so that we can make arrangements, for example step-free access, a hearing loop or large-print materials.`
            : t("booking.field.accessNeeds.hint")
        }
        rows={3}
        defaultValue={str(values, "accessNeeds")}
        error={errors?.accessNeeds}
      />
    </>
  );
}

/** What the details are for, the privacy notice, and the box that says it was read (booking and walk-in forms). */
export function PrivacyConsent({ purpose, values, error }: { purpose: MessageKey; values?: FormValues | null; error?: string }) {
  const t = useT();
  return (
    <>
      <p className="govuk-body">
        {t.rich("booking.privacy", {
          purpose: t(purpose),
          link: (chunks) => (
            <Link className="govuk-link" to="/privacy" target="_blank" rel="noopener">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <Checkbox
        name="consent"
        label={t("booking.privacy.consent")}
        checked={values ? str(values, "consent") === "yes" : false}
        error={error}
      />
    </>
  );
}
