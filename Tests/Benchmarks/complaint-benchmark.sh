#!/usr/bin/env bash
# Complaint intake benchmark: POST /api/v1/complaints over keep-alive connections against a plain
# SQLite loop of one INSERT per transaction (WAL, synchronous=FULL) on the same filesystem.
# Not part of the test suite; see Tests/Benchmarks/README.md.
#
# Builds the release binary, starts it on a free loopback port with its database in a temp dir,
# and in ROUNDS rounds (alternating which goes first) runs
#   - wrk -t2 -c32 -dDURATION --latency -s complaint_post.lua  (valid JSON complaints, each different)
#   - sqlite_insert_baseline (C, libsqlite3): single-row autocommit INSERTs for DURATION seconds
#     on a fresh database in the same temp dir.
# Checks that every 201 the load generator received names a case that is in the database, and
# that nothing but 201 came back. Counts the fsync/fdatasync calls of both (sync_counter.so, an
# LD_PRELOAD shim) to show how many complaints share one commit. Prints the medians, the ratio
# portal/baseline and PASS/FAIL for "portal >= baseline rate". Exits 0 whether or not the target
# is met; non-zero only when something broke.
#
# Environment: DURATION (s per run, 10), ROUNDS (5: this machine is noisy), WARMUP (s of portal load before the rounds,
# 2; 0 = none), CONNECTIONS (32), THREADS (wrk threads, 2), PAYLOAD_BYTES (baseline row size,
# 1024), SKIP_BUILD=1 (use the existing release build), COUNT_SYNCS=0 (no LD_PRELOAD shim),
# BENCH_DIR (where the temp dir goes; default $TMPDIR or /var/tmp: both databases live there, so
# it must be a real disk, not tmpfs), OUT (also write the report there), KEEP_TMP=1.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_NAME=complaint-benchmark
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PAYLOAD_BYTES=${PAYLOAD_BYTES:-1024}
COUNT_SYNCS=${COUNT_SYNCS:-1}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/var/tmp}}
HOST=127.0.0.1

require_whole_numbers DURATION ROUNDS WARMUP CONNECTIONS THREADS PAYLOAD_BYTES
((ROUNDS >= 1 && DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1)) || die "ROUNDS, DURATION, CONNECTIONS and THREADS must be at least 1"
((CONNECTIONS >= THREADS)) || die "CONNECTIONS must be at least THREADS (wrk gives each thread a share of the connections)"
[[ -d $BENCH_DIR ]] || die "BENCH_DIR $BENCH_DIR is not a directory"

# ---------------------------------------------------------------------------------------------
# Tools

command -v wrk >/dev/null || install_package wrk
command -v wrk >/dev/null || die "wrk is still missing after installing it"
command -v sqlite3 >/dev/null || install_package sqlite3
command -v sqlite3 >/dev/null || die "the sqlite3 command is still missing after installing it"
command -v gcc >/dev/null || install_package gcc
command -v gcc >/dev/null || die "gcc is still missing after installing it"
[[ -f /usr/include/sqlite3.h ]] || install_package libsqlite3-dev
[[ -f /usr/include/sqlite3.h ]] || die "sqlite3.h is still missing after installing libsqlite3-dev"

build_release

# ---------------------------------------------------------------------------------------------
# Temp dir, cleanup

make_tmp_dir "$BENCH_DIR"

# The baseline and the sync-counting shim, compiled here so they match this machine's libsqlite3.
gcc -O2 -Wall -o "$tmp/sqlite_insert_baseline" "$SCRIPT_DIR/sqlite_insert_baseline.c" -lsqlite3 ||
    die "cannot compile sqlite_insert_baseline.c"
PRELOAD=()
if [[ $COUNT_SYNCS == 1 ]]; then
    gcc -O2 -Wall -shared -fPIC -o "$tmp/sync_counter.so" "$SCRIPT_DIR/sync_counter.c" -ldl || die "cannot compile sync_counter.c"
    PRELOAD=(env "LD_PRELOAD=$tmp/sync_counter.so")
fi

# ---------------------------------------------------------------------------------------------
# Helpers

# "WAL_SYNCS OTHER_SYNCS" counted by sync_counter.so in FILE ("0 0" without it).
syncs() {
    if [[ $COUNT_SYNCS == 1 && -s $1 ]]; then od -An -t u8 -N 16 "$1" | awk '{ print $1 + 0, $2 + 0 }'; else echo "0 0"; fi
}

