#ifndef CTHREADING_H
#define CTHREADING_H
#include <pthread.h>
/// pthread_setname_np is a GNU extension that Swift's Glibc module hides.
int cthreading_set_name(pthread_t thread, const char *name);
/// Raises the calling thread's nice value by `increment` (Linux: nice is per thread, set
/// through its thread id, which Swift's Glibc module does not expose). 0 on success, else errno.
int cthreading_lower_priority(int increment);
#endif
