/** A tiny cookie-keeping HTTP client for driving the server like a browser without JavaScript would. */
export class Client {
  private cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      redirect: "manual",
      ...init,
      headers: { cookie: this.cookieHeader(), "accept-encoding": "identity", ...(init.headers as Record<string, string>) },
    });
    this.store(response);
    return response;
  }

  async post(path: string, form: Record<string, string | string[]>, init: RequestInit = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const response = await fetch(new URL(path, this.base), {
      method: "POST",
      redirect: "manual",
      body,
      ...init,
      headers: {
        cookie: this.cookieHeader(),
        "accept-encoding": "identity",
        "content-type": "application/x-www-form-urlencoded",
        ...(init.headers as Record<string, string>),
      },
    });
    this.store(response);
    return response;
  }

  /** A multipart post, as a form with a file input sends it; fetch sets the boundary. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      method: "POST",
      redirect: "manual",
      body: form,
      headers: { cookie: this.cookieHeader() },
    });
    this.store(response);
    return response;
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.post("/sign-in", { email, password, redirectTo: "/admin" });
  }
}
