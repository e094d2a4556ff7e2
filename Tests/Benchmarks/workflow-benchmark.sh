#!/usr/bin/env bash
# Workflow benchmark: the staff side of the portal over a large database. Not part of the test
# suite; see Tests/Benchmarks/README.md ("Workflow benchmark").
#
# Builds the release binary, fills a fresh database in a temp dir with CASES complaints and
# EVENTS audit-log events (fill_cases.py: about three years of cases, ~10 % still open, every
# event hash-chained as the portal chains it), creates an auditor token, then measures
#   - `compliance-portal audit verify` over the whole chain (wall time, median of VERIFY_RUNS),
#   - the server's start (the case index replays the whole log: its "case index ready" line),
#   - one client doing sequential requests (wrk -t1 -c1 -dDURATION --latency) on each of
#       GET /api/v1/cases?deadline=overdue&limit=50     the overdue queue's first page
#       GET /api/v1/cases?q=<surname of ~20 cases>      a selective text search
#       GET /api/v1/cases?q=<common word>&limit=50      a text search matching ~40 % of the cases
#       GET /api/v1/cases?limit=50                      the default queue (all cases, by due date)
#       GET /api/v1/reports/summary                     the summary report, all time
#       GET /api/v1/reports/summary?from=&to=           the summary report, the last year
#       GET /api/v1/cases/<reference>                   one case's detail (a case with many events)
# and prints p50/p99/max per endpoint with PASS/FAIL for the targets (overdue page and text
# search p99 < 20 ms, summary p99 < 200 ms), the verify time, the server's memory and the
# database size. Exits 0 whether or not the targets are met; non-zero only when something broke
# (the fill, a broken chain, a server that does not start or dies, an answer other than 200, a
# page that does not hold what the fill put there).
#
# Before measuring, fill_check.py re-enacts a sample of the filled cases through the API of a
# second server on a fresh database and compares rows and events (CHECK_FILL=0 skips it), and the
# whole queue (cases.csv) is compared with the cases table.
#
# Environment: CASES (100000), EVENTS (1000000), SEED (4), DURATION (s per endpoint, 10),
# WARMUP (s of the same load before each measurement, 2; 0 = none), VERIFY_RUNS (3),
# CHECK_FILL (1), SKIP_BUILD=1 (use the existing release build), STATIC_STDLIB=0, SCRATCH_PATH
# (swift build --scratch-path), BENCH_DIR (where the temp dir goes; default $TMPDIR or /var/tmp),
# OUT (also write the report there), KEEP_TMP=1.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_NAME=workflow-benchmark
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
CASES=${CASES:-100000}
EVENTS=${EVENTS:-1000000}
SEED=${SEED:-4}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
VERIFY_RUNS=${VERIFY_RUNS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/var/tmp}}
HOST=127.0.0.1

require_whole_numbers CASES EVENTS SEED DURATION WARMUP VERIFY_RUNS
((CASES >= 100)) || die "CASES must be at least 100"
((EVENTS >= 3 * CASES)) || die "EVENTS must be at least 3 x CASES"
((DURATION >= 1 && VERIFY_RUNS >= 1)) || die "DURATION and VERIFY_RUNS must be at least 1"
[[ -d $BENCH_DIR ]] || die "BENCH_DIR $BENCH_DIR is not a directory"

# ---------------------------------------------------------------------------------------------
# Tools

command -v wrk >/dev/null || install_package wrk
command -v wrk >/dev/null || die "wrk is still missing after installing it"
command -v sqlite3 >/dev/null || install_package sqlite3
command -v sqlite3 >/dev/null || die "the sqlite3 command is still missing after installing it"
command -v python3 >/dev/null || install_package python3
python3 -c 'import sqlite3, zoneinfo; zoneinfo.ZoneInfo("Europe/Brussels")' 2>/dev/null ||
    die "python3 needs its sqlite3 module and the time zone data (apt-get install python3 tzdata)"

