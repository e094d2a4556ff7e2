/*
 * LD_PRELOAD shim for complaint-benchmark.sh: counts fsync/fdatasync calls, split by whether the
 * file synced is a SQLite WAL ("-wal" suffix) or anything else (the database file at a
 * checkpoint, a directory), in a small shared file another process can read at any time. Lets
 * the benchmark show how many complaints each WAL commit carried (group commit) and that every
 * commit is synced. Not part of the test suite.
 *
 *     gcc -O2 -shared -fPIC -o sync_counter.so sync_counter.c -ldl
 *     SYNC_COUNTER_FILE=/tmp/x.counts LD_PRELOAD=$PWD/sync_counter.so PROGRAM ...
 *     od -An -t u8 -N 16 /tmp/x.counts      # -> WAL_SYNCS OTHER_SYNCS
 *
 * The cost per sync is one readlink of /proc/self/fd/N and an atomic add, microseconds next to
 * the sync itself. Without SYNC_COUNTER_FILE the shim only forwards the calls.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static _Atomic uint64_t *counters; /* [0] WAL syncs, [1] other syncs */
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

__attribute__((constructor)) static void sync_counter_init(void) {
    real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    const char *path = getenv("SYNC_COUNTER_FILE");
    if (!path || !*path) return;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (ftruncate(fd, 4096) == 0) {
        void *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map != MAP_FAILED) counters = map;
    }
    close(fd);
}

static void count(int fd) {
    if (!counters) return;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target);
    int wal = n > 4 && memcmp(target + n - 4, "-wal", 4) == 0;
    atomic_fetch_add(&counters[wal ? 0 : 1], 1);
}

int fsync(int fd) {
    if (!real_fsync) real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    count(fd);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    if (!real_fdatasync) real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    count(fd);
    return real_fdatasync(fd);
}
