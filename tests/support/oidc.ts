/**
 * A real OpenID Connect provider for the tests (`oidc-provider`, the certified implementation), on a local
 * port: one client (this service), people as the test gives them, and the package's own sign-in and consent
 * pages, which a browser fills in.
 */
import type { Server } from "node:http";

import Provider from "oidc-provider";

export type TestPerson = { email: string; name: string; roles?: string[]; email_verified?: boolean };

export const OIDC_CLIENT = { id: "training-events", secret: "a-client-secret-for-the-tests-0123456789" };

export async function startOidcProvider({
  port,
  appUrl,
  people,
}: {
  port: number;
  appUrl: string;
  people: Record<string, TestPerson>;
}): Promise<{ issuer: string; close: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${appUrl}/sign-in/sso/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    // The login name typed on the provider's page is the person's id.
    async findAccount(_ctx, sub) {
      const person = people[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email_verified: true, ...person }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "roles"] },
    // The claims go in the ID token, as Entra ID puts them, not only behind the userinfo endpoint.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  // The package warns about its development pages and keys on every start: true, and meant for tests.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider:", error));
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