scratch_flags=()
if [[ -n ${SCRATCH_PATH:-} ]]; then scratch_flags=(--scratch-path "$SCRATCH_PATH"); fi
build_release "${scratch_flags[@]}"
"$BIN" audit --help >/dev/null 2>&1 || die "$BIN has no audit command: rebuild it (without SKIP_BUILD=1)"

# ---------------------------------------------------------------------------------------------
# Temp dir, cleanup

make_tmp_dir "$BENCH_DIR"
DB=$tmp/portal.sqlite

# ---------------------------------------------------------------------------------------------
# Helpers

# wrk --latency output -> "seconds requests p50_ms p99_ms max_ms non2xx socket_errors"
parse_wrk() {
    awk '
        function ms(v,   n, unit) {
            n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
            if (unit == "us") return n / 1000
            if (unit == "ms") return n
            if (unit == "s") return n * 1000
            if (unit == "m") return n * 60000
            return -1
        }
        BEGIN { seconds = 0; requests = 0; p50 = -1; p99 = -1; max = -1; non2xx = 0; sockerr = 0 }
        /^ *Latency  / { max = ms($4) }
        /^ *50% / { p50 = ms($2) }
        /^ *99% / { p99 = ms($2) }
        / requests in / { requests = $1; s = $4; sub(/,$/, "", s); seconds = ms(s) / 1000 }
        /Non-2xx or 3xx responses:/ { non2xx = $5 }
        /Socket errors:/ { line = $0; gsub(/,/, "", line); split(line, f, " "); sockerr = f[4] + f[6] + f[8] + f[10] }
        END { printf "%.3f %s %.3f %.3f %.3f %s %s\n", seconds, requests, p50, p99, max, non2xx, sockerr }
    ' "$1"
}

# The server's own handling time (access log duration_ms) of the request lines from line FROM on:
# "count p50 p99 max".
server_durations() { # from_line
    tail -n +"$1" "$tmp/server.err" | grep '"msg":"request"' |
        sed -n 's/.*"duration_ms":\([0-9.]*\).*/\1/p' | sort -g |
        awk '{ a[NR] = $1 } END {
            if (NR == 0) { print "0 nan nan nan"; exit }
            r50 = int((50 * NR + 99) / 100); r99 = int((99 * NR + 99) / 100)
            printf "%d %.3f %.3f %.3f\n", NR, a[r50 < 1 ? 1 : r50], a[r99 < 1 ? 1 : r99], a[NR] }'
}

fill_value() { python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if not isinstance(v, (dict, list)) else json.dumps(v))' "$tmp/fill.json" "$1"; }

# ---------------------------------------------------------------------------------------------
# Fill

note "compliance-portal: $BIN; temp dir $tmp; $CORES cores"
note "filling $CASES cases and $EVENTS events (fill_cases.py, seed $SEED) ..."
started=$(date +%s%N)
python3 "$SCRIPT_DIR/fill_cases.py" "$DB" --cases "$CASES" --events "$EVENTS" --seed "$SEED" \
    --binary "$BIN" --migrations "$REPO/Migrations" >"$tmp/fill.json" 2>"$tmp/fill.err" ||
    { cat "$tmp/fill.err" >&2; die "fill_cases.py failed"; }
