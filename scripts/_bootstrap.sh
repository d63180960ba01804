# Sourced by scripts/start and scripts/test: installs whatever is missing, idempotently.
# Debian with Python 3.11; apt-get is used only when a system package is absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "==> installing python3-venv"; apt_install python3-venv python3-pip
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "==> installing nodejs and npm"; apt_install nodejs npm
fi

EXTRAS="${CAREERS_PIP_EXTRAS:-}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"; "$PYTHON" -m venv .venv
fi
STAMP=".venv/.careers-installed${EXTRAS:+-$EXTRAS}"
WANT="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "==> installing Python dependencies${EXTRAS:+ [$EXTRAS]}"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
  echo "$WANT" > "$STAMP"
fi

# Reflex cannot download bun here: take it from the npm registry instead.
if [ ! -x .tools/node_modules/.bin/bun ]; then
  echo "==> installing bun from npm into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"name":"careers-app-tools","private":true,"version":"0.0.0"}' > .tools/package.json
  (cd .tools && npm install --no-audit --no-fund --silent bun@1.4.5)
fi
# Reflex 0.10.1 wants Node >= 22.22 (Debian has 20: builds work, but every start warns that
# Node is out of date): a Node 22 binary from the npm registry goes first on PATH.
if [ "$(.tools/node_modules/.bin/node --version 2>/dev/null)" != "v22.23.3" ]; then
  echo "==> installing Node 22 from npm into .tools/"
  (cd .tools && npm install --no-audit --no-fund --silent node@22.23.3)
fi
export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_TELEMETRY_ENABLED=false
