// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node (and its ws/undici) must never be bundled: bundling its ws dependency has broken builds before.
  serverExternalPackages: ["@kubernetes/client-node", "oidc-provider"],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