FILL_S=$(awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", ns / 1e9 }')
SELECTIVE=$(fill_value selective_term)
SELECTIVE_N=$(fill_value selective_matches)
COMMON=$(fill_value common_term)
COMMON_N=$(fill_value common_matches)
SAMPLE=$(fill_value sample_reference)
SAMPLE_EVENTS=$(fill_value sample_events)
EXPECTED_OVERDUE=$(fill_value expected_overdue)
FILL_HEAD=$(fill_value head_hash)
FILL_EVENTS=$(($(fill_value case_events) + $(fill_value token_events)))
note "filled in ${FILL_S}s: $(fill_value by_status); open cases' deadlines $(fill_value open_deadline_states)"

if [[ ${CHECK_FILL:-1} == 1 ]]; then
    note "checking the fill against the portal (fill_check.py: re-enacts a sample of cases through the API) ..."
    python3 "$SCRIPT_DIR/fill_check.py" "$DB" --binary "$BIN" --migrations "$REPO/Migrations" --public "$REPO/Public" \
        >"$tmp/fill_check.json" 2>"$tmp/fill_check.err" || { cat "$tmp/fill_check.err" >&2; die "fill_check.py: the fill differs from what the portal writes"; }
    FILL_CHECK="$(python3 -c 'import json, sys; v = json.load(open(sys.argv[1])); print("%d cases, %d events re-enacted through the API: identical rows and events" % (v["cases"], v["events"]))' "$tmp/fill_check.json")"
    note "fill check: $FILL_CHECK"
else
    FILL_CHECK="not run (CHECK_FILL=0)"
fi

TOKEN=$("$BIN" token create --database "$DB" --migrations "$REPO/Migrations" --name bench --role auditor 2>"$tmp/token.err") ||
    { cat "$tmp/token.err" >&2; die "token create failed"; }
[[ $TOKEN =~ ^cpst_[A-Za-z0-9_-]{43}$ ]] || die "token create printed no token"
TOTAL_EVENTS=$((FILL_EVENTS + 1))
# The token's event (token_created, by cli) follows the fill's last event in the chain.
[[ $(sqlite3 -readonly "$DB" "SELECT previous_hash FROM case_events ORDER BY id DESC LIMIT 1") == "$FILL_HEAD" ]] ||
    die "the token's event does not follow the fill's head $FILL_HEAD"

DB_BYTES=$(($(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0)))
TABLE_SIZES=$(sqlite3 -readonly "$DB" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6" 2>/dev/null |
    awk -F'|' '{ printf "%s%s %.0f MiB", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }' || true)

# ---------------------------------------------------------------------------------------------
# audit verify over the whole chain

VERIFY_TIMES=()
VERIFY_CPUS=()
VERIFY_LOADS=()
for ((run = 1; run <= VERIFY_RUNS; run++)); do
    read -r machine_before steal_before < <(machine_ticks)
    times >"$tmp/times-before.txt"
    started=$(date +%s%N)
    "$BIN" audit verify --database "$DB" --json >"$tmp/verify.json" 2>"$tmp/verify.err" ||
        { cat "$tmp/verify.json" "$tmp/verify.err" >&2; die "audit verify failed or found the chain broken (run $run)"; }
    elapsed_ns=$(($(date +%s%N) - started))
    times >"$tmp/times-after.txt"
    read -r machine_after steal_after < <(machine_ticks)
    read -r intact events head < <(python3 -c 'import json, sys; v = json.load(open(sys.argv[1])); print(v["intact"], v["events"], v["head_hash"])' "$tmp/verify.json")
    [[ $intact == True ]] || die "audit verify: chain not intact: $(cat "$tmp/verify.json")"
    ((events == TOTAL_EVENTS)) || die "audit verify counted $events events, expected $TOTAL_EVENTS"
    db_head=$(sqlite3 -readonly "$DB" "SELECT hash FROM case_events ORDER BY id DESC LIMIT 1")
    [[ $head == "$db_head" ]] || die "audit verify's head $head is not the last event's hash $db_head"
    children=$(($(children_ticks "$tmp/times-after.txt") - $(children_ticks "$tmp/times-before.txt")))
    read -r load steal < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) 0 "$children" "$elapsed_ns")
    VERIFY_HEAD=$head
    VERIFY_TIMES+=("$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.2f", ns / 1e9 }')")
    VERIFY_CPUS+=("$(awk -v t="$children" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')")
    VERIFY_LOADS+=("$load")
    note "audit verify run $run/$VERIFY_RUNS: ${VERIFY_TIMES[-1]}s wall, ${VERIFY_CPUS[-1]}s cpu, intact, $events events; other load ${load}%, steal ${steal}%"
