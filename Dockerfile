# Production image for the EchoPilot worker and API (docker-compose.yml runs one container of each).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# tsc to dist/ and the workflow bundle built ahead of time (production workers never bundle at start)
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# ffmpeg cuts media over one transcription request's upload limit into parts (Debian's build: security updates).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
# glibc otherwise gives each of the worker's native threads its own malloc arena: ~10-15% of a worker's
# RSS for nothing (measured with npm run bench, README "Benchmarks").
ENV MALLOC_ARENA_MAX=2
ARG ECHOPILOT_BUILD_ID=unknown
ENV ECHOPILOT_BUILD_ID=${ECHOPILOT_BUILD_ID}
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/infra/db/migrations ./infra/db/migrations
COPY --from=build /app/infra/crypto/failure-converter.cjs ./infra/crypto/failure-converter.cjs
# The dashboard's scripts and styles (tsc copies no .js/.css to dist/; the API reads them from here).
COPY --from=build /app/api/dashboard/assets ./api/dashboard/assets
# Inside the container the API must listen on every interface; docker-compose.yml publishes it on
# the host's loopback only (the CLI default outside a container is 127.0.0.1).
ENV HOST=0.0.0.0
# The data folder (media cache, generated key) is the node user's alone.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
USER node
EXPOSE 5000 9464
ENTRYPOINT ["node", "bin/echopilot.cjs"]
CMD ["worker"]
