/*
 * bench_varlink: a varlink load generator for scripts/bench (compiled with gcc at bench time).
 *
 * Varlink messages are NUL-terminated JSON objects on a Unix stream socket. Each mode sends
 * `{"method":"METHOD"}` calls and checks every reply (a reply with "error" in it counts as an
 * error; the run fails if any arrives). Results are one JSON object on standard output.
 *
 *   bench_varlink seq     SOCKET METHOD SECONDS
 *       one connection, strictly sequential: send a call, wait for its reply, repeat.
 *       Reports calls/s and the round-trip latency distribution.
 *   bench_varlink seq-spin SOCKET METHOD SECONDS
 *       the same, but the generator polls for the reply without sleeping (its CPU never idles),
 *       so that each round trip holds one wake-up (the server's) instead of two.
 *   bench_varlink pipe    SOCKET METHOD SECONDS WINDOW
 *       one connection, pipelined: up to WINDOW calls in flight (varlink answers in order).
 *   bench_varlink clients SOCKET METHOD CLIENTS SECONDS [INTERVAL_US]
 *       CLIENTS connections served from one epoll loop, each with one call in flight.
 *       INTERVAL_US 0 (default): closed loop, each client calls again as soon as its reply
 *       arrives (saturation). INTERVAL_US > 0: each client calls once every INTERVAL_US,
 *       staggered; latency is counted from the time the call was due to be sent, so a slow
 *       reply also delays (and is charged to) the next call (no coordinated omission).
 *   bench_varlink serve   SOCKET REPLY_JSON
 *       a trivial server that answers every call with REPLY_JSON at once (one thread per
 *       connection): the generator's own ceiling, to show it is not the bottleneck.
 *
 * The generator's own CPU time (user + system) is reported as client_cpu_s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "bench_varlink: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static int connect_to(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path) { errno = ENAMETOOLONG; die("connect"); }
    strcpy(a.sun_path, path);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    return fd;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            die("send");
        }
        p += w;
        n -= (size_t)w;
    }
}

/* Reply parsing: a connection's receive buffer; replies are counted as their NULs arrive. */
struct conn {
    int fd;
    char buf[1 << 16];
    size_t len;          /* bytes of an unfinished reply kept at the front of buf */
    int in_flight;       /* calls sent, replies not yet complete */
    int64_t sent_at;     /* clients mode: when the call in flight was due (or sent) */
    int64_t next_due;    /* clients mode, paced: when the next call is due */
};

static long errors;
static long replies_seen;
static size_t last_reply_bytes;

/* Consumes complete replies in c->buf[0..len+n); returns how many completed. */
static int take_replies(struct conn *c, size_t n) {
    int done = 0;
    size_t start = 0, end = c->len + n;
    for (size_t i = c->len; i < end; i++) {
        if (c->buf[i] != 0) continue;
        /* A reply is an object with "parameters" or with "error". */
        if (memmem(c->buf + start, i - start, "\"error\"", 7) != NULL) {
            if (errors < 3 && !getenv("BENCH_VARLINK_ERRORS_OK")) fprintf(stderr, "bench_varlink: error reply: %.*s\n", (int)(i - start), c->buf + start);
            errors++;
        }
        last_reply_bytes = i - start + 1;
        done++;
        start = i + 1;
    }
    if (start > 0) memmove(c->buf, c->buf + start, end - start);
    c->len = end - start;
    if (c->len == sizeof c->buf) { fprintf(stderr, "bench_varlink: reply larger than 64 KiB\n"); exit(1); }
    replies_seen += done;
    return done;
}

/* seq and pipe with spin: poll the socket without sleeping, so that the generator's CPU never
 * goes idle and only the server's wake-up is in each round trip. */
static int spin;

/* Blocking read of at least one byte; returns completed replies. */
static int read_some(struct conn *c) {
    for (;;) {
        ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, spin ? MSG_DONTWAIT : 0);
        if (r < 0 && (errno == EINTR || (spin && (errno == EAGAIN || errno == EWOULDBLOCK)))) continue;
        if (r < 0) die("recv");
        if (r == 0) { fprintf(stderr, "bench_varlink: the server closed the connection\n"); exit(1); }
        return take_replies(c, (size_t)r);
    }
}

static int compare_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t *lat;
static size_t lat_n, lat_cap;
static void record(int64_t ns) {
    if (lat_n == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 1 << 16;
        lat = realloc(lat, lat_cap * sizeof *lat);
        if (!lat) die("realloc");
    }
    lat[lat_n++] = ns;
}

