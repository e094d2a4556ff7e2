#ifndef CTHREADING_H
#define CTHREADING_H
#include <pthread.h>
/// pthread_setname_np is a GNU extension that Swift's Glibc module hides.
int cthreading_set_name(pthread_t thread, const char *name);
#endif
