#!/usr/bin/env bash
# Installs whatever Muon needs and is missing, showing progress: Debian packages (as root), then the
# npm packages (which bring Node 24 as the `node` package). Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages: command or file that proves each is present.
declare -A probe=(
  [nats-server]="command -v nats-server"
  [postgresql]="ls /usr/lib/postgresql/*/bin/pg_ctl"
  [openvswitch-switch]="command -v ovs-vswitchd"
  [dnsmasq-base]="command -v dnsmasq"
  [iptables]="command -v iptables-restore"
  [haproxy]="command -v haproxy"
  [iproute2]="command -v ip"
  [ethtool]="command -v ethtool"
  [busybox]="command -v busybox"
  [iputils-ping]="command -v ping"
  [python3-openstackclient]="command -v openstack"
)
missing=()
for pkg in "${!probe[@]}"; do eval "${probe[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Muon needs these Debian packages: ${missing[*]} — run as root (or install them) and try again." >&2
    exit 1
  fi
  step "Installing Debian packages: ${missing[*]}"
  # Muon runs its own private PostgreSQL cluster; don't let the package create and start the system one.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
    || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Reinstall only when the manifests' content changed (not their timestamps: a checkout or another
# engineer's `npm install` touches them without changing what is installed).
stamp=node_modules/.muon-install-stamp
wanted=$(cat package.json package-lock.json libs/*/package.json apps/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ ! -x node_modules/.bin/node ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  step "Installing npm packages"
  npm ci --no-audit --no-fund --foreground-scripts=false
  echo "$wanted" > "$stamp"
fi

# The `node` npm package puts Node 24 first on PATH for npm scripts; if its install script was
# skipped everything would silently run on the machine's older Node.
PATH="$PWD/node_modules/.bin:$PATH" node -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)' \
  || { echo "Node 24 from node_modules/.bin is missing (the 'node' package's install script did not run)" >&2; exit 1; }
