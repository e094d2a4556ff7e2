#define _GNU_SOURCE
#include "CThreading.h"

int cthreading_set_name(pthread_t thread, const char *name) { return pthread_setname_np(thread, name); }
