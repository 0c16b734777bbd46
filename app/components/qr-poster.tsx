import { Link } from "@remix-run/react";

/** A page to print and put up in the room: a big QR code, the address written out, and what it is for. */
export function QrPoster({
  svg,
  url,
  title,
  subtitle,
  backTo,
}: {
  svg: string;
  url: string;
  title: string;
  subtitle: string;
  backTo: string;
}) {
  return (
    <>
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={backTo}>
          Back
        </Link>{" "}
        · Use your browser&apos;s Print command to print this page.
      </p>
      <div className="app-qr">
        <h1 className="govuk-heading-xl">{title}</h1>
        <p className="govuk-body-l">{subtitle}</p>
        <div
          role="img"
          aria-label={`QR code for ${url}`}
          className="app-qr__code"
          dangerouslySetInnerHTML={{ __html: svg }}
          data-testid="qr-code"
        />
        <p className="govuk-body-l">Scan with your phone&apos;s camera, or go to:</p>
        <p className="govuk-body app-break-all">
          <code data-testid="qr-url">{url}</code>
        </p>
        <p className="govuk-body">It takes about 3 minutes. Your answers are anonymous.</p>
      </div>
    </>
  );
}
