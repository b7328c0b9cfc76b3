#ifndef NOCONTACT_CLINUXCLOCK_H
#define NOCONTACT_CLINUXCLOCK_H

/// Linux notifications the daemon needs to stay right without polling, which Swift's Glibc
/// module does not expose: a timerfd that becomes readable when the real-time clock is set,
/// and an inotify watch on the directory holding /etc/localtime.

/// A timerfd (CLOCK_REALTIME, far-future deadline, TFD_TIMER_CANCEL_ON_SET): reading it fails
/// with ECANCELED whenever the clock is set. Returns -1 with errno on failure.
int nocontact_clock_change_fd(void);

/// Re-arms `fd` after a clock change was seen. Returns 0, or -1 with errno.
int nocontact_clock_change_rearm(int fd);

/// An inotify descriptor watching `directory` for files being created, replaced, moved in or
/// deleted (how timedatectl swaps /etc/localtime). Returns -1 with errno on failure.
int nocontact_watch_directory(const char *directory);

#endif
