#!/usr/bin/env bash
# The browser test: the complaint form tried as a new user would, in headless Chromium.
#
# Installs what it needs when missing (Debian's chromium and chromium-driver, a Python venv with
# the pinned selenium in Tests/Browser/.venv), builds the server, starts it on a free port with a
# new database in a temporary folder, runs Tests/Browser/test_complaint_form.py against it and
# exits with its status. The last line is "N passed, M failed".
#
#   bash Tests/Browser/run.sh
#
# Knobs: PORTAL_BINARY=path skips the build and runs that binary; BROWSER_SCREENSHOTS=dir keeps
# the screenshots there (default: $TMPDIR/compliance-portal-browser-screenshots).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

work=""
server_pid=""
ran_tests=0
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -n "$work" ] && [ -s "$work/server.err" ]; then
    echo "--- last lines of the server's log ---"
    tail -n 20 "$work/server.err" || true
  fi
  [ -n "$work" ] && rm -rf "$work"
  if [ "$ran_tests" -eq 0 ] && [ "$status" -ne 0 ]; then
    echo "browser test: setup failed before any check ran (exit $status)" >&2
    echo "0 passed, 1 failed"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- System packages: Chromium, its WebDriver, a font for readable screenshots, Python's venv.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
python=python3
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need+=(python3 python3-venv)
  python=/usr/bin/python3
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "browser test: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${need[@]}"
fi
chromium --version 2>/dev/null || true
chromedriver --version

# --- Python venv with the pinned packages; made again when requirements.txt changes.
venv="$here/.venv"
stamp="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" != "$stamp" ]; then
  echo "browser test: creating $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
  echo "$stamp" > "$venv/.requirements-sha256"
fi

# --- The server: built if needed, started on a free port with a new database.
if [ -z "${PORTAL_BINARY:-}" ]; then
  [ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
  swift build --product compliance-portal
  PORTAL_BINARY="$(swift build --product compliance-portal --show-bin-path)/compliance-portal"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/compliance-portal-browser.XXXXXX")"
"$PORTAL_BINARY" serve --host 127.0.0.1 --port 0 --database "$work/db.sqlite" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^compliance-portal listening on \(http:[^ ]*\).*$/\1/p' "$work/server.out" | head -n 1)"
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "browser test: the server exited before it listened" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "browser test: the server did not print its listening line within 30 s" >&2
  exit 1
fi
echo "browser test: server at $url"

# --- The checks.
export PORTAL_URL="$url"
export BROWSER_SCREENSHOTS="${BROWSER_SCREENSHOTS:-${TMPDIR:-/tmp}/compliance-portal-browser-screenshots}"
export SE_OFFLINE=true
mkdir -p "$BROWSER_SCREENSHOTS"
rm -f "$BROWSER_SCREENSHOTS"/*.png
ran_tests=1
set +e
timeout 600 "$venv/bin/python" -u "$here/test_complaint_form.py" 2>&1 | tee "$work/test.out"
status=${PIPESTATUS[0]}
set -e
# The test prints the closing line itself; if it died before (a crash, the timeout), say so here.
if ! tail -n 1 "$work/test.out" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
  echo "browser test: the test ended without its summary (exit $status)"
  echo "0 passed, 1 failed"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
