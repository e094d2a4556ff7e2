#define _GNU_SOURCE
#include "CThreading.h"
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int cthreading_set_name(pthread_t thread, const char *name) { return pthread_setname_np(thread, name); }

int cthreading_lower_priority(int increment) {
    pid_t tid = (pid_t)syscall(SYS_gettid);
    errno = 0;
    int current = getpriority(PRIO_PROCESS, (id_t)tid);
    if (current == -1 && errno != 0) return errno;
    return setpriority(PRIO_PROCESS, (id_t)tid, current + increment) == 0 ? 0 : errno;
}