done
VERIFY_MEDIAN=$(printf '%s\n' "${VERIFY_TIMES[@]}" | median)
VERIFY_CPU_MEDIAN=$(printf '%s\n' "${VERIFY_CPUS[@]}" | median)
VERIFY_RATE=$(awk -v n="$TOTAL_EVENTS" -v s="$VERIFY_MEDIAN" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')

# ---------------------------------------------------------------------------------------------
# The server

read -r machine_before steal_before < <(machine_ticks)
started=$(date +%s%N)
"$BIN" serve --host "$HOST" --port 0 --database "$DB" --public "$REPO/Public" --migrations "$REPO/Migrations" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
SERVER_PID=$!
wait_for_listening "$SERVER_PID" 6000
elapsed_ns=$(($(date +%s%N) - started))
read -r machine_after steal_after < <(machine_ticks)
START_CPU_TICKS=$(cpu_ticks "$SERVER_PID")
START_S=$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.2f", ns / 1e9 }')
START_CPU=$(awk -v t="$START_CPU_TICKS" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
read -r START_LOAD START_STEAL < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) "$START_CPU_TICKS" 0 "$elapsed_ns")
PORT=${listening##*:}
[[ $PORT =~ ^[0-9]+$ ]] || die "unexpected listening line: $listening"
BASE="http://$HOST:$PORT"
# The server listens at once and builds its case index beside the first requests; wait for it.
for ((i = 0; ; i++)); do
    require_alive "$SERVER_PID" compliance-portal
    if grep -q '"msg":"case index ready"' "$tmp/server.err"; then break; fi
    ((i < 6000)) || die "compliance-portal logged no \"case index ready\" line within 600 s"
    sleep 0.1
done
INDEX_LINE=$(grep -m1 '"msg":"case index ready"' "$tmp/server.err" || true)
INDEX_TOOK=$(sed -n 's/.*"took":"\([^"]*\)".*/\1/p' <<<"$INDEX_LINE")
INDEX_CASES=$(sed -n 's/.*"cases":"\([^"]*\)".*/\1/p' <<<"$INDEX_LINE")
[[ -n $INDEX_TOOK ]] || die "the server logged no \"case index ready\" line"
((INDEX_CASES == CASES)) || die "the case index holds $INDEX_CASES cases, expected $CASES"
sleep 0.5
RSS_START_KB=$(status_kb "$SERVER_PID" VmRSS)
SERVER_THREADS=$(status_kb "$SERVER_PID" Threads)
note "server: pid $SERVER_PID, $SERVER_THREADS threads, on $BASE; started in ${START_S}s, ${START_CPU}s cpu (case index ready: $INDEX_CASES cases in $INDEX_TOOK; other load ${START_LOAD}%); RSS $(mib "$RSS_START_KB") MiB"

TODAY=$(TZ=Europe/Brussels date +%F)
YEAR_AGO=$(TZ=Europe/Brussels date -d "$TODAY - 1 year" +%F)
NAMES=(overdue search_selective search_common queue_all summary summary_year detail)
declare -A PATHS=(
    [overdue]="/api/v1/cases?deadline=overdue&limit=50"
    [search_selective]="/api/v1/cases?q=$SELECTIVE"
    [search_common]="/api/v1/cases?q=$COMMON&limit=50"
    [queue_all]="/api/v1/cases?limit=50"
    [summary]="/api/v1/reports/summary"
    [summary_year]="/api/v1/reports/summary?from=$YEAR_AGO&to=$TODAY"
    [detail]="/api/v1/cases/$SAMPLE"
)
declare -A LABELS=(
    [overdue]="overdue queue, first page (50)"
    [search_selective]="text search, selective ($SELECTIVE_N cases)"
    [search_common]="text search, common ($COMMON_N cases), 50"
    [queue_all]="queue, all cases, first page (50)"
    [summary]="summary report, all time"
    [summary_year]="summary report, last year"
    [detail]="case detail ($SAMPLE_EVENTS events)"
)
declare -A TARGETS=([overdue]=20 [search_selective]=20 [search_common]=20 [summary]=200 [summary_year]=200)

# One request per endpoint, timed on its own (the first queue request after start computes every
# case's deadlines for the day), and a check of what it returns.
check_answers() {
    python3 - "$BASE" "$TOKEN" "$tmp/checks.txt" <<PY
import http.client, json, sys, time
base, token, out = sys.argv[1], sys.argv[2], sys.argv[3]
host, port = base[len("http://"):].rsplit(":", 1)
connection = http.client.HTTPConnection(host, int(port), timeout=600)
paths = {$(for name in "${NAMES[@]}"; do printf '"%s": "%s", ' "$name" "${PATHS[$name]}"; done)}
lines = []
problems = []
for name, path in paths.items():
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        problems.append(f"{path}: {response.status} {body[:300]!r}")
        continue
    value = json.loads(body)
    facts = f"{len(body)} bytes"
    if "items" in value:
        facts += f", {len(value['items'])} items, next_cursor {'set' if value['next_cursor'] else 'null'}"
    if name == "overdue":
        states = {item["next_deadline"]["state"] for item in value["items"]}
        expected = min(50, $EXPECTED_OVERDUE)
        if len(value["items"]) != expected or not states <= {"overdue", "very_overdue"}:
            problems.append(f"{path}: {len(value['items'])} items in states {states}, expected {expected} overdue")
    elif name == "search_selective" and len(value["items"]) != min(50, $SELECTIVE_N):
        problems.append(f"{path}: {len(value['items'])} items, expected {min(50, $SELECTIVE_N)}")
    elif name in ("search_common", "queue_all") and len(value["items"]) != 50:
        problems.append(f"{path}: {len(value['items'])} items, expected 50")
    elif name.startswith("summary"):
        facts += f", cases {value['cases']}, overdue_now {value['overdue_now']}, answered on time {value['answered_on_time']['share']}"
        if name == "summary" and value["cases"] != $CASES:
            problems.append(f"{path}: {value['cases']} cases, expected $CASES")
    elif name == "detail" and len(value["events"]) != $SAMPLE_EVENTS:
        problems.append(f"{path}: {len(value['events'])} events, expected $SAMPLE_EVENTS")
    lines.append(f"{name} {elapsed:.1f} {facts}")
open(out, "w").write("\n".join(lines) + "\n")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
}
check_answers || { server_log_tail >&2; die "an endpoint answered something else than expected (see above)"; }

# The whole queue as CSV: the index (replayed from the events) must agree with the current-state
# columns fill_cases.py wrote, for every case; and the deadline states with its estimate.
python3 - "$BASE" "$TOKEN" "$DB" "$tmp/csv_check.txt" "$EXPECTED_OVERDUE" <<'PY' || { server_log_tail >&2; die "the case index disagrees with the cases table (see above)"; }
import csv, http.client, io, sqlite3, sys, time
base, token, db, out, expected_overdue = sys.argv[1:6]
host, port = base[len("http://"):].rsplit(":", 1)
connection = http.client.HTTPConnection(host, int(port), timeout=600)
started = time.perf_counter()
connection.request("GET", "/api/v1/cases.csv", headers={"Authorization": "Bearer " + token})
response = connection.getresponse()
body = response.read().decode()
elapsed = (time.perf_counter() - started) * 1000
if response.status != 200:
    sys.exit(f"/api/v1/cases.csv: {response.status}")
rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(body))}
stored = {ref: (status, assignee or "", outcome or "") for ref, status, assignee, outcome in
          sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT reference, status, assignee, outcome FROM cases")}
differ = [ref for ref, state in stored.items() if ref not in rows or (rows[ref]["status"], rows[ref]["assignee"], rows[ref]["outcome"]) != state]
if differ or len(rows) != len(stored):
    sys.exit(f"{len(differ)} cases differ between the index and the cases table, e.g. {differ[:3]}; {len(rows)} rows in the CSV, {len(stored)} cases")
overdue = sum(1 for r in rows.values() if r["deadline_state"] in ("overdue", "very_overdue"))
open(out, "w").write(f"{len(rows)} cases agree (status, assignee, outcome); {overdue} overdue now "
                     f"(fill_cases.py estimated {expected_overdue}); cases.csv {len(body) / 1048576:.1f} MiB in {elapsed:.0f} ms")
PY
require_alive "$SERVER_PID" compliance-portal
note "first request to each endpoint (ms, with what it returned):"
sed 's/^/  /' "$tmp/checks.txt"

# ---------------------------------------------------------------------------------------------
# Load: one client, sequential requests

RESULTS=$tmp/results.txt # name requests rate p50 p99 max srv_p50 srv_p99 srv_max cpu_us other_load steal rss_kb
: >"$RESULTS"
for name in "${NAMES[@]}"; do
    url="$BASE${PATHS[$name]}"
    if ((WARMUP > 0)); then
        wrk -t1 -c1 "-d${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$url" >"$tmp/warmup-$name.txt" 2>&1 ||
            { cat "$tmp/warmup-$name.txt" >&2; die "wrk failed (warm-up $name)"; }
    fi
    sleep 0.3
    log_from=$(($(wc -l <"$tmp/server.err") + 1))
    before_cpu=$(cpu_ticks "$SERVER_PID")
    read -r machine_before steal_before < <(machine_ticks)
    times >"$tmp/times-before.txt"
    started=$(date +%s%N)
    wrk -t1 -c1 "-d${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$url" >"$tmp/wrk-$name.txt" 2>&1 ||
        { cat "$tmp/wrk-$name.txt" >&2; die "wrk failed ($name)"; }
    elapsed_ns=$(($(date +%s%N) - started))
    times >"$tmp/times-after.txt"
    read -r machine_after steal_after < <(machine_ticks)
    after_cpu=$(cpu_ticks "$SERVER_PID")
    require_alive "$SERVER_PID" compliance-portal
    sleep 0.3 # the access log is written per event-loop turn
    read -r seconds requests p50 p99 max non2xx sockerr < <(parse_wrk "$tmp/wrk-$name.txt")
    ((requests > 0)) || { cat "$tmp/wrk-$name.txt" >&2; die "wrk made no request ($name)"; }
    ((non2xx == 0 && sockerr == 0)) || { cat "$tmp/wrk-$name.txt" >&2; die "$name: $non2xx non-2xx answers, $sockerr socket errors"; }
    read -r srv_count srv_p50 srv_p99 srv_max < <(server_durations "$log_from")
    children=$(($(children_ticks "$tmp/times-after.txt") - $(children_ticks "$tmp/times-before.txt")))
    read -r load steal < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) \
        $((after_cpu - before_cpu)) "$children" "$elapsed_ns")
    rate=$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
    cpu_us=$(awk -v t=$((after_cpu - before_cpu)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    rss_kb=$(status_kb "$SERVER_PID" VmRSS)
    echo "$name $requests $rate $p50 $p99 $max $srv_p50 $srv_p99 $srv_max $cpu_us $load $steal $rss_kb" >>"$RESULTS"
    printf '%-40s %6d requests %8.1f/s  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (server p50 %s p99 %s ms)  server cpu %6d us/request  RSS %s MiB  other load %2d%%  steal %2d%%\n' \
        "${LABELS[$name]}" "$requests" "$rate" "$p50" "$p99" "$max" "$srv_p50" "$srv_p99" "$cpu_us" "$(mib "$rss_kb")" "$load" "$steal"
done

RSS_AFTER_KB=$(status_kb "$SERVER_PID" VmRSS)
HWM_KB=$(status_kb "$SERVER_PID" VmHWM)
SERVER_PROBLEMS=$(grep -v '"msg":"request"' "$tmp/server.err" | grep -c -E '"level":"(error|critical|warning)"' || true)
stop_process "$SERVER_PID" TERM
SERVER_PID=""

# ---------------------------------------------------------------------------------------------
# Report

REPORT=$tmp/report.txt
{
    echo
    echo "=== workflow over $CASES cases and $TOTAL_EVENTS events: $(date -u +%Y-%m-%dT%H:%M:%SZ), $CORES cores, one client, ${DURATION}s per endpoint ==="
    printf '%-42s %9s %9s %9s %9s %10s %10s %8s %7s %s\n' "GET (sequential, wrk -t1 -c1)" "requests" "p50 ms" "p99 ms" "max ms" \
        "server p99" "cpu ms/req" "RSS MiB" "other%" "target"
    while read -r name requests rate p50 p99 max srv_p50 srv_p99 srv_max cpu_us load steal rss_kb; do
        target=${TARGETS[$name]:-}
        verdict="(information)"
        if [[ -n $target ]]; then
            verdict="p99 < $target ms: $(awk -v p="$p99" -v t="$target" 'BEGIN { print (p < t ? "PASS" : "FAIL") }')"
        fi
        printf '%-42s %9d %9.2f %9.2f %9.2f %10s %10.1f %8s %7d %s\n' "${LABELS[$name]}" "$requests" "$p50" "$p99" "$max" "$srv_p99" \
            "$(awk -v u="$cpu_us" 'BEGIN { print u / 1000 }')" "$(mib "$rss_kb")" "$load" "$verdict"
    done <"$RESULTS"
    printf '%-42s %s\n' "audit verify, whole chain" "median ${VERIFY_MEDIAN}s wall, ${VERIFY_CPU_MEDIAN}s cpu, of $VERIFY_RUNS runs ($(IFS=' '; echo "${VERIFY_TIMES[*]}") s; other load $(IFS=/; echo "${VERIFY_LOADS[*]}") %), $VERIFY_RATE events/s; intact, head $VERIFY_HEAD"
    printf '%-42s %s\n' "server start (replays the log)" "${START_S}s to listening, ${START_CPU}s cpu (other load ${START_LOAD}%); case index ready: $INDEX_CASES cases in $INDEX_TOOK"
    printf '%-42s %s\n' "server memory" "RSS $(mib "$RSS_START_KB") MiB after start, $(mib "$RSS_AFTER_KB") MiB after the load (peak $(mib "$HWM_KB") MiB); $SERVER_THREADS threads"
    printf '%-42s %s\n' "database" "$(awk -v b="$DB_BYTES" 'BEGIN { printf "%.0f MiB", b / 1048576 }') ($TABLE_SIZES)"
    printf '%-42s %s\n' "data" "$(fill_value by_status); outcomes $(fill_value by_outcome)"
    printf '%-42s %s\n' "" "open cases' next deadline now: $(fill_value open_deadline_states); $(fill_value duplicates_flagged) flagged as possible duplicates"
    printf '%-42s %s\n' "fill check" "$FILL_CHECK"
    printf '%-42s %s\n' "index vs cases columns" "$(cat "$tmp/csv_check.txt")"
    printf '%-42s %s\n' "fill" "fill_cases.py --cases $CASES --events $EVENTS --seed $SEED in ${FILL_S}s (WAL, synchronous=OFF)"
    echo "first request of each endpoint after start (ms): $(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' "$tmp/checks.txt")"
    echo "wrk command: wrk -t1 -c1 -d${DURATION}s --latency -H 'Authorization: Bearer <auditor token>' URL, after ${WARMUP}s of the same load"
    echo "  p50/p99/max from wrk (client side, loopback); server p99 = the access log's duration_ms; other% = share of the"
    echo "  $CORES cores busy with processes other than the server and wrk during the run"
    max_other=$(awk '$11 > m { m = $11 } END { print m + 0 }' "$RESULTS")
    for l in "${VERIFY_LOADS[@]}" "$START_LOAD"; do if ((l > max_other)); then max_other=$l; fi; done
    max_steal=$(awk '$12 > m { m = $12 } END { print m + 0 }' "$RESULTS")
    if ((max_other > 10 || max_steal > 20)); then
        echo "WARNING: during a measurement up to ${max_other}% of the machine was busy with other processes and up to" \
            "${max_steal}% was stolen by the hypervisor; the figures are noisy"
    fi
    echo "server: $SERVER_PROBLEMS warning/error log lines, access log on, default configuration (demo operator, Europe/Brussels, 4/30 calendar days)"
} >"$REPORT"
cat "$REPORT"
if [[ -n ${OUT:-} ]]; then cp "$REPORT" "$OUT"; fi
