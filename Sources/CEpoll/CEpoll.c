#define _GNU_SOURCE
#include "CEpoll.h"
#include <stdlib.h>

int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int cepoll_wait(int epfd, void *events, int max, int timeout) {
    return epoll_wait(epfd, (struct epoll_event *)events, max, timeout);
}

void *cepoll_events_alloc(int max) { return calloc((size_t)max, sizeof(struct epoll_event)); }
void cepoll_events_free(void *events) { free(events); }
uint32_t cepoll_event_flags(const void *events, int index) { return ((const struct epoll_event *)events)[index].events; }
uint64_t cepoll_event_data(const void *events, int index) { return ((const struct epoll_event *)events)[index].data.u64; }

int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }
int cepoll_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int cepoll_errno(void) { return errno; }
