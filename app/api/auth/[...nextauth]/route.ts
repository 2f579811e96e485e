// next-auth's own endpoints: sign-in, OIDC callback, session, CSRF token, providers.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so that `next build` needs no secret or IdP.
async function handler(request: Request, context: Context): Promise<Response> {
  const nextAuth = NextAuth(authOptions()) as (request: Request, context: Context) => Promise<Response>;
  return nextAuth(request, context);
}

export { handler as GET, handler as POST };