# wrk --latency output + complaint_post.lua's lines -> "seconds p50_ms p99_ms requests socket_errors created other"
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
        BEGIN { seconds = 0; p50 = -1; p99 = -1; requests = 0; sockerr = 0; created = -1; other = -1 }
        /^ *50% / { p50 = ms($2) }
        /^ *99% / { p99 = ms($2) }
        / requests in / { requests = $1; s = $4; sub(/,$/, "", s); seconds = ms(s) / 1000 }
        /Socket errors:/ { line = $0; gsub(/,/, "", line); split(line, f, " "); sockerr = f[4] + f[6] + f[8] + f[10] }
        /^complaint statuses:/ { split($3, c, "="); created = c[2]; split($4, o, "="); other = o[2] }
        END { printf "%.3f %.3f %.3f %s %s %s %s\n", seconds, p50, p99, requests, sockerr, created, other }
    ' "$1"
}

# sqlite3 on the live database (read-only; the server keeps writing): "rows_in_cases acked_refs distinct_acked missing"
check_refs() { # refs_file
    sqlite3 -readonly -batch -noheader -separator ' ' "$tmp/portal.sqlite" <<SQL
CREATE TEMP TABLE acked (reference TEXT);
.import $1 acked
SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM temp.acked), (SELECT count(DISTINCT reference) FROM temp.acked),
       (SELECT count(*) FROM temp.acked WHERE reference NOT IN (SELECT reference FROM main.cases));
SQL
}

# ---------------------------------------------------------------------------------------------
# The server

cat >"$tmp/portal.json" <<'JSON'
{"web": {"submissions_per_ip_per_hour": 100000000}}
JSON
SERVER_SYNCS=$tmp/server.syncs
SYNC_COUNTER_FILE=$SERVER_SYNCS "${PRELOAD[@]}" "$BIN" serve --host "$HOST" --port 0 --database "$tmp/portal.sqlite" \
    --public "$REPO/Public" --migrations "$REPO/Migrations" --config "$tmp/portal.json" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
