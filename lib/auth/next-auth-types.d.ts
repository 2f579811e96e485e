// The shape of Vigil's next-auth session: all the browser may read (name, email, groups).

declare module "next-auth" {
  interface Session {
    user: { name: string; email?: string; groups: string[] };
  }
}

export {};
