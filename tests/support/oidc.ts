/**
 * A real OpenID Connect provider for the tests (`oidc-provider`, the certified implementation), on a local
 * port: one client (this service), people as the test gives them, and the package's own sign-in and consent
 * pages, which a browser fills in.
 */
import { createServer, request, type Server } from "node:http";

import { SignJWT } from "jose";
import Provider from "oidc-provider";

export type TestPerson = { email: string; name: string; roles?: string[]; email_verified?: boolean };

export const OIDC_CLIENT = { id: "training-events", secret: "a-client-secret-for-the-tests-0123456789" };

export async function startOidcProvider({
  port,
  appUrl,
  people,
  issuer = `http://127.0.0.1:${port}`,
  jwks,
}: {
  port: number;
  appUrl: string;
  people: Record<string, TestPerson>;
  /** The address the service knows it by, if not its own (a proxy in front of it). */
  issuer?: string;
  /** Its signing keys, when the test must sign tokens as it would. */
  jwks?: { keys: Array<Record<string, unknown>> };
}): Promise<{ issuer: string; close: () => Promise<void> }> {
  // The package warns, on every start, that its development keys and sign-in pages are in use: true, and meant.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes("oidc-provider WARNING")) warn(...args);
  };
  const provider = new Provider(issuer, {
    ...(jwks ? { jwks: jwks as never } : {}),
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
  console.warn = warn;
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

/**
 * A proxy in front of the provider, at the issuer's address, that passes everything through except, when told
 * to, the ID token in the token endpoint's answer: given another audience (and signed again with the provider's
 * own key, so only the audience is wrong), or with its signature spoiled.
 */
export async function startTamperingProxy({
  port,
  target,
  privateKey,
}: {
  port: number;
  target: number;
  privateKey: CryptoKey;
}): Promise<{ setMode: (mode: "pass" | "audience" | "signature") => void; close: () => Promise<void> }> {
  let mode: "pass" | "audience" | "signature" = "pass";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const upstream = request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (c: Buffer) => body.push(c));
        answer.on("end", async () => {
          let out = Buffer.concat(body);
          if (mode !== "pass" && req.url?.startsWith("/token") && answer.statusCode === 200) {
            const json = JSON.parse(out.toString("utf8")) as { id_token: string };
            json.id_token = await tamper(json.id_token, mode, privateKey);
            out = Buffer.from(JSON.stringify(json));
          }
          const headers = { ...answer.headers, "content-length": String(out.length) };
          delete headers["transfer-encoding"];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(out);
        });
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    setMode: (m) => {
      mode = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function tamper(idToken: string, mode: "audience" | "signature", privateKey: CryptoKey): Promise<string> {
  const [header, payload, signature] = idToken.split(".");
  if (mode === "signature") {
    // Another signature of the right length: the token says what it said, but the provider did not sign it.
    const bytes = Buffer.from(signature!, "base64url");
    bytes[0] = bytes[0]! ^ 0xff;
    return `${header}.${payload}.${bytes.toString("base64url")}`;
  }
  const protectedHeader = JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as { alg: string; kid?: string };
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
  return new SignJWT({ ...claims, aud: "another-service" }).setProtectedHeader(protectedHeader).sign(privateKey);
}
