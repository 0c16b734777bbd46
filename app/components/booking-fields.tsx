import { Radios, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

import { SECTOR_LABELS, SECTORS } from "../../domain/vocabulary";

export const ATTENDEE_FIELD_ORDER = ["name", "email", "organisation", "sector", "jobRole", "department", "accessNeeds", "consent"];

/** The attendee's details: shared by the public booking form and the organisers' phone-booking and walk-in forms. */
export function AttendeeFields({
  values,
  errors,
  forStaff = false,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  forStaff?: boolean;
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
        label="Email address"
        type="email"
        autoComplete={forStaff ? "off" : "email"}
        spellCheck={false}
        hint={forStaff ? "Confirmation and reminders go here." : "We will send your confirmation, calendar invite and reminders here."}
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
        options={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))}
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
