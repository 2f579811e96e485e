// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node (and its ws/undici) must never be bundled: DESIGN.md "Facts about the stack".
  serverExternalPackages: ["@kubernetes/client-node", "oidc-provider"],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
