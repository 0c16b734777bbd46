import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getTrainingContact } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "Accessibility statement");

export async function loader() {
  const env = getEnv();
  return { organisationName: env.ORGANISATION_NAME, contactEmail: getTrainingContact().email, serviceName: env.SERVICE_NAME };
}

export default function Accessibility() {
  const { organisationName, contactEmail, serviceName } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Accessibility statement</h1>
        <p className="govuk-body-l">
          This statement applies to {serviceName}, run by the {organisationName}.
        </p>
        <p className="govuk-body">We want as many people as possible to be able to use this service. For example, you should be able to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings;</li>
          <li>zoom in up to 400% without the text spilling off the screen;</li>
          <li>navigate the whole service using just a keyboard;</li>
          <li>use the service with speech recognition software;</li>
          <li>use the service with a screen reader (including recent versions of JAWS, NVDA and VoiceOver);</li>
          <li>book a place and give feedback with JavaScript turned off.</li>
        </ul>
        <p className="govuk-body">We have also made the text as simple as possible to understand.</p>

        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information from this service in a different format, such as large print, easy read or another language, or you need
          help to book, email{" "}
          <a className="govuk-link" href={`mailto:${contactEmail}`}>
            {contactEmail}
          </a>
          . We will reply within 5 working days. You can also tell us about any access needs when you book, and we will make arrangements
          for you at the session.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this service</h2>
        <p className="govuk-body">
          We are always looking to improve the accessibility of this service. If you find any problems not listed on this page or think we
          are not meeting accessibility requirements, email{" "}
          <a className="govuk-link" href={`mailto:${contactEmail}`}>
            {contactEmail}
          </a>
          .
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile
          Applications) (No. 2) Accessibility Regulations 2018 (the &lsquo;accessibility regulations&rsquo;). If you are not happy with how
          we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>

        <h2 className="govuk-heading-m">Technical information about this service&apos;s accessibility</h2>
        <p className="govuk-body">
          The {organisationName} is committed to making its websites accessible, in accordance with the accessibility regulations. This
          service is designed to be fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. It is built from
          the patterns of the GOV.UK Design System, which are tested with disabled people and assistive technologies.
        </p>

        <h2 className="govuk-heading-m">How we tested this service</h2>
        <p className="govuk-body">
          Every public page and form is checked automatically against WCAG 2.2 A and AA rules with axe-core in a real browser each time the
          service is changed, and the booking and feedback forms are tested with JavaScript turned off. We plan an audit by disabled users
          before the service leaves beta.
        </p>

        <h2 className="govuk-heading-m">What we are doing to improve accessibility</h2>
        <p className="govuk-body">
          Charts in evaluation reports for staff are accompanied by the same figures in tables. We review this statement whenever the
          service changes significantly.
        </p>
        <p className="govuk-body">This statement was prepared on 22 November 2026.</p>
      </div>
    </div>
  );
}
