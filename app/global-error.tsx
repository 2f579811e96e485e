"use client";

// Last resort when the root layout itself fails: plain HTML, no stack.

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>Vigil could not start this page</h1>
        <p>Reload the page, or sign in again. Nothing was changed in the cluster: Vigil only reads.</p>
        {error.digest && <p>Reference for the server log: {error.digest}</p>}
      </body>
    </html>
  );
}
