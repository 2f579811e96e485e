// The fixed demo users of the embedded IdP. Other parts of Vigil (the demo cluster's RBAC, the e2e specs)
// rely on these exact names, e-mail addresses and groups.

export interface DemoUser {
  username: "alice" | "bob" | "carol";
  name: string;
  email: string;
  groups: readonly string[];
}

export const DEMO_PASSWORD = "demo";

export const DEMO_USERS: readonly DemoUser[] = [
  { username: "alice", name: "Alice", email: "alice@example.com", groups: ["team-frontend"] },
  { username: "bob", name: "Bob", email: "bob@example.com", groups: ["security-reviewers"] },
  { username: "carol", name: "Carol", email: "carol@example.com", groups: [] },
];

/** The user with these credentials, or undefined. Constant answers only: this is a demo IdP, not a real one. */
export function authenticateDemoUser(username: string, password: string): DemoUser | undefined {
  const user = DEMO_USERS.find((u) => u.username === username.trim().toLowerCase());
  return user && password === DEMO_PASSWORD ? user : undefined;
}

export function findDemoUser(username: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.username === username);
}