static double pct_us(double p) {
    if (lat_n == 0) return 0;
    size_t i = (size_t)(p / 100.0 * (double)(lat_n - 1) + 0.5);
    return lat[i] / 1000.0;
}

static void report(const char *mode, const char *method, int clients, int window, long interval_us,
                   long calls, int64_t wall_ns, double cpu) {
    double secs = wall_ns / 1e9;
    printf("{\"mode\":\"%s\",\"method\":\"%s\",\"clients\":%d,\"window\":%d,\"interval_us\":%ld,"
           "\"calls\":%ld,\"seconds\":%.4f,\"calls_per_s\":%.1f,\"errors\":%ld,\"reply_bytes\":%zu,"
           "\"client_cpu_s\":%.4f",
           mode, method, clients, window, interval_us, calls, secs, calls / secs, errors, last_reply_bytes, cpu);
    if (lat_n > 0) {
        qsort(lat, lat_n, sizeof *lat, compare_i64);
        double sum = 0;
        for (size_t i = 0; i < lat_n; i++) sum += lat[i];
        printf(",\"latency_us\":{\"n\":%zu,\"min\":%.1f,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,"
               "\"max\":%.1f,\"mean\":%.1f}",
               lat_n, lat[0] / 1000.0, pct_us(50), pct_us(90), pct_us(99), pct_us(99.9), lat[lat_n - 1] / 1000.0,
               sum / lat_n / 1000.0);
    }
    printf("}\n");
    fflush(stdout);
    /* BENCH_VARLINK_ERRORS_OK=1: error replies are the expected answer (a server that does not
     * implement the method still does a whole round trip); they are counted, not fatal. */
    const char *ok = getenv("BENCH_VARLINK_ERRORS_OK");
    if (errors && !(ok && strcmp(ok, "1") == 0)) exit(3);
}

static char call[512];
static size_t call_len;

static void make_call(const char *method) {
    int n = snprintf(call, sizeof call - 1, "{\"method\":\"%s\"}", method);
    if (n < 0 || (size_t)n >= sizeof call - 1) { fprintf(stderr, "bench_varlink: method name too long\n"); exit(2); }
    call_len = (size_t)n + 1; /* with the NUL */
}

static void mode_seq(const char *path, const char *method, double seconds) {
    struct conn *c = calloc(1, sizeof *c);
    c->fd = connect_to(path);
    /* Warm-up: 1000 calls not counted. */
    for (int i = 0; i < 1000; i++) {
        write_all(c->fd, call, call_len);
        while (read_some(c) == 0) {}
    }
    lat_n = 0; replies_seen = 0;
    double cpu0 = cpu_seconds();
    int64_t t0 = now_ns(), end = t0 + (int64_t)(seconds * 1e9), t;
    long calls = 0;
    do {
        int64_t s = now_ns();
        write_all(c->fd, call, call_len);
        while (read_some(c) == 0) {}
        t = now_ns();
        record(t - s);
        calls++;
    } while (t < end);
    report(spin ? "seq-spin" : "seq", method, 1, 1, 0, calls, t - t0, cpu_seconds() - cpu0);
}

static void mode_pipe(const char *path, const char *method, double seconds, int window) {
    struct conn *c = calloc(1, sizeof *c);
    c->fd = connect_to(path);
    char *batch = malloc(call_len * (size_t)window);
    for (int i = 0; i < window; i++) memcpy(batch + call_len * (size_t)i, call, call_len);
    for (int i = 0; i < 1000; i++) { /* warm-up */
        write_all(c->fd, call, call_len);
        while (read_some(c) == 0) {}
    }
    double cpu0 = cpu_seconds();
    int64_t t0 = now_ns(), end = t0 + (int64_t)(seconds * 1e9), t = t0;
    long sent = 0, done = 0;
    int stopping = 0;
    for (;;) {
        if (!stopping) {
            int room = window - (int)(sent - done);
            if (room > 0) {
                write_all(c->fd, batch, call_len * (size_t)room);
                sent += room;
            }
        }
        done += read_some(c);
        t = now_ns();
        if (t >= end) stopping = 1;
        if (stopping && done == sent) break;
    }
    report("pipe", method, 1, window, 0, done, t - t0, cpu_seconds() - cpu0);
}

