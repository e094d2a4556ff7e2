/*
 * The raw rate complaint-benchmark.sh compares the portal with: a plain loop of single-row
 * INSERTs, each its own transaction (autocommit), on a fresh SQLite database in WAL mode with
 * synchronous=FULL, so every insert waits for its own fsync. Not part of the test suite.
 *
 *     gcc -O2 -o sqlite_insert_baseline sqlite_insert_baseline.c -lsqlite3
 *     ./sqlite_insert_baseline DATABASE SECONDS [PAYLOAD_BYTES]
 *
 * DATABASE must not exist yet. Inserts for SECONDS seconds (a prepared statement, one row of
 * PAYLOAD_BYTES, default 1024, of text per insert, each row different), timing every insert
 * (sqlite3_step of the autocommit INSERT, which returns once the commit is synced), then prints
 * one line:
 *
 *     inserts=N seconds=S rate=R p50_ms=A p99_ms=B max_ms=C journal_mode=wal synchronous=2 sqlite=3.x.y
 *
 * and checks that the table holds N rows. Exits non-zero on any SQLite error.
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void fail(sqlite3 *db, const char *what) {
    fprintf(stderr, "sqlite_insert_baseline: %s: %s\n", what, db ? sqlite3_errmsg(db) : "(no database)");
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted values. */
static double percentile_ms(const uint64_t *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1e6;
}

static char *pragma_text(sqlite3 *db, const char *sql) {
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) fail(db, sql);
    if (sqlite3_step(stmt) != SQLITE_ROW) fail(db, sql);
    char *value = strdup((const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return value;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s DATABASE SECONDS [PAYLOAD_BYTES]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    double seconds = atof(argv[2]);
    long payload_bytes = argc == 4 ? atol(argv[3]) : 1024;
    if (seconds <= 0 || payload_bytes < 16 || payload_bytes > 1000000) {
        fprintf(stderr, "sqlite_insert_baseline: SECONDS must be > 0 and PAYLOAD_BYTES 16 to 1000000\n");
        return 2;
    }
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "sqlite_insert_baseline: %s exists; give a fresh path\n", path);
        return 2;
    }

    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) fail(db, "open");
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         "CREATE TABLE inserts (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL);",
                     NULL, NULL, NULL) != SQLITE_OK)
        fail(db, "setup");
    char *journal_mode = pragma_text(db, "PRAGMA journal_mode");
    char *synchronous = pragma_text(db, "PRAGMA synchronous");
    if (strcmp(journal_mode, "wal") != 0 || strcmp(synchronous, "2") != 0) {
        fprintf(stderr, "sqlite_insert_baseline: got journal_mode=%s synchronous=%s, wanted wal and 2 (FULL)\n",
                journal_mode, synchronous);
        return 1;
    }

    sqlite3_stmt *insert;
    if (sqlite3_prepare_v2(db, "INSERT INTO inserts (at, payload) VALUES (?, ?)", -1, &insert, NULL) != SQLITE_OK)
        fail(db, "prepare");
    char *payload = malloc((size_t)payload_bytes + 1);
    for (long i = 0; i < payload_bytes; i++) payload[i] = (char)('a' + i % 26);
    payload[payload_bytes] = 0;

    size_t capacity = 1 << 16, count = 0;
    uint64_t *latencies = malloc(capacity * sizeof *latencies);
    const uint64_t started = now_ns();
    const uint64_t deadline = started + (uint64_t)(seconds * 1e9);
    uint64_t finished = started;
    while (finished < deadline) {
        /* Each row differs: its number at the start of the payload. */
        int n = snprintf(payload, 16, "%015zu", count);
        payload[n] = '-';
        const uint64_t before = now_ns();
        sqlite3_bind_int64(insert, 1, (sqlite3_int64)before);
        sqlite3_bind_text(insert, 2, payload, (int)payload_bytes, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) fail(db, "insert");
        sqlite3_reset(insert);
        finished = now_ns();
        if (count == capacity) {
            capacity *= 2;
            latencies = realloc(latencies, capacity * sizeof *latencies);
            if (!latencies) { fprintf(stderr, "sqlite_insert_baseline: out of memory\n"); return 1; }
        }
        latencies[count++] = finished - before;
    }
    const double elapsed = (double)(finished - started) / 1e9;
    sqlite3_finalize(insert);

    sqlite3_stmt *rows;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM inserts", -1, &rows, NULL) != SQLITE_OK) fail(db, "count");
    if (sqlite3_step(rows) != SQLITE_ROW) fail(db, "count");
    const sqlite3_int64 stored = sqlite3_column_int64(rows, 0);
    sqlite3_finalize(rows);
    if (sqlite3_close(db) != SQLITE_OK) fail(db, "close");
    if (stored != (sqlite3_int64)count) {
        fprintf(stderr, "sqlite_insert_baseline: %zu inserts but %lld rows\n", count, (long long)stored);
        return 1;
    }

    qsort(latencies, count, sizeof *latencies, compare_u64);
    printf("inserts=%zu seconds=%.3f rate=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f journal_mode=%s synchronous=%s sqlite=%s\n",
           count, elapsed, (double)count / elapsed, percentile_ms(latencies, count, 50), percentile_ms(latencies, count, 99),
           count ? (double)latencies[count - 1] / 1e6 : 0.0, journal_mode, synchronous, sqlite3_libversion());
    return 0;
}
