#ifndef CEPOLL_H
#define CEPOLL_H
// Glibc's Swift module does not export epoll, eventfd or accept4, and struct epoll_event is
// packed on x86_64; this header gives Swift plain functions and constants for all of them.
#include <stdint.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <errno.h>
#include <time.h>

static const uint32_t CEPOLL_IN = EPOLLIN;
static const uint32_t CEPOLL_OUT = EPOLLOUT;
static const uint32_t CEPOLL_ERR = EPOLLERR;
static const uint32_t CEPOLL_HUP = EPOLLHUP;
static const uint32_t CEPOLL_RDHUP = EPOLLRDHUP;
static const uint32_t CEPOLL_ET = EPOLLET;

/// epoll_ctl with the event built here, so Swift never touches the packed struct.
int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// epoll_wait into an opaque buffer made by cepoll_events_alloc.
int cepoll_wait(int epfd, void *events, int max, int timeout);
void *cepoll_events_alloc(int max);
void cepoll_events_free(void *events);
uint32_t cepoll_event_flags(const void *events, int index);
uint64_t cepoll_event_data(const void *events, int index);

int cepoll_create(void);
int cepoll_eventfd(void);
/// accept4 is a GNU extension that Swift's Glibc module hides.
int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int cepoll_errno(void);

#endif
