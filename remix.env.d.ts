/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/server-runtime";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The client's IP address as the server saw it (after TRUST_PROXY_HOPS). */
    clientAddress: string;
  }
}

declare module "@remix-run/node" {
  // Types loaders and actions for single fetch (raw objects and `data()`), matching remix.config.js.
  interface Future {
    v3_singleFetch: true;
  }
}
