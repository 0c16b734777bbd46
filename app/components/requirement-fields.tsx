import { Checkboxes, Select, TextInput } from "~/components/forms";
import { list, str, type FieldErrors, type FormValues } from "~/utils/forms";

export function RequirementFields({
  values,
  errors,
  programmes,
  departments,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  programmes: Array<{ id: number; title: string }>;
  departments: string[];
}) {
  return (
    <>
      <TextInput
        name="title"
        label="Name"
        hint="For example “DAHA training for housing estate staff”."
        defaultValue={str(values, "title")}
        error={errors?.title}
      />
      <Checkboxes
        name="programmeIds"
        legend="Which programmes count?"
        legendClassName="govuk-fieldset__legend--s"
        hint="Attending any one of these meets the requirement."
        values={list(values, "programmeIds")}
        error={errors?.programmeIds}
        options={programmes.map((p) => ({ value: String(p.id), label: p.title }))}
      />
      <Select
        name="department"
        label="Who must do it"
        defaultValue={str(values, "department")}
        error={errors?.department}
        options={[{ value: "", label: "Everyone on the staff list" }, ...departments.map((d) => ({ value: d, label: d }))]}
      />
      <TextInput
        name="refresherMonths"
        label="Refresher every this many months (optional)"
        hint="For example 24. Leave blank if once is enough."
        inputMode="numeric"
        widthClass="govuk-input--width-3"
        defaultValue={str(values, "refresherMonths")}
        error={errors?.refresherMonths}
      />
    </>
  );
}
