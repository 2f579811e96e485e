import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { Suspense, type ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { PresentMode } from "@/components/layout/present-mode";
import { readSessionToken, viewerOf } from "@/lib/auth/read-session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vigil", template: "%s · Vigil" },
  description:
    "Least-privilege Kubernetes security posture: RBAC, NetworkPolicy reachability and certificates.",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
  // A posture viewer behind single sign-on has nothing for search engines (public/robots.txt says so too).
  robots: { index: false, follow: false },
};

/** The name shown for the cluster Vigil reads. */
function clusterLabel(): string {
  if (process.env.VIGIL_CLUSTER_NAME) return process.env.VIGIL_CLUSTER_NAME;
  const mode = process.env.VIGIL_MODE ?? "snapshot";
  if (mode === "snapshot") return process.env.VIGIL_MANIFESTS ? "manifests" : "demo";
  return "live";
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const themeCookie = (await cookies()).get("vigil-theme")?.value;
  const theme = themeCookie === "light" || themeCookie === "dark" ? themeCookie : "system";
  const token = await readSessionToken();
  // Meeting mode (`?present=1`, read by proxy.ts) styles the first paint; components/layout/present-mode.tsx
  // keeps the class in step with client-side navigation.
  const present = (await headers()).get("x-vigil-present") === "1";
  const htmlClass = [theme === "system" ? "" : theme, present ? "present" : ""].filter(Boolean).join(" ");
  return (
    <html lang="en" className={htmlClass || undefined}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-black"
        >
          Skip to content
        </a>
        {token && <AppHeader viewer={viewerOf(token)} theme={theme} cluster={clusterLabel()} />}
        <Suspense fallback={null}>
          <PresentMode />
        </Suspense>
        <main
          id="main"
          className="mx-auto max-w-[1920px] px-4 py-6 [html.present_&]:pt-2 [html.present_&]:pb-2"
        >
          {children}
        </main>
      </body>
    </html>
  );
}
