#include "CLinuxClock.h"

#include <limits.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int nocontact_clock_change_rearm(int fd) {
    // An absolute deadline far in the future: only a clock change ever wakes it.
    struct itimerspec deadline = {0};
    deadline.it_value.tv_sec = INT_MAX;
    return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &deadline, NULL);
}

int nocontact_clock_change_fd(void) {
    int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return -1;
    if (nocontact_clock_change_rearm(fd) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int nocontact_watch_directory(const char *directory) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -1;
    if (inotify_add_watch(fd, directory, IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_ATTRIB) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}
