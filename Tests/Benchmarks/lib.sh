# shellcheck shell=bash
# Shell code shared by the benchmark scripts of this folder (http-benchmark.sh,
# complaint-benchmark.sh, workflow-benchmark.sh). Sourced, never run: `source "$SCRIPT_DIR/lib.sh"`
# right after `set -euo pipefail`.
#
# The script sets before sourcing:
#   BENCH_NAME  its name, used in messages ("NAME: error: ...") and as the temp dir prefix
#   REPO        the repository's root (where `swift build` runs)
#
# Sourcing sets LC_ALL=C (exported), CLK_TCK and CORES, and defines:
#   die, note                        error (exit 1) and plain output
#   require_whole_numbers VAR...     die unless each named variable holds a whole number
#   install_package PACKAGE          apt-get install (through sudo when not root)
#   build_release [FLAG...]          swift build -c release [--static-swift-stdlib] FLAG... --product
#                                    compliance-portal (3 attempts; none with SKIP_BUILD=1); sets
#                                    build_flags and BIN (dies when the binary is missing)
#   make_tmp_dir DIR                 tmp=$(mktemp -d DIR/BENCH_NAME.XXXXXX), SERVER_PID="", and the
#                                    traps: cleanup on EXIT, exit 130 on INT, 143 on TERM
#   stop_process PID SIGNAL          signal, wait up to 10 s, then SIGKILL
#   cleanup                          the EXIT trap: stops the processes (cleanup_processes when the
#                                    script defines it, else stop_process "$SERVER_PID" TERM), removes
#                                    $tmp unless KEEP_TMP=1, exits with the status it was called with
#   server_log_tail, require_alive PID NAME, wait_for_listening PID [TENTHS]
#                                    the server's stderr ($tmp/server.err) and liveness checks; for a
#                                    NAME other than compliance-portal require_alive calls the
#                                    script's other_process_log NAME
#   status_kb, mib, cpu_ticks, machine_ticks, children_ticks, other_load, median
#                                    /proc and `times` accounting, and the median of numbers on stdin

export LC_ALL=C

die() {
    printf '%s: error: %s\n' "$BENCH_NAME" "$*" >&2
    exit 1
}
note() { printf '%s\n' "$*"; }

require_whole_numbers() { # variable names
    local value
    for value in "$@"; do
        [[ ${!value} =~ ^[0-9]+$ ]] || die "$value must be a whole number (got '${!value}')"
    done
}

# ---------------------------------------------------------------------------------------------
# Tools

install_package() {
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "$1 is missing and installing it needs root (apt-get install $1)"
        sudo=(sudo)
    fi
    note "installing $1 from Debian's packages ..."
    "${sudo[@]}" apt-get update -qq >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$1" >&2 || die "apt-get install $1 failed"
}

# The binary as shipped (docker/Dockerfile): release, Swift runtime linked statically.
# STATIC_STDLIB=0 measures a dynamically linked build instead. Extra flags (e.g. --scratch-path)
# go to both the build and the bin-path lookup.
# shellcheck disable=SC2120 # the flags are optional
build_release() { # [extra swift build flags]
    local attempt
    build_flags=(-c release)
    if [[ ${STATIC_STDLIB:-1} == 1 ]]; then build_flags+=(--static-swift-stdlib); fi
    build_flags+=("$@")
    if [[ ${SKIP_BUILD:-0} != 1 ]]; then
        note "building: swift build ${build_flags[*]} --product compliance-portal"
        # Retried because sources edited during a build make SwiftPM stop ("was modified during the build").
        for attempt in 1 2 3; do
            if (cd "$REPO" && swift build "${build_flags[@]}" --product compliance-portal >&2); then break; fi
            ((attempt < 3)) || die "release build failed"
            note "build failed (attempt $attempt); retrying"
            sleep 2
        done
    fi
    BIN="$(cd "$REPO" && swift build "${build_flags[@]}" --show-bin-path)/compliance-portal"
    [[ -x $BIN ]] || die "no release binary at $BIN (run without SKIP_BUILD=1)"
}

# ---------------------------------------------------------------------------------------------
# Temp dir, cleanup

make_tmp_dir() { # parent directory
    tmp=$(mktemp -d "$1/$BENCH_NAME.XXXXXX")
    SERVER_PID=""
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

stop_process() { # pid signal
    local pid=$1 signal=$2 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -"$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    if declare -F cleanup_processes >/dev/null; then
        cleanup_processes
    else
        stop_process "$SERVER_PID" TERM
    fi
    if [[ ${KEEP_TMP:-0} == 1 ]]; then
        printf '%s: kept %s\n' "$BENCH_NAME" "$tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}

# ---------------------------------------------------------------------------------------------
# The server

# The last lines of our server's stderr that are not access-log lines.
server_log_tail() {
    grep -v '"msg":"request"' "$tmp/server.err" 2>/dev/null | tail -n 20 || true
}

require_alive() { # pid name
    if ! kill -0 "$1" 2>/dev/null; then
        local status=0
        wait "$1" 2>/dev/null || status=$?
        if [[ $2 == compliance-portal ]]; then
            printf '%s\n' "--- compliance-portal stderr (without access-log lines) ---" >&2
            server_log_tail >&2
        else
            other_process_log "$2"
        fi
        die "$2 (pid $1) died (exit status $status)"
    fi
}

# Waits for the server's "listening on" line in $tmp/server.out (TENTHS tenths of a second, 300
# unless given) and sets `listening` to it.
wait_for_listening() { # pid [tenths]
    local i limit=${2:-300}
    for ((i = 0; ; i++)); do
        require_alive "$1" compliance-portal
        # shellcheck disable=SC2034 # listening is read by the scripts
        if listening=$(grep -m1 "^compliance-portal listening on http://" "$tmp/server.out"); then break; fi
        ((i < limit)) || die "compliance-portal printed no listening line within $((limit / 10)) s"
        sleep 0.1
    done
}

# ---------------------------------------------------------------------------------------------
# Accounting

status_kb() { # pid field -> kB
    awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"
}
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# CPU ticks (user + system, all threads) of the given processes.
cpu_ticks() {
    local pid total=0 ticks
    for pid in "$@"; do
        # Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
        ticks=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }') || ticks=0
        total=$((total + ticks))
    done
    echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)
CORES=$(nproc)

# CPU ticks of the whole machine: "busy steal", busy = user + nice + system + irq + softirq (with
# tick-based accounting, softirq ticks are also charged to the running process's system time),
# steal = time the hypervisor gave to other guests.
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat; }
# CPU ticks used by this shell's finished children (wrk, the baseline, audit verify), from a file
# written by the `times` builtin. Call `times >FILE` directly, never inside $( ): a subshell has no
# children yet.
children_ticks() {
    awk -v hz="$CLK_TCK" 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
        printf "%d\n", t * hz + 0.5 }' "$1"
}
# "other load %" "steal %" over an interval: machine ticks not spent by the server nor by this
# shell's children, as a share of all cores; a noisy run shows up here.
other_load() { # machine_delta steal_delta server_delta children_delta elapsed_ns
    awk -v m="$1" -v st="$2" -v s="$3" -v w="$4" -v ns="$5" -v hz="$CLK_TCK" -v cores="$CORES" \
        'BEGIN { cap = hz * ns / 1e9 * cores; o = (m - s - w) / cap * 100
                 printf "%.0f %.0f\n", (o < 0 ? 0 : o), st / cap * 100 }'
}

median() { # numbers on stdin
    sort -g | awk '{ a[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
