import { RAG_LABELS } from "~/utils/rag";

import type { RagStatus } from "../../domain/vocabulary";

/** A RAG status as a word in a coloured tag: never colour alone. */
export function RagTag({ status, testId }: { status: RagStatus | null; testId?: string }) {
  return (
    <strong className={`govuk-tag app-rag app-rag--${status ?? "none"}`} data-rag={status ?? "none"} data-testid={testId}>
      {status ? RAG_LABELS[status] : "Not measured"}
    </strong>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <span className="app-progress" role="img" aria-label={label}>
      <span style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
    </span>
  );
}
