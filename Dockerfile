# One image for the api and worker roles: the server built to JavaScript on
# plain node, with production dependencies only. A second, tiny one serves the
# web build. Both are built in the first stage.

# Every dependency (the TypeScript toolchain, vite): builds web/dist and
# server/dist/main.js (the server and @minping/shared in one ES module).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY shared shared
COPY server server
COPY web web
COPY scripts/build-server.ts scripts/
RUN npm run build

# What runs: the packages the bundle imports (npm ci --omit=dev), the bundle,
# the migrations it applies at boot (api role) and the web build the api also
# serves when run alone. Files it reads are found from server/dist (server/src/paths.ts).
FROM node:24-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund --omit=dev && npm cache clean --force
COPY migrations migrations
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/server/dist server/dist
USER node
EXPOSE 3000
# `api` or `worker`; both read DATABASE_URL, REDIS_URL and APP_SECRET.
# --max-semi-space-size=16 (MB): Node 20's young generation; Node 24 sizes it
# from the machine's memory (64 MB here) and the api's RSS grows ~120 MB for
# it (docs/benchmarks.md). npm start and the benchmarks use the same.
ENTRYPOINT ["node", "--max-semi-space-size=16", "server/dist/main.js"]
CMD ["api"]

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY deploy/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/web/dist /usr/share/nginx/html
