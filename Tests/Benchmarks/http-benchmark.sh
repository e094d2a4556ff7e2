#!/usr/bin/env bash
# HTTP benchmark of `compliance-portal serve` against a Debian nginx serving the same file.
# Not part of the test suite; see Tests/Benchmarks/README.md.
#
# Builds the release binary, starts it and an nginx on free loopback ports, loads both with wrk
# (GET /healthz and GET of a ~4 KB static HTML page, 64 connections, ROUNDS rounds alternating
# the two servers), then holds 1,000 idle keep-alive connections open against our server. Prints
# the medians (req/s, p50/p99 latency), the ratio to nginx, the server's RSS, and PASS/FAIL per
# target. Exits 0 whether or not the targets are met; non-zero only when something broke.
#
# Environment: DURATION (s per run, 10), ROUNDS (3), WARMUP (s, 2; 0 = none), CONNECTIONS (64),
# THREADS (wrk threads, 1), IDLE_CONNECTIONS (1000), SKIP_BUILD=1 (use the existing release
# build), OUT (also write the report there), KEEP_TMP=1 (keep the temp dir and its logs).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_NAME=http-benchmark
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-1000}
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
HOST=127.0.0.1

require_whole_numbers DURATION ROUNDS WARMUP CONNECTIONS THREADS IDLE_CONNECTIONS
((ROUNDS >= 1 && DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1)) || die "ROUNDS, DURATION, CONNECTIONS and THREADS must be at least 1"

# ---------------------------------------------------------------------------------------------
# Tools

command -v wrk >/dev/null || install_package wrk
command -v wrk >/dev/null || die "wrk is still missing after installing it"
if [[ ! -x $NGINX_BIN ]]; then
    install_package nginx-light
    [[ -x $NGINX_BIN ]] || die "nginx is still missing at $NGINX_BIN after installing nginx-light"
fi
command -v python3 >/dev/null || die "python3 is needed for the idle-connection helper"

# Enough descriptors for the idle connections (inherited by both servers and the helper).
needed=$((IDLE_CONNECTIONS + 1024))
((needed >= 4096)) || needed=4096
if [[ $(ulimit -n) != unlimited ]] && (($(ulimit -n) < needed)); then
    ulimit -n "$needed" 2>/dev/null || die "cannot raise the open-file limit to $needed (ulimit -n; hard limit $(ulimit -Hn))"
fi

build_release

# ---------------------------------------------------------------------------------------------
# Temp dir, cleanup

NGINX_PID=""
NGINX_WORKERS=""
HELPER_PID=""

# Called by lib.sh's cleanup (the EXIT trap) before it removes the temp dir.
cleanup_processes() {
    [[ -n $HELPER_PID ]] && kill "$HELPER_PID" 2>/dev/null
    stop_process "$SERVER_PID" TERM
    stop_process "$NGINX_PID" TERM
    local worker
    for worker in $NGINX_WORKERS; do
        if kill -0 "$worker" 2>/dev/null && [[ $(cat "/proc/$worker/comm" 2>/dev/null) == nginx ]]; then
            kill -KILL "$worker" 2>/dev/null
        fi
    done
}
make_tmp_dir "${TMPDIR:-/tmp}"

# ---------------------------------------------------------------------------------------------
# Helpers

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

other_process_log() { # name (nginx): called by lib.sh's require_alive
    printf '%s\n' "--- nginx error log ---" >&2
    tail -n 20 "$tmp/nginx-error.log" >&2 2>/dev/null || true
}

