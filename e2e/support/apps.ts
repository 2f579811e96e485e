// The app instances the e2e run starts (playwright.config.ts). The second is the same in everything but that its
// Network page never carries the graph (VIGIL_GRAPH_INLINE_KIB=0), as for a graph too large to: its client
// fetches it. The demo's graphs are small, so that path runs there (e2e/network.spec.ts). Both are on localhost,
// so the sessions the setup project saved open on either.

export const APP_PORT = Number(process.env.PORT ?? 3000);
export const FETCHED_GRAPH_APP_PORT = APP_PORT + 1;
export const FETCHED_GRAPH_APP_URL = `http://localhost:${FETCHED_GRAPH_APP_PORT}`;