SERVER_PID=$!
wait_for_listening "$SERVER_PID"
PORT=${listening##*:}
[[ $PORT =~ ^[0-9]+$ ]] || die "unexpected listening line: $listening"
URL="http://$HOST:$PORT/api/v1/complaints"
sleep 0.5
SERVER_THREADS=$(status_kb "$SERVER_PID" Threads)

# A one-second probe on one connection: only 201s, or the load would only measure refusals.
probe=$(RUN_TAG=probe REFS_FILE="$tmp/refs-probe.txt" wrk -t1 -c1 -d1s -s "$SCRIPT_DIR/complaint_post.lua" "$URL" 2>&1) ||
    { printf '%s\n' "$probe" >&2; die "wrk failed (probe)"; }
if ! grep -q '^complaint statuses: 201=[1-9][0-9]* other=0' <<<"$probe"; then
    printf '%s\n' "$probe" >&2
    server_log_tail >&2
    die "the probe run got other answers than 201 (see above)"
fi
require_alive "$SERVER_PID" compliance-portal

SQLITE_VERSION=$(sqlite3 -version | awk '{ print $1 }')
note "compliance-portal: $BIN (pid $SERVER_PID, $SERVER_THREADS threads) on http://$HOST:$PORT"
note "temp dir (both databases): $tmp; $CORES cores; wrk $(wrk -v 2>&1 | head -n1 | awk '{ print $2 }'); sqlite $SQLITE_VERSION; $ROUNDS rounds of ${DURATION}s"

# ---------------------------------------------------------------------------------------------
# Load

WRK=(wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency -s "$SCRIPT_DIR/complaint_post.lua")
RESULTS=$tmp/results.txt # kind round rate p50 p99 count extra_rows syncs_wal syncs_other cpu_us_per_op other_load steal
: >"$RESULTS"
TOTAL_OTHER=0
TOTAL_MISSING=0
TOTAL_DUPLICATE_REFS=0

# Portal load of SECONDS (requests tagged with the round); appends a result line unless the round is "warmup".
run_portal() { # round seconds
    local round=$1 seconds=$2 out="$tmp/wrk-$1.txt" refs="$tmp/refs-$1.txt"
    local before_rows after_rows before_cpu after_cpu started elapsed_ns
    before_rows=$(sqlite3 -readonly "$tmp/portal.sqlite" "SELECT count(*) FROM cases")
    read -r wal_before other_before < <(syncs "$SERVER_SYNCS")
    before_cpu=$(cpu_ticks "$SERVER_PID")
    read -r machine_before steal_before < <(machine_ticks)
    times >"$tmp/times-before.txt"
    started=$(date +%s%N)
    RUN_TAG="r$round" REFS_FILE="$refs" wrk "-t$THREADS" "-c$CONNECTIONS" "-d${seconds}s" --latency \
        -s "$SCRIPT_DIR/complaint_post.lua" "$URL" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed (round $round)"; }
    elapsed_ns=$(($(date +%s%N) - started))
    times >"$tmp/times-after.txt"
    read -r machine_after steal_after < <(machine_ticks)
    after_cpu=$(cpu_ticks "$SERVER_PID")
    read -r wal_after other_after < <(syncs "$SERVER_SYNCS")
    require_alive "$SERVER_PID" compliance-portal
    # Requests still in flight when wrk stopped finish on the server; let them land before counting.
    sleep 1
    local wrk_seconds p50 p99 requests sockerr created other
    read -r wrk_seconds p50 p99 requests sockerr created other < <(parse_wrk "$out")
    [[ $created =~ ^[0-9]+$ && $other =~ ^[0-9]+$ ]] || { cat "$out" >&2; die "could not read the status counts (round $round)"; }
    ((requests == created + other)) || { cat "$out" >&2; die "wrk counted $requests responses, complaint_post.lua $((created + other)) (round $round)"; }
    [[ -f $refs ]] || { cat "$out" >&2; die "complaint_post.lua wrote no references (round $round)"; }
    local rows acked distinct missing
    read -r rows acked distinct missing < <(check_refs "$refs")
    after_rows=$rows
    local new_rows=$((after_rows - before_rows))
    local extra=$((new_rows - created))
    ((acked == created)) || die "round $round: wrk counted $created 201s but complaint_post.lua kept $acked references"
    TOTAL_OTHER=$((TOTAL_OTHER + other + sockerr))
    TOTAL_MISSING=$((TOTAL_MISSING + missing))
    TOTAL_DUPLICATE_REFS=$((TOTAL_DUPLICATE_REFS + acked - distinct))
    local rate wal other_syncs cpu_us load steal children_before children_after
    rate=$(awk -v n="$created" -v s="$wrk_seconds" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
    wal=$((wal_after - wal_before))
    other_syncs=$((other_after - other_before))
    cpu_us=$(awk -v t=$((after_cpu - before_cpu)) -v hz="$CLK_TCK" -v n="$created" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    children_before=$(children_ticks "$tmp/times-before.txt")
    children_after=$(children_ticks "$tmp/times-after.txt")
    read -r load steal < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) \
        $((after_cpu - before_cpu)) $((children_after - children_before)) "$elapsed_ns")
    local server_cpu_pct
    server_cpu_pct=$(awk -v t=$((after_cpu - before_cpu)) -v hz="$CLK_TCK" -v ns="$elapsed_ns" 'BEGIN { printf "%.0f", t / hz / (ns / 1e9) * 100 }')
    if [[ $round == warmup ]]; then
        note "warm-up: ${seconds}s, $created complaints acknowledged ($rate/s), other answers $other, socket errors $sockerr"
        return
    fi
    echo "portal $round $rate $p50 $p99 $created $extra $wal $other_syncs $cpu_us $load $steal $other $sockerr $missing $server_cpu_pct" >>"$RESULTS"
    printf 'round %d/%d  portal    %7.1f complaints/s  p50 %6.2f ms  p99 %6.2f ms  201s %6d  other %d  socket errors %d  not in db %d  extra rows %d  WAL syncs %6d (%.1f complaints/sync)  server cpu %3d%% (%5.0f us/complaint)  other load %2d%%  steal %2d%%\n' \
        "$round" "$ROUNDS" "$rate" "$p50" "$p99" "$created" "$other" "$sockerr" "$missing" "$extra" "$wal" \
        "$(awk -v n="$new_rows" -v w="$wal" 'BEGIN { print (w > 0 ? n / w : 0) }')" "$server_cpu_pct" "$cpu_us" "$load" "$steal"
}

run_baseline() { # round
    local round=$1 out="$tmp/baseline-$1.txt" db="$tmp/baseline-$1.sqlite" counts="$tmp/baseline-$1.syncs"
    local started elapsed_ns
    read -r machine_before steal_before < <(machine_ticks)
    times >"$tmp/times-before.txt"
    started=$(date +%s%N)
    SYNC_COUNTER_FILE=$counts "${PRELOAD[@]}" "$tmp/sqlite_insert_baseline" "$db" "$DURATION" "$PAYLOAD_BYTES" >"$out" 2>&1 ||
        { cat "$out" >&2; die "sqlite_insert_baseline failed (round $round)"; }
    elapsed_ns=$(($(date +%s%N) - started))
    times >"$tmp/times-after.txt"
    read -r machine_after steal_after < <(machine_ticks)
    local inserts rate p50 p99 wal other_syncs children_before children_after load steal cpu_us
    inserts=$(sed -n 's/.*inserts=\([0-9]*\).*/\1/p' "$out")
    rate=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' "$out")
    p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' "$out")
    p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' "$out")
    [[ -n $inserts && -n $rate && -n $p99 ]] || { cat "$out" >&2; die "could not read the baseline's output (round $round)"; }
    read -r wal other_syncs < <(syncs "$counts")
    children_before=$(children_ticks "$tmp/times-before.txt")
    children_after=$(children_ticks "$tmp/times-after.txt")
    cpu_us=$(awk -v t=$((children_after - children_before)) -v hz="$CLK_TCK" -v n="$inserts" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    read -r load steal < <(other_load $((machine_after - machine_before)) $((steal_after - steal_before)) \
        0 $((children_after - children_before)) "$elapsed_ns")
    echo "baseline $round $rate $p50 $p99 $inserts 0 $wal $other_syncs $cpu_us $load $steal 0 0 0 0" >>"$RESULTS"
    printf 'round %d/%d  baseline  %7.1f inserts/s     p50 %6.2f ms  p99 %6.2f ms  rows %6d  WAL syncs %6d (%.2f inserts/sync)  cpu %5.0f us/insert  other load %2d%%  steal %2d%%\n' \
        "$round" "$ROUNDS" "$rate" "$p50" "$p99" "$inserts" "$wal" "$(awk -v n="$inserts" -v w="$wal" 'BEGIN { print (w > 0 ? n / w : 0) }')" \
        "$cpu_us" "$load" "$steal"
    rm -f "$db" "$db-wal" "$db-shm"
}

if ((WARMUP > 0)); then run_portal warmup "$WARMUP"; fi
for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2 == 1)); then
        run_baseline "$round"
        run_portal "$round" "$DURATION"
    else
        run_portal "$round" "$DURATION"
        run_baseline "$round"
    fi
