# syntax=docker/dockerfile:1
# The smsfleet hub as a container image: `smsfleet serve` on 0.0.0.0:8080 with the fleet file at /run/secrets/fleet.
#   docker build -t smsfleet-hub .        (from the repository root; compose.yaml does this for you)
# test/src/container/production-install.test.ts repeats the runtime stage outside Docker (its COPY, npm and ENV lines,
# HEALTHCHECK, ENTRYPOINT and CMD): keep one source and one destination per COPY, relative to WORKDIR.

ARG NODE_IMAGE=node:20-bookworm-slim

# The npm that wrote package-lock.json (package.json "packageManager"), for both stages.
FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm install --global npm@11.19.1 && npm cache clean --force
WORKDIR /app

# Build: the dependencies of what `tsc -b packages/hub` compiles (the hub, core, the client, and fleet-sim that
# their tests use), with the root's TypeScript, then compile. No install scripts: the native parts come as prebuilt
# packages.
FROM base AS build
COPY package.json package.json
COPY package-lock.json package-lock.json
COPY packages/core/package.json packages/core/package.json
COPY packages/hub/package.json packages/hub/package.json
COPY packages/client/package.json packages/client/package.json
COPY packages/fleet-sim/package.json packages/fleet-sim/package.json
RUN npm ci --ignore-scripts --include-workspace-root \
    --workspace=@smsfleet/core --workspace=@smsfleet/hub --workspace=@smsfleet/client \
    --workspace=@smsfleet/fleet-sim
COPY shared/tsconfig.base.json shared/tsconfig.base.json
COPY packages/fleet-sim packages/fleet-sim
COPY packages/client packages/client
COPY packages/core packages/core
COPY packages/hub packages/hub
RUN npx tsc -b packages/hub

# Runtime: the hub's production dependencies only (its "dependencies", with the workspaces among them linked), the
# compiled code, the dashboard's static files and the bin. Owned by root, run as `node`: the app cannot rewrite itself.
FROM base AS runtime
ENV NODE_ENV=production \
    SMSFLEET_HOST=0.0.0.0 \
    SMSFLEET_PORT=8080 \
    PATH=/app/node_modules/.bin:$PATH
COPY package.json package.json
COPY package-lock.json package-lock.json
COPY packages/core/package.json packages/core/package.json
COPY packages/hub/package.json packages/hub/package.json
COPY packages/client/package.json packages/client/package.json
# The bin before the install, so that npm links it: `docker compose exec hub smsfleet devices` works.
COPY packages/hub/bin packages/hub/bin
RUN npm ci --omit=dev --ignore-scripts \
    --workspace=@smsfleet/core --workspace=@smsfleet/hub --workspace=@smsfleet/client \
    && npm cache clean --force
COPY --from=build /app/packages/core/dist packages/core/dist
# The Redis store reads its Lua scripts at run time from src/store/redis/lua (found at the same depth from dist).
COPY packages/core/src/store/redis/lua packages/core/src/store/redis/lua
COPY --from=build /app/packages/hub/dist packages/hub/dist
COPY --from=build /app/packages/client/dist packages/client/dist
COPY packages/hub/public packages/hub/public
COPY deploy/healthcheck.cjs deploy/healthcheck.cjs
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/deploy/healthcheck.cjs"]
# node itself is the process that gets SIGTERM (no shell, no npm in between).
ENTRYPOINT ["node", "/app/packages/hub/bin/smsfleet.js", "serve"]
CMD ["--fleet", "/run/secrets/fleet"]
