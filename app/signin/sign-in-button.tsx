"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      aria-busy={busy}
      onClick={() => {
        setBusy(true);
        void signIn("oidc", { callbackUrl }).catch(() => setBusy(false));
      }}
      className="rounded-lg bg-blue-700 px-8 py-4 text-2xl font-semibold text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:opacity-70 dark:bg-blue-500 dark:text-gray-950 dark:hover:bg-blue-400"
    >
      Sign in with single sign-on
    </button>
  );
}
