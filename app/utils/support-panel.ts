/** The support panel's defaults: shared by the server (settings) and the page shell (error pages in the browser). */
export type SupportPanel = { heading: string; body: string; helplineName: string; helplineNumber: string; quickExitUrl: string };

export const DEFAULT_SUPPORT_PANEL: SupportPanel = {
  heading: "If anything here has affected you",
  body: "You can talk to someone in confidence, at any time. If you are in immediate danger, call 999.",
  helplineName: "National Domestic Abuse Helpline (free, 24 hours)",
  helplineNumber: "0808 2000 247",
  quickExitUrl: "https://www.bbc.co.uk/weather",
};
