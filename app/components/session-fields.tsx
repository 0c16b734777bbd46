import { DateInput, Radios, Select, Textarea, TextInput } from "~/components/forms";
import { str, type FieldErrors, type FormValues } from "~/utils/forms";

export const SESSION_FIELD_ORDER = [
  "form",
  "date",
  "startTime",
  "endTime",
  "deliveryMode",
  "venue",
  "onlineUrl",
  "capacity",
  "bookingClosesHours",
  "facilitatorId",
  "notesForAttendees",
  "pattern",
  "occurrences",
];

/** Date and time in UK time, place, places and booking close: shared by the new-session and edit pages. */
export function SessionFields({
  values,
  errors,
  facilitators,
}: {
  values?: FormValues | null;
  errors?: FieldErrors | null;
  facilitators: Array<{ id: number; name: string }>;
}) {
  return (
    <>
      <DateInput name="date" legend="Date" values={values} error={errors?.date} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <TextInput
            name="startTime"
            label="Start time (UK time)"
            hint="For example, 10am, 2:30pm or 14:00"
            spellCheck={false}
            widthClass="govuk-input--width-5"
            defaultValue={str(values, "startTime")}
            error={errors?.startTime}
          />
        </div>
        <div className="govuk-grid-column-one-half">
          <TextInput
            name="endTime"
            label="End time (UK time)"
            hint="For example, 12:30pm or 15:30"
            spellCheck={false}
            widthClass="govuk-input--width-5"
            defaultValue={str(values, "endTime")}
            error={errors?.endTime}
          />
        </div>
      </div>
      <Radios
        name="deliveryMode"
        legend="Where does it take place?"
        legendClassName="govuk-fieldset__legend--s"
        value={str(values, "deliveryMode") || "in_person"}
        error={errors?.deliveryMode}
        options={[
          { value: "in_person", label: "In person" },
          { value: "online", label: "Online" },
          { value: "hybrid", label: "Both: in person with an online option" },
        ]}
      />
      <Textarea
        name="venue"
        label="Venue and address"
        hint="For in-person and hybrid sessions. Attendees see this exactly as written."
        rows={2}
        defaultValue={str(values, "venue")}
        error={errors?.venue}
      />
      <TextInput
        name="onlineUrl"
        label="Joining link"
        hint="For online and hybrid sessions, starting with https://. Only people with a confirmed place see it."
        type="url"
        spellCheck={false}
        defaultValue={str(values, "onlineUrl")}
        error={errors?.onlineUrl}
      />
      <TextInput
        name="capacity"
        label="Number of places"
        inputMode="numeric"
        widthClass="govuk-input--width-4"
        defaultValue={str(values, "capacity")}
        error={errors?.capacity}
      />
      <TextInput
        name="bookingClosesHours"
        label="Booking closes this many hours before the start"
        hint="For example, 24 for the day before. 0 keeps booking open until the start."
        inputMode="numeric"
        widthClass="govuk-input--width-4"
        defaultValue={str(values, "bookingClosesHours") || "24"}
        error={errors?.bookingClosesHours}
      />
      <Select
        name="facilitatorId"
        label="Facilitator (optional)"
        hint="They can open this session's attendance register."
        defaultValue={str(values, "facilitatorId")}
        error={errors?.facilitatorId}
        options={[{ value: "", label: "Not assigned" }, ...facilitators.map((f) => ({ value: String(f.id), label: f.name }))]}
      />
      <Textarea
        name="notesForAttendees"
        label="Notes for attendees (optional)"
        hint="Shown to people with a place, and in their reminder: arrival, parking, what to bring."
        rows={3}
        defaultValue={str(values, "notesForAttendees")}
        error={errors?.notesForAttendees}
      />
    </>
  );
}
