import { Link } from "@remix-run/react";

import { Checkbox, Radios, Select, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

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
  const their = forStaff ? "Their" : "Your";
  return (
    <>
      <TextInput
        name="name"
        label="Full name"
        autoComplete={forStaff ? "off" : "name"}
        spellCheck={false}
        defaultValue={str(values, "name")}
        error={errors?.name}
      />
      <TextInput
        name="email"
        label={emailOptional ? "Email address (optional)" : "Email address"}
        type="email"
        autoComplete={forStaff ? "off" : "email"}
        spellCheck={false}
        hint={
          emailHint ??
          (emailOptional
            ? "If they have one: their certificate of attendance and the request for feedback go here."
            : forStaff
              ? "Confirmation and reminders go here."
              : "We will send your confirmation, calendar invite and reminders here.")
        }
        defaultValue={str(values, "email")}
        error={errors?.email}
      />
      <TextInput
        name="organisation"
        label="Organisation"
        autoComplete={forStaff ? "off" : "organization"}
        hint="For example, the name of your council team's employer, business, hotel, venue or school."
        defaultValue={str(values, "organisation")}
        error={errors?.organisation}
      />
      <Radios
        name="sector"
        legend="Type of organisation"
        legendClassName="govuk-fieldset__legend--s"
        small
        value={str(values, "sector")}
        error={errors?.sector}
        options={SECTORS.map((s) => ({
          value: s,
          label: SECTOR_LABELS[s],
          conditional:
            s === "council_department" && staffDepartments.length ? (
              <Select
                name="staffDepartment"
                label={forStaff ? "Their council department or team" : "Your council department or team"}
                hint="If it is not listed, choose “Other” and enter it in “Department or team” below."
                defaultValue={str(values, "staffDepartment")}
                error={errors?.staffDepartment}
                options={[
                  { value: "", label: "Choose a department" },
                  ...staffDepartments.map((d) => ({ value: d, label: d })),
                  { value: OTHER_DEPARTMENT, label: "Other (not listed)" },
                ]}
              />
            ) : undefined,
        }))}
      />
      <TextInput
        name="jobRole"
        label={`${forStaff ? "Their" : "Your"} job role`}
        autoComplete={forStaff ? "off" : "organization-title"}
        defaultValue={str(values, "jobRole")}
        error={errors?.jobRole}
      />
      <TextInput
        name="department"
        label="Department or team (optional)"
        defaultValue={str(values, "department")}
        error={errors?.department}
      />
      {lineManagerWeeks ? (
        <TextInput
          name="managerEmail"
          label="Your line manager's email address (optional, council staff only)"
          type="email"
          autoComplete="off"
          spellCheck={false}
          hint={`About ${lineManagerWeeks} weeks after the session we will ask them, in two short questions, whether they have seen a change in practice. They will not see your answers, and you will not see theirs.`}
          defaultValue={str(values, "managerEmail")}
          error={errors?.managerEmail}
        />
      ) : null}
      <Textarea
        name="accessNeeds"
        label="Access needs (optional)"
        hint={`${their} needs so that we can make arrangements, for example step-free access, a hearing loop or large-print materials.`}
        rows={3}
        defaultValue={str(values, "accessNeeds")}
        error={errors?.accessNeeds}
      />
    </>
  );
}

/** What the details are for, the privacy notice, and the box that says it was read (booking and walk-in forms). */
export function PrivacyConsent({ purpose, values, error }: { purpose: string; values?: FormValues | null; error?: string }) {
  return (
    <>
      <p className="govuk-body">
        We use your details to {purpose}. Read our{" "}
        <Link className="govuk-link" to="/privacy" target="_blank" rel="noopener">
          privacy notice (opens in a new tab)
        </Link>
        .
      </p>
      <Checkbox
        name="consent"
        label="I have read the privacy notice"
        checked={values ? str(values, "consent") === "yes" : false}
        error={error}
      />
    </>
  );
}