done

# ---------------------------------------------------------------------------------------------
# Durability bookkeeping: stop the server without letting it shut down (SIGKILL), reopen the
# database and check every acknowledged complaint is there.

PEAK_KB=$(status_kb "$SERVER_PID" VmHWM)
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
cat "$tmp"/refs-*.txt >"$tmp/all-refs.txt"
read -r FINAL_ROWS FINAL_ACKED FINAL_DISTINCT FINAL_MISSING < <(check_refs "$tmp/all-refs.txt")
INTEGRITY=$(sqlite3 "$tmp/portal.sqlite" "PRAGMA integrity_check" | head -n 1)
SERVER_PROBLEMS=$(grep -v '"msg":"request"' "$tmp/server.err" | grep -c -E '"level":"(error|critical|warning)"' || true)

# ---------------------------------------------------------------------------------------------
# Report

REPORT=$tmp/report.txt
median_of() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$RESULTS" | median; }
sum_of() { awk -v k="$1" -v c="$2" '$1 == k { t += $c } END { print t + 0 }' "$RESULTS"; }
rounds_of() { awk -v k="$1" -v c="$2" -v f="$3" '$1 == k { printf (n++ ? " " : "") f, $c }' "$RESULTS"; }

P_RATE=$(median_of portal 3); P_P50=$(median_of portal 4); P_P99=$(median_of portal 5)
B_RATE=$(median_of baseline 3); B_P50=$(median_of baseline 4); B_P99=$(median_of baseline 5)
P_PER_SYNC=$(awk '$1 == "portal" { n += $6 + $7; w += $8 } END { printf "%.1f", (w > 0 ? n / w : 0) }' "$RESULTS")
B_PER_SYNC=$(awk '$1 == "baseline" { n += $6; w += $8 } END { printf "%.2f", (w > 0 ? n / w : 0) }' "$RESULTS")
P_CPU=$(median_of portal 10); B_CPU=$(median_of baseline 10)
RATIO=$(awk -v a="$P_RATE" -v b="$B_RATE" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
VALID=1
((TOTAL_OTHER == 0 && TOTAL_MISSING == 0 && FINAL_MISSING == 0 && TOTAL_DUPLICATE_REFS == 0)) || VALID=0
[[ $INTEGRITY == ok ]] || VALID=0
FS=$(df -T "$tmp" | awk 'NR == 2 { print $1 " (" $2 ") mounted on " $7 }')
MOUNT_OPTS=$(awk -v m="$(df "$tmp" | awk 'NR == 2 { print $6 }')" '$2 == m { print $4 }' /proc/mounts | head -n 1)

{
    echo
    echo "=== complaint intake vs raw SQLite: $(date -u +%Y-%m-%dT%H:%M:%SZ), $CORES cores, medians of $ROUNDS rounds x ${DURATION}s ==="
    printf '%-40s %12s %9s %9s %14s %10s\n' "" "per second" "p50 ms" "p99 ms" "ops per sync" "cpu us/op"
    printf '%-40s %12.1f %9.2f %9.2f %14s %10.0f\n' "portal: complaints acknowledged (201)" "$P_RATE" "$P_P50" "$P_P99" "$P_PER_SYNC" "$P_CPU"
    printf '%-40s %12.1f %9.2f %9.2f %14s %10.0f\n' "baseline: 1 INSERT per transaction" "$B_RATE" "$B_P50" "$B_P99" "$B_PER_SYNC" "$B_CPU"
    printf '%-40s %12s\n' "ratio portal / baseline" "${RATIO}x"
    echo "per round (portal complaints/s | baseline inserts/s | portal p99 ms | baseline p99 ms | other load % portal/baseline):"
    echo "  $(rounds_of portal 3 '%.1f') | $(rounds_of baseline 3 '%.1f') | $(rounds_of portal 5 '%.2f') | $(rounds_of baseline 5 '%.2f') |" \
        "$(rounds_of portal 11 '%d') / $(rounds_of baseline 11 '%d')"
    max_other=$(awk '$11 > m { m = $11 } END { print m + 0 }' "$RESULTS")
    max_steal=$(awk '$12 > m { m = $12 } END { print m + 0 }' "$RESULTS")
    if ((max_other > 10 || max_steal > 20)); then
        echo "WARNING: during a run up to ${max_other}% of the machine was busy with other processes and up to" \
            "${max_steal}% was stolen by the hypervisor; the figures are noisy"
    fi
    echo "wrk command: ${WRK[*]} $URL"
    echo "  each request a different valid JSON complaint (Content-Type: application/json); only 201s count as acknowledged;"
    echo "  complaints/s = 201s / wrk's run time; p50/p99 from wrk --latency (every response)"
    echo "baseline: sqlite_insert_baseline.c (gcc -O2, libsqlite3 $SQLITE_VERSION), journal_mode=WAL, synchronous=FULL, autocommit"
    echo "  single-row INSERT of a ${PAYLOAD_BYTES}-byte text, fresh database per round, ${DURATION}s; p50/p99 per insert"
    echo "disk: both databases in $tmp: $FS, options $MOUNT_OPTS"
    echo "portal database: $tmp/portal.sqlite, WAL, synchronous=FULL (SQLite layer), grows over the rounds"
    if [[ $COUNT_SYNCS == 1 ]]; then
        echo "group commit: $P_PER_SYNC complaints per WAL fsync/fdatasync over the rounds (baseline: $B_PER_SYNC inserts per sync);"
        echo "  counted by sync_counter.so (LD_PRELOAD) in both processes; WAL syncs include one per checkpoint"
    else
        echo "group commit: not observed (COUNT_SYNCS=0)"
    fi
    echo "acknowledged vs stored: $(sum_of portal 6) 201s in the rounds ($FINAL_ACKED with the probe and warm-up), other answers" \
        "and socket errors $TOTAL_OTHER (all runs);"
    echo "  after SIGKILL of the server, $FINAL_ROWS rows in cases: $FINAL_MISSING acknowledged references missing," \
        "$((FINAL_ACKED - FINAL_DISTINCT)) duplicate references; integrity_check: $INTEGRITY;"
    echo "  rows without a 201 (requests in flight when wrk stopped, committed after it closed the connections):" \
        "$(sum_of portal 7) in the rounds ($((FINAL_ROWS - FINAL_ACKED)) in all; at most $CONNECTIONS per run)"
    echo "server: $SERVER_THREADS threads at start (event loops + worker pool + others), peak RSS $(awk -v kb="$PEAK_KB" 'BEGIN { printf "%.1f", kb / 1024 }') MB," \
        "$SERVER_PROBLEMS warning/error log lines, access log on"
    echo "targets:"
    if ((VALID == 1)); then
        echo "  valid run (only 201s, every 201 stored)          yes"
    else
        echo "  valid run (only 201s, every 201 stored)          NO (see above)"
    fi
    ok=$(awk -v r="$RATIO" -v v="$VALID" 'BEGIN { print (v == 1 && r >= 1) ? 1 : 0 }')
    printf '  %-48s %-10s %s\n' "portal >= baseline rate" "${RATIO}x" "$( ((ok == 1)) && echo PASS || echo FAIL)"
} >"$REPORT"
cat "$REPORT"
if [[ -n ${OUT:-} ]]; then cp "$REPORT" "$OUT"; fi