wait_for_port() { # port pid name
    local i
    for ((i = 0; i < 300; i++)); do
        require_alive "$2" "$3"
        if (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$3 did not accept connections on port $1 within 30 s"
}

# wrk --latency output -> "rps p50_ms p99_ms requests socket_errors non2xx"
parse_wrk() {
    awk '
        function ms(v,   n, unit) {
            n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
            if (unit == "us") return n / 1000
            if (unit == "ms") return n
            if (unit == "s") return n * 1000
            if (unit == "m") return n * 60000
            if (unit == "h") return n * 3600000
            return -1
        }
        BEGIN { rps = "nan"; p50 = -1; p99 = -1; requests = 0; sockerr = 0; non2xx = 0 }
        /^ *50% / { p50 = ms($2) }
        /^ *99% / { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { requests = $1 }
        /Socket errors:/ { line = $0; gsub(/,/, "", line); split(line, f, " "); sockerr = f[4] + f[6] + f[8] + f[10] }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        END { printf "%s %.3f %.3f %s %s %s\n", rps, p50, p99, requests, sockerr, non2xx }
    ' "$1"
}

# ---------------------------------------------------------------------------------------------
# The page: ~4 KB of static, realistic HTML (no randomness, same bytes every run)

mkdir -p "$tmp/public" "$tmp/nginx-temp"
cat >"$tmp/public/page.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Compliance Portal – Quarterly Control Review</title>
  <link rel="stylesheet" href="/css/portal.css">
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f8fa; }
    header, footer { background: #14325c; color: #fff; padding: 1rem 2rem; }
    main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { border: 1px solid #d0d7de; padding: .5rem .75rem; text-align: left; }
    .status-ok { color: #1a7f37; } .status-open { color: #bc4c00; }
  </style>
</head>
<body>
  <header>
    <h1>Compliance Portal</h1>
    <nav aria-label="Main">
      <a href="/">Overview</a> · <a href="/cases">Cases</a> · <a href="/controls">Controls</a> ·
      <a href="/reports">Reports</a> · <a href="/help">Help</a>
    </nav>
  </header>
  <main>
    <h2>Quarterly control review – Q3</h2>
    <p>This page summarises the state of the internal controls reviewed during the third quarter.
      Each control has an owner, a testing frequency and the result of its most recent test.
      Controls marked <em>open</em> have findings that still need a remediation plan.</p>
    <table>
      <caption>Controls tested this quarter</caption>
      <thead>
        <tr><th scope="col">ID</th><th scope="col">Control</th><th scope="col">Owner</th>
          <th scope="col">Frequency</th><th scope="col">Result</th></tr>
      </thead>
      <tbody>
        <tr><td>AC-01</td><td>Access reviews for production systems</td><td>IT Security</td>
          <td>Quarterly</td><td class="status-ok">Effective</td></tr>
        <tr><td>AC-04</td><td>Removal of leavers' accounts within 24 hours</td><td>HR Operations</td>
          <td>Monthly</td><td class="status-open">Open – 2 late removals</td></tr>
        <tr><td>BC-02</td><td>Restore test of backups</td><td>IT Operations</td>
          <td>Quarterly</td><td class="status-ok">Effective</td></tr>
        <tr><td>CM-02</td><td>Change approval before deployment</td><td>Engineering</td>
          <td>Continuous</td><td class="status-ok">Effective</td></tr>
        <tr><td>DP-03</td><td>Encryption of personal data at rest</td><td>Data Protection Office</td>
          <td>Annual</td><td class="status-ok">Effective</td></tr>
        <tr><td>FR-07</td><td>Segregation of duties in payments</td><td>Finance</td>
          <td>Quarterly</td><td class="status-open">Open – 1 exception</td></tr>
        <tr><td>IR-01</td><td>Incident response exercise</td><td>IT Security</td>
          <td>Semi-annual</td><td class="status-ok">Effective</td></tr>
        <tr><td>VM-05</td><td>Third-party risk assessment for new vendors</td><td>Procurement</td>
          <td>Per vendor</td><td class="status-ok">Effective</td></tr>
      </tbody>
    </table>
    <h3>Next steps</h3>
    <ol>
      <li>Owners of open controls submit a remediation plan by the end of the month.</li>
      <li>Internal Audit re-tests AC-04 and FR-07 in the next cycle.</li>
      <li>The compliance committee reviews the results at its next meeting.</li>
    </ol>
    <h3>Review details</h3>
    <dl>
      <dt>Review period</dt><dd>1 July to 30 September</dd>
      <dt>Prepared by</dt><dd>Compliance Office, with Internal Audit</dd>
      <dt>Scope</dt><dd>All key controls in the control register with a test due this quarter.
        Controls outside the register are reviewed separately by their business units.</dd>
      <dt>Method</dt><dd>Sample-based testing of evidence, walkthroughs with control owners, and
        a re-performance of selected controls where evidence was incomplete.</dd>
    </dl>
    <p>Questions about this review go to the compliance team through the
      <a href="/cases/new">case form</a>; please do not send personal data by e-mail.</p>
  </main>
  <footer>
    <p>Compliance Portal · Internal use only · <a href="/privacy">Privacy notice</a> ·
      <a href="/accessibility">Accessibility</a></p>
  </footer>
</body>
</html>
HTML
PAGE_BYTES=$(wc -c <"$tmp/public/page.html")
((PAGE_BYTES >= 4000 && PAGE_BYTES <= 4200)) || die "page.html is $PAGE_BYTES bytes, expected 4000-4200"

# ---------------------------------------------------------------------------------------------
# Our server

cat >"$tmp/portal.json" <<'JSON'
{"server": {"access_log": true}}
JSON
OUR_PORT=$(free_port)
"$BIN" serve --host "$HOST" --port "$OUR_PORT" --database "$tmp/bench.sqlite" --public "$tmp/public" \
    --migrations "$REPO/Migrations" --config "$tmp/portal.json" >"$tmp/server.out" 2>"$tmp/server.err" &
SERVER_PID=$!
wait_for_listening "$SERVER_PID"
[[ $listening == "compliance-portal listening on http://$HOST:$OUR_PORT" ]] ||
    die "unexpected listening line: $listening (asked for port $OUR_PORT)"
wait_for_port "$OUR_PORT" "$SERVER_PID" compliance-portal
sleep 1
IDLE_RSS_KB=$(status_kb "$SERVER_PID" VmRSS)
IDLE_ANON_KB=$(status_kb "$SERVER_PID" RssAnon)
IDLE_FILE_KB=$(status_kb "$SERVER_PID" RssFile)
SERVER_THREADS=$(status_kb "$SERVER_PID" Threads)

# ---------------------------------------------------------------------------------------------
# nginx

NGINX_PORT=$(free_port)
cat >"$tmp/nginx.conf" <<NGINX
# Generated by http-benchmark.sh
user root;
worker_processes auto;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;

events {
    worker_connections 4096;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $tmp/nginx-access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path $tmp/nginx-temp/body;
    proxy_temp_path $tmp/nginx-temp/proxy;
    fastcgi_temp_path $tmp/nginx-temp/fastcgi;
    uwsgi_temp_path $tmp/nginx-temp/uwsgi;
    scgi_temp_path $tmp/nginx-temp/scgi;

    server {
        listen $HOST:$NGINX_PORT;
        root $tmp/public;
        location = /healthz {
            default_type application/json;
            return 200 '{"status":"ok"}';
        }
    }
}
NGINX
"$NGINX_BIN" -t -c "$tmp/nginx.conf" -p "$tmp" >"$tmp/nginx-test.log" 2>&1 ||
    { cat "$tmp/nginx-test.log" >&2; die "nginx rejected the generated configuration"; }
"$NGINX_BIN" -c "$tmp/nginx.conf" -p "$tmp" >"$tmp/nginx.out" 2>&1 &
NGINX_PID=$!
wait_for_port "$NGINX_PORT" "$NGINX_PID" nginx
for ((i = 0; i < 50; i++)); do
    NGINX_WORKERS=$(ps -o pid= --ppid "$NGINX_PID" | tr -s ' \n' ' ' || true)
    [[ -n ${NGINX_WORKERS// /} ]] && break
    sleep 0.1
done
NGINX_WORKER_COUNT=$(wc -w <<<"$NGINX_WORKERS")

# ---------------------------------------------------------------------------------------------
# Both answer the same thing

python3 - "$HOST" "$OUR_PORT" "$NGINX_PORT" "$tmp/public/page.html" <<'PY' || die "the servers do not answer as expected (see above)"
import http.client, json, sys
host, ours, nginx, page = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
expected = open(page, "rb").read()
ok = True
for name, port in (("compliance-portal", ours), ("nginx", nginx)):
    for path in ("/healthz", "/page.html"):
        c = http.client.HTTPConnection(host, port, timeout=10)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        if r.status != 200:
            print(f"{name} GET {path}: status {r.status}", file=sys.stderr); ok = False
        elif path == "/healthz" and json.loads(body) != {"status": "ok"}:
            print(f"{name} GET {path}: body {body!r}", file=sys.stderr); ok = False
        elif path == "/page.html" and body != expected:
            print(f"{name} GET {path}: {len(body)} bytes differ from the {len(expected)}-byte file", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY

note "compliance-portal: $BIN (pid $SERVER_PID, $SERVER_THREADS threads) on http://$HOST:$OUR_PORT"
note "nginx: $($NGINX_BIN -v 2>&1 | sed 's/^nginx version: //') (master pid $NGINX_PID, $NGINX_WORKER_COUNT workers) on http://$HOST:$NGINX_PORT"
note "page.html: $PAGE_BYTES bytes; $(nproc) cores; wrk $(wrk -v 2>&1 | head -n1 | awk '{ print $2 }'); $ROUNDS rounds of ${DURATION}s"

# ---------------------------------------------------------------------------------------------
# Load

ENDPOINTS=(/healthz /page.html)
SERVERS=(compliance-portal nginx)
WRK=(wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency)
RESULTS=$tmp/results.txt # endpoint server round rps p50 p99 requests socket_errors non2xx cpu_us_per_request other_load_%
: >"$RESULTS"

port_of() { if [[ $1 == compliance-portal ]]; then echo "$OUR_PORT"; else echo "$NGINX_PORT"; fi; }
pids_of() { if [[ $1 == compliance-portal ]]; then echo "$SERVER_PID"; else echo "$NGINX_PID $NGINX_WORKERS"; fi; }
pid_of() { if [[ $1 == compliance-portal ]]; then echo "$SERVER_PID"; else echo "$NGINX_PID"; fi; }

if ((WARMUP > 0)); then
    note "warm-up: ${WARMUP}s per server and endpoint"
    for endpoint in "${ENDPOINTS[@]}"; do
        for server in "${SERVERS[@]}"; do
            wrk "-t$THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "http://$HOST:$(port_of "$server")$endpoint" \
                >"$tmp/warmup.txt" 2>&1 || { cat "$tmp/warmup.txt" >&2; die "wrk failed (warm-up, $server $endpoint)"; }
            require_alive "$(pid_of "$server")" "$server"
        done
    done
fi

for ((round = 1; round <= ROUNDS; round++)); do
    for endpoint in "${ENDPOINTS[@]}"; do
        # Alternate which server goes first, to spread drift over both.
        order=("${SERVERS[@]}")
        ((round % 2 == 0)) && order=("${SERVERS[1]}" "${SERVERS[0]}")
        for server in "${order[@]}"; do
            url="http://$HOST:$(port_of "$server")$endpoint"
            out="$tmp/wrk-$server-${endpoint#/}-$round.txt"
            # shellcheck disable=SC2046
            before=$(cpu_ticks $(pids_of "$server"))
            read -r machine_before steal_before < <(machine_ticks)
            times >"$tmp/times-before.txt"
            started=$(date +%s%N)
            "${WRK[@]}" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($server $endpoint round $round)"; }
            elapsed_ns=$(($(date +%s%N) - started))
            times >"$tmp/times-after.txt"
            children_before=$(children_ticks "$tmp/times-before.txt")
            children_after=$(children_ticks "$tmp/times-after.txt")
            read -r machine_after steal_after < <(machine_ticks)
            # shellcheck disable=SC2046
            after=$(cpu_ticks $(pids_of "$server"))
            # Share of the machine busy with neither the server nor wrk (other processes), and
            # share stolen by the hypervisor: a noisy run shows up here.
            read -r other steal < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) \
                $((after - before)) $((children_after - children_before)) "$elapsed_ns")
            require_alive "$(pid_of "$server")" "$server"
            read -r rps p50 p99 requests sockerr non2xx < <(parse_wrk "$out")
            [[ $rps != nan && $requests -gt 0 ]] || { cat "$out" >&2; die "could not read wrk's output ($server $endpoint round $round)"; }
            cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
            echo "$endpoint $server $round $rps $p50 $p99 $requests $sockerr $non2xx $cpu_us $other $steal" >>"$RESULTS"
            printf 'round %d/%d  GET %-10s  %-17s  %6.0f req/s  p50 %5.2f ms  p99 %6.2f ms  cpu %5.1f us/req  other %2d%%  steal %2d%%  socket errors %s  non-2xx/3xx %s\n' \
                "$round" "$ROUNDS" "$endpoint" "$server" "$rps" "$p50" "$p99" "$cpu_us" "$other" "$steal" "$sockerr" "$non2xx"
        done
    done
done

PEAK_AFTER_LOAD_KB=$(status_kb "$SERVER_PID" VmHWM)
RSS_AFTER_LOAD_KB=$(status_kb "$SERVER_PID" VmRSS)
NGINX_RSS_KB=0
for pid in $NGINX_PID $NGINX_WORKERS; do
    kb=$(status_kb "$pid" VmRSS 2>/dev/null || echo 0)
    NGINX_RSS_KB=$((NGINX_RSS_KB + ${kb:-0}))
done

# ---------------------------------------------------------------------------------------------
# Idle keep-alive connections

note "opening $IDLE_CONNECTIONS idle keep-alive connections to compliance-portal ..."
mkfifo "$tmp/helper.in"
python3 "$SCRIPT_DIR/idle_connections.py" "$HOST" "$OUR_PORT" "$IDLE_CONNECTIONS" /healthz \
    <"$tmp/helper.in" >"$tmp/helper.out" 2>&1 &
HELPER_PID=$!
exec 7>"$tmp/helper.in" # the helper holds its connections until this gets a line
helper_line=""
for ((i = 0; ; i++)); do
    helper_line=$(head -n1 "$tmp/helper.out")
    [[ -n $helper_line ]] && break
    kill -0 "$HELPER_PID" 2>/dev/null || break
    ((i < 1200)) || die "the idle-connection helper did not report within 120 s"
    sleep 0.1
done
[[ $helper_line == ready* ]] || { cat "$tmp/helper.out" >&2; die "the idle-connection helper failed: $helper_line"; }
require_alive "$SERVER_PID" compliance-portal
sleep 1
IDLE_CONN_RSS_KB=$(status_kb "$SERVER_PID" VmRSS)
IDLE_CONN_ANON_KB=$(status_kb "$SERVER_PID" RssAnon)
SERVER_FDS=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
echo close >&7
exec 7>&-
wait "$HELPER_PID" || { cat "$tmp/helper.out" >&2; die "the idle-connection helper failed"; }
HELPER_PID=""
closing_line=$(sed -n 2p "$tmp/helper.out")
sleep 0.5
require_alive "$SERVER_PID" compliance-portal
PEAK_FINAL_KB=$(status_kb "$SERVER_PID" VmHWM)
RSS_FINAL_KB=$(status_kb "$SERVER_PID" VmRSS)

# ---------------------------------------------------------------------------------------------
# Shutdown (our server should exit 0 on SIGTERM)

kill -TERM "$SERVER_PID"
server_status=0
for ((i = 0; i < 150; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
    server_status="still running 15 s after SIGTERM"
else
    wait "$SERVER_PID" || server_status=$?
fi
SERVER_PID_DONE=$SERVER_PID
SERVER_PID=""
[[ $server_status == 0 ]] || SERVER_PID=$SERVER_PID_DONE # let the trap kill it
ACCESS_LINES=$(grep -c '"msg":"request"' "$tmp/server.err" || true)
NGINX_ACCESS_LINES=$(wc -l <"$tmp/nginx-access.log")
SERVER_PROBLEMS=$(grep -v '"msg":"request"' "$tmp/server.err" | grep -c -E '"level":"(error|critical|warning)"' || true)

# ---------------------------------------------------------------------------------------------
# Report

REPORT=$tmp/report.txt
median_of() { # endpoint server column
    awk -v e="$1" -v s="$2" -v c="$3" '$1 == e && $2 == s { print $c }' "$RESULTS" | median
}
sum_of() {
    awk -v e="$1" -v s="$2" -v c="$3" '$1 == e && $2 == s { t += $c } END { print t + 0 }' "$RESULTS"
}
rounds_of() { # endpoint server column format
    awk -v e="$1" -v s="$2" -v c="$3" -v f="$4" '$1 == e && $2 == s { printf (n++ ? " " : "") f, $c }' "$RESULTS"
}
verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo FAIL; fi; }

declare -A RATIO P99 NON2XX
{
    echo
    echo "=== compliance-portal vs nginx: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, medians of $ROUNDS rounds x ${DURATION}s ==="
    printf '%-15s %-18s %15s %8s %8s %7s %11s  %s\n' endpoint server "req/s (median)" "p50 ms" "p99 ms" ratio "cpu us/req" errors
    for endpoint in "${ENDPOINTS[@]}"; do
        nginx_rps=$(median_of "$endpoint" nginx 4)
        for server in "${SERVERS[@]}"; do
            rps=$(median_of "$endpoint" "$server" 4)
            p50=$(median_of "$endpoint" "$server" 5)
            p99=$(median_of "$endpoint" "$server" 6)
            cpu=$(median_of "$endpoint" "$server" 10)
            sockerr=$(sum_of "$endpoint" "$server" 8)
            non2xx=$(sum_of "$endpoint" "$server" 9)
            ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
            errors="none"
            if ((sockerr > 0 || non2xx > 0)); then
                errors="SUSPICIOUS: socket errors $sockerr, non-2xx/3xx $non2xx (all rounds)"
            fi
            if [[ $server == compliance-portal ]]; then
                RATIO[$endpoint]=$ratio
                P99[$endpoint]=$p99
                NON2XX[$endpoint]=$non2xx
                shown_ratio="${ratio}x"
            else
                shown_ratio="1.00x"
            fi
            printf '%-15s %-18s %15.0f %8.2f %8.2f %7s %11.1f  %s\n' "GET $endpoint" "$server" "$rps" "$p50" "$p99" \
                "$shown_ratio" "$cpu" "$errors"
        done
    done
    echo "per round (req/s | p99 ms | other load % | steal %):"
    for endpoint in "${ENDPOINTS[@]}"; do
        for server in "${SERVERS[@]}"; do
            printf '  %-15s %-18s %s | %s | %s | %s\n' "GET $endpoint" "$server" "$(rounds_of "$endpoint" "$server" 4 '%.0f')" \
                "$(rounds_of "$endpoint" "$server" 6 '%.2f')" "$(rounds_of "$endpoint" "$server" 11 '%d')" \
                "$(rounds_of "$endpoint" "$server" 12 '%d')"
        done
    done
    max_other=$(awk '$11 > m { m = $11 } END { print m + 0 }' "$RESULTS")
    max_steal=$(awk '$12 > m { m = $12 } END { print m + 0 }' "$RESULTS")
    if ((max_other > 10 || max_steal > 20)); then
        echo "WARNING: during a run up to ${max_other}% of the machine was busy with other processes and up to" \
            "${max_steal}% was stolen by the hypervisor; the figures are noisy"
    fi
    echo "wrk command: ${WRK[*]} http://$HOST:PORT/healthz and http://$HOST:PORT/page.html (page.html $PAGE_BYTES bytes)"
    if ((WARMUP > 0)); then echo "  each preceded once by a warm-up: wrk -t$THREADS -c$CONNECTIONS -d${WARMUP}s URL"; fi
    echo "  rounds alternate which server is loaded first; cpu us/req = server CPU time (user+sys, all threads/workers) / requests;"
    echo "  other load = share of the $CORES cores busy with neither the server nor wrk; steal = share taken by the hypervisor"
    echo "memory (compliance-portal, MB = MiB): idle RSS $(mib "$IDLE_RSS_KB") MB" \
        "(anonymous $(mib "$IDLE_ANON_KB") MB, file-backed/shared libraries $(mib "$IDLE_FILE_KB") MB),"
    echo "  after load RSS $(mib "$RSS_AFTER_LOAD_KB") MB, peak (VmHWM) after load $(mib "$PEAK_AFTER_LOAD_KB") MB,"
    echo "  with $IDLE_CONNECTIONS idle keep-alive connections $(mib "$IDLE_CONN_RSS_KB") MB (anonymous $(mib "$IDLE_CONN_ANON_KB") MB;" \
        "$SERVER_FDS open descriptors; helper: $helper_line; $closing_line),"
    echo "  peak (VmHWM) at the end $(mib "$PEAK_FINAL_KB") MB, RSS at the end $(mib "$RSS_FINAL_KB") MB"
    echo "  nginx for comparison: master + $NGINX_WORKER_COUNT workers RSS $(mib "$NGINX_RSS_KB") MB after load (sum, shared pages counted twice)"
    echo "server: $SERVER_THREADS threads, access log on ($ACCESS_LINES lines; nginx $NGINX_ACCESS_LINES lines)," \
        "$SERVER_PROBLEMS warning/error log lines, exit status on SIGTERM: $server_status"
    echo "targets:"
    for endpoint in "${ENDPOINTS[@]}"; do
        ok=$(awk -v r="${RATIO[$endpoint]}" 'BEGIN { print (r >= 0.8) ? 1 : 0 }')
        suspicious=""
        ((NON2XX[$endpoint] == 0)) || suspicious="  (suspicious: non-2xx responses)"
        printf '  %-50s %-18s %s%s\n' "GET $endpoint req/s >= 0.8x nginx" "${RATIO[$endpoint]}x" "$(verdict "$ok")" "$suspicious"
    done
    for endpoint in "${ENDPOINTS[@]}"; do
        ok=$(awk -v p="${P99[$endpoint]}" 'BEGIN { print (p < 10) ? 1 : 0 }')
        printf '  %-50s %-18s %s\n' "GET $endpoint p99 < 10 ms" "$(printf "%.2f" "${P99[$endpoint]}") ms" "$(verdict "$ok")"
    done
    ok=$(awk -v kb="$IDLE_RSS_KB" 'BEGIN { print (kb < 20 * 1024) ? 1 : 0 }')
    printf '  %-50s %-18s %s\n' "idle RSS < 20 MB" "$(mib "$IDLE_RSS_KB") MB" "$(verdict "$ok")"
    ok=$(awk -v kb="$IDLE_CONN_RSS_KB" 'BEGIN { print (kb < 64 * 1024) ? 1 : 0 }')
    printf '  %-50s %-18s %s\n' "RSS with $IDLE_CONNECTIONS idle keep-alive connections < 64 MB" "$(mib "$IDLE_CONN_RSS_KB") MB" "$(verdict "$ok")"
} >"$REPORT"
cat "$REPORT"
if [[ -n ${OUT:-} ]]; then cp "$REPORT" "$OUT"; fi
if [[ $server_status != 0 ]]; then die "compliance-portal did not exit cleanly on SIGTERM: $server_status"; fi