static void mode_clients(const char *path, const char *method, int n, double seconds, long interval_us) {
    struct conn *cs = calloc((size_t)n, sizeof *cs);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    for (int i = 0; i < n; i++) {
        cs[i].fd = connect_to(path);
        /* One warm-up call per connection, so that setup is not counted. */
        write_all(cs[i].fd, call, call_len);
        while (read_some(&cs[i]) == 0) {}
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &e) < 0) die("epoll_ctl");
    }
    lat_n = 0;
    int64_t interval = interval_us * 1000;
    double cpu0 = cpu_seconds();
    int64_t t0 = now_ns(), end = t0 + (int64_t)(seconds * 1e9), t = t0;
    for (int i = 0; i < n; i++) {
        cs[i].next_due = interval ? t0 + interval * i / n : t0;
    }
    long calls = 0;
    struct epoll_event events[256];
    for (;;) {
        t = now_ns();
        /* Send every call that is due on an idle connection. */
        int64_t wake = INT64_MAX;
        int busy = 0;
        for (int i = 0; i < n; i++) {
            struct conn *c = &cs[i];
            if (c->in_flight) { busy++; continue; }
            if (c->next_due >= end || t >= end) continue;
            if (c->next_due <= t) {
                c->sent_at = interval ? c->next_due : t;
                write_all(c->fd, call, call_len);
                c->in_flight = 1;
                busy++;
            } else if (c->next_due < wake) {
                wake = c->next_due;
            }
        }
        if (busy == 0 && wake == INT64_MAX) break;
        /* epoll_pwait2 takes a nanosecond timeout, so paced calls leave on time without spinning. */
        struct timespec timeout, *tp = NULL;
        if (wake != INT64_MAX) {
            int64_t d = wake - now_ns();
            if (d < 0) d = 0;
            timeout.tv_sec = d / 1000000000;
            timeout.tv_nsec = d % 1000000000;
            tp = &timeout;
        }
        int k = epoll_pwait2(ep, events, 256, tp, NULL);
        if (k < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int j = 0; j < k; j++) {
            struct conn *c = &cs[events[j].data.u32];
            if (read_some(c) > 0) {
                int64_t r = now_ns();
                record(r - c->sent_at);
                calls++;
                c->in_flight = 0;
                c->next_due = interval ? c->next_due + interval : r;
                /* A paced client that fell behind sends its next call at once; the wait counts. */
            }
        }
    }
    report("clients", method, n, 1, interval_us, calls, now_ns() - t0, cpu_seconds() - cpu0);
}

/* serve: a canned-reply server, one thread per connection. */
static char *canned;
static size_t canned_len;

static void *serve_one(void *arg) {
    int fd = (int)(intptr_t)arg;
    char buf[1 << 16];
    char *out = NULL;
    size_t out_cap = 0;
    for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        size_t count = 0;
        for (ssize_t i = 0; i < r; i++) count += buf[i] == 0;
        if (count == 0) continue;
        if (count * canned_len > out_cap) {
            out_cap = count * canned_len;
            out = realloc(out, out_cap);
        }
        for (size_t i = 0; i < count; i++) memcpy(out + i * canned_len, canned, canned_len);
        write_all(fd, out, count * canned_len);
    }
    free(out);
    close(fd);
    return NULL;
}

static void mode_serve(const char *path, const char *reply) {
    canned_len = strlen(reply) + 1;
    canned = strdup(reply);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, path);
    unlink(path);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    if (listen(fd, 256) < 0) die("listen");
    for (;;) {
        int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) {
            if (errno == EINTR) continue;
            die("accept");
        }
        pthread_t t;
        pthread_create(&t, NULL, serve_one, (void *)(intptr_t)c);
        pthread_detach(t);
    }
}

static void usage(void) {
    fprintf(stderr,
            "usage: bench_varlink seq|seq-spin SOCKET METHOD SECONDS\n"
            "       bench_varlink pipe SOCKET METHOD SECONDS WINDOW\n"
            "       bench_varlink clients SOCKET METHOD CLIENTS SECONDS [INTERVAL_US]\n"
            "       bench_varlink serve SOCKET REPLY_JSON\n");
    exit(2);
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc < 4) usage();
    const char *mode = argv[1], *path = argv[2];
    if (strcmp(mode, "serve") == 0) {
        mode_serve(path, argv[3]);
        return 0;
    }
    make_call(argv[3]);
    if (strcmp(mode, "seq-spin") == 0 && argc == 5) {
        spin = 1;
        mode = "seq";
    }
    if (strcmp(mode, "seq") == 0 && argc == 5) {
        mode_seq(path, argv[3], atof(argv[4]));
    } else if (strcmp(mode, "pipe") == 0 && argc == 6) {
        mode_pipe(path, argv[3], atof(argv[4]), atoi(argv[5]));
    } else if (strcmp(mode, "clients") == 0 && (argc == 6 || argc == 7)) {
        mode_clients(path, argv[3], atoi(argv[4]), atof(argv[5]), argc == 7 ? atol(argv[6]) : 0);
    } else {
        usage();
    }
    return 0;
}
