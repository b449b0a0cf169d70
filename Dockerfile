# One image for every Muon service. Pick the service with the command (or MUON_SERVICE):
#   docker build -t muon .                          # api, ipam, l3, lbaas, firewall
#   docker build -t muon-agent --target agent .     # the host agent: adds OVS, dnsmasq, iptables, HAProxy
#   docker run muon api                             # = node --import apps/api/dist/tracing.js apps/api/dist/main.js
#   docker run -e MUON_SERVICE=ipam muon            # the same, chosen by environment
# docker-compose.yml builds both targets; deploy/README.md explains the multi-node form.
#
# No .dockerignore is required: only the files named below are copied, and any dist/ or
# node_modules/ that came along from a developer's tree is removed before the clean build.

ARG NODE_BUILD_IMAGE=node:24-bookworm
ARG NODE_RUNTIME_IMAGE=node:24-bookworm-slim

# ---- build: npm ci, tsc -b, then keep only what runs --------------------------------------------
FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false
COPY package.json package-lock.json tsconfig.json tsconfig.base.json nx.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN find apps libs -mindepth 2 -maxdepth 2 \( -name dist -o -name node_modules -o -name '.scratch' \) -prune -exec rm -rf {} + \
 && npm ci --no-audit --no-fund --foreground-scripts=false
RUN bash scripts/build.sh
# Drop dev dependencies (TypeScript, Jest, swc, nx, the `node` npm package; the image has Node 24),
# then gather package.json + dist of every workspace: node_modules/@muon/* are links to them.
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a package.json package-lock.json node_modules /out/ \
 && for d in libs/* apps/*; do \
      [ -f "$d/package.json" ] || continue; \
      mkdir -p "/out/$d" && cp -a "$d/package.json" "/out/$d/"; \
      if [ -d "$d/dist" ]; then cp -a "$d/dist" "/out/$d/"; fi; \
      if [ -d "$d/node_modules" ]; then cp -a "$d/node_modules" "/out/$d/"; fi; \
    done \
 && find /out -name '.tsbuildinfo' -delete \
 && for svc in api ipam l3 lbaas firewall agent; do \
      test -f "/out/apps/$svc/dist/main.js" -a -f "/out/apps/$svc/dist/tracing.js" \
        || { echo "apps/$svc/dist/main.js or tracing.js was not built" >&2; exit 1; }; \
    done

# ---- runtime: api, ipam, l3, lbaas, firewall ----------------------------------------------------
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /opt/muon
COPY --from=build /out/ ./
# The service is the first argument, or MUON_SERVICE when there is none (no default: a missing or
# unknown one fails with the list). Compose sets `init: true`, so tini reaps orphans and forwards signals.
ENTRYPOINT ["/bin/sh", "-c", "svc=\"${1:-$MUON_SERVICE}\"; if [ -z \"$svc\" ] || [ ! -f \"apps/$svc/dist/tracing.js\" ]; then echo \"usage: <service>, one of: $(ls apps/*/dist/tracing.js | cut -d/ -f2 | tr '\\n' ' ')\" >&2; exit 64; fi; exec node --enable-source-maps --import \"./apps/$svc/dist/tracing.js\" \"./apps/$svc/dist/main.js\"", "muon"]
USER node

# ---- agent: the same code plus the dataplane tools it drives (runs as root, privileged) ----------
FROM runtime AS agent
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      iproute2 openvswitch-switch dnsmasq-base iptables haproxy ethtool conntrack socat \
 && rm -rf /var/lib/apt/lists/*
CMD ["agent"]

# The default target is the plain runtime (last stage wins otherwise).
FROM runtime
