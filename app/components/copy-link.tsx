/**
 * A link staff pass on (the public booking page, the room's feedback link), shown in full so it can be
 * selected without JavaScript, with a "Copy link" button where the browser can copy (issue 15). The button
 * appears only once the page's script runs, so nobody without it sees a button that does nothing.
 */
import { useEffect, useState } from "react";

import { useT } from "~/utils/i18n";

export function CopyLink({ url, what, testId }: { url: string; what: string; testId?: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  const t = useT();
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  return (
    <>
      <code data-testid={testId} className="app-copy-text">
        {url}
      </code>
      {canCopy ? (
        <>
          {" "}
          <button
            type="button"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-copy-button"
            data-module="govuk-button"
            onClick={() => {
              navigator.clipboard.writeText(url).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {t.rich("copyLink.button", { what, hidden: (chunks) => <span className="govuk-visually-hidden">{chunks}</span> })}
          </button>
        </>
      ) : null}
      <span role="status" className="govuk-body-s govuk-!-margin-left-2">
        {copied ? t("copyLink.copied") : ""}
      </span>
    </>
  );
}
