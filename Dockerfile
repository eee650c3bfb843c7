# One image for the api and worker roles; a second, tiny one serves the web build.
FROM node:20-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund --include=dev
COPY tsconfig.base.json tsconfig.json ./
COPY shared shared
COPY server server
COPY web web
COPY migrations migrations
COPY scripts scripts
RUN npm run build -w web
USER node
EXPOSE 3000
# `api` or `worker`; both read DATABASE_URL, REDIS_URL and APP_SECRET.
ENTRYPOINT ["node", "--import", "tsx", "server/src/main.ts"]
CMD ["api"]

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY deploy/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=app /app/web/dist /usr/share/nginx/html
