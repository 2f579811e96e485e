// The sign-in page: one button that starts the single sign-on flow.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readSessionToken } from "@/lib/auth/read-session";
import { SignInButton } from "@/app/signin/sign-in-button";
import { safeCallbackUrl, signInMessage } from "@/app/signin/sign-in-messages";

export const metadata: Metadata = { title: "Sign in - Vigil" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;
  if (!error && (await readSessionToken())) redirect(callbackUrl);
  const message = signInMessage(error, params["signed-out"] === "1");
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-8 px-6 py-16 text-gray-900 dark:text-gray-100">
      <h1 className="text-5xl font-bold">Sign in to Vigil</h1>
      <p className="text-2xl">
        Vigil shows the cluster with your own permissions: sign in with your organisation&apos;s single
        sign-on.
      </p>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={
            message.kind === "error"
              ? "border-l-8 border-red-700 pl-4 text-2xl font-semibold text-red-800 dark:border-red-400 dark:text-red-300"
              : "border-l-8 border-blue-700 pl-4 text-2xl dark:border-blue-400"
          }
        >
          {message.kind === "error" ? "Error: " : ""}
          {message.text}
        </p>
      )}
      <div>
        <SignInButton callbackUrl={callbackUrl} />
      </div>
    </div>
  );
}
