import { Checkbox, Radios, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

import { CATEGORY_LABELS, PROGRAMME_CATEGORIES } from "../../domain/vocabulary";

export const PROGRAMME_FIELD_ORDER = [
  "title",
  "summary",
  "description",
  "aims",
  "audience",
  "category",
  "defaultCapacity",
  "defaultDurationMinutes",
  "reminderDaysBefore",
  "followUpWeeks",
  "askLineManager",
  "sensitive",
  "publicTitle",
];

export function ProgrammeFields({ values, errors }: { values?: FormValues | null; errors?: FieldErrors | null }) {
  return (
    <>
      <TextInput name="title" label="Title" defaultValue={str(values, "title")} error={errors?.title} />
      <Textarea
        name="summary"
        label="Summary"
        hint="One or two sentences, shown in lists of events."
        rows={2}
        defaultValue={str(values, "summary")}
        error={errors?.summary}
      />
      <Textarea
        name="description"
        label="Description (optional)"
        rows={5}
        defaultValue={str(values, "description")}
        error={errors?.description}
      />
      <Textarea
        name="aims"
        label="Aims (optional)"
        hint="One aim per line. They appear on the session page and in evaluation reports."
        rows={5}
        defaultValue={str(values, "aims")}
        error={errors?.aims}
      />
      <TextInput
        name="audience"
        label="Who it is for (optional)"
        hint="For example, housing estate staff and managers."
        defaultValue={str(values, "audience")}
        error={errors?.audience}
      />
      <Radios
        name="category"
        legend="Category"
        legendClassName="govuk-fieldset__legend--s"
        value={str(values, "category")}
        error={errors?.category}
        options={PROGRAMME_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
      />
      <TextInput
        name="defaultCapacity"
        label="Usual number of places"
        inputMode="numeric"
        widthClass="govuk-input--width-4"
        defaultValue={str(values, "defaultCapacity")}
        error={errors?.defaultCapacity}
      />
      <TextInput
        name="defaultDurationMinutes"
        label="Usual length, in minutes"
        hint="For example, 180 for three hours."
        inputMode="numeric"
        widthClass="govuk-input--width-4"
        defaultValue={str(values, "defaultDurationMinutes")}
        error={errors?.defaultDurationMinutes}
      />
      <TextInput
        name="reminderDaysBefore"
        label="Send the reminder email this many days before a session"
        hint="0 sends no reminder."
        inputMode="numeric"
        widthClass="govuk-input--width-3"
        defaultValue={str(values, "reminderDaysBefore") || "2"}
        error={errors?.reminderDaysBefore}
      />
      <TextInput
        name="followUpWeeks"
        label="Send the follow-up this many weeks after a session"
        hint="Everyone marked as attended is asked whether they have used what they learned. Evaluations of training often use 6 to 8 weeks."
        inputMode="numeric"
        widthClass="govuk-input--width-3"
        defaultValue={str(values, "followUpWeeks") || "8"}
        error={errors?.followUpWeeks}
      />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Line managers</legend>
        <Checkbox
          name="askLineManager"
          label="Ask council staff for their line manager's email when they book"
          hint="Optional for them. Their manager gets two short questions at the follow-up: whether they have seen a change in practice."
          checked={str(values, "askLineManager") === "yes"}
          error={errors?.askLineManager}
        />
      </fieldset>
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Sensitive topic</legend>
        <Checkbox
          name="sensitive"
          label="Use a neutral title in calendars, feeds and email subjects"
          hint="Choose this when seeing the title in a shared calendar or on a phone's lock screen could put someone at risk."
          checked={str(values, "sensitive") === "yes"}
          error={errors?.sensitive}
        />
        <TextInput
          name="publicTitle"
          label="Neutral public title"
          hint="Required for sensitive programmes. It must not repeat words from the title, for example “Partnership business briefing”."
          defaultValue={str(values, "publicTitle")}
          error={errors?.publicTitle}
        />
      </fieldset>
    </>
  );
}
