/// The files `nocontact install` writes, carried inside the binary so that installing needs
/// nothing but the two executables.
///
/// `service` and `socket` are copies of systemd/nocontactd.service and systemd/nocontactd.socket;
/// `configTemplate` is config/nocontact.toml with every setting commented out except the prompt
/// times, so that it behaves exactly like the built-in default. InstallEndToEndTests fails when
/// a copy drifts from its source: change both together.
enum ShippedFiles {
    /// The daemon's path in `service`'s ExecStart=, replaced by the installed one.
    static let placeholderDaemonPath = "/usr/local/bin/nocontactd"

    static let service = #"""
# nocontactd as a systemd user service. `nocontact install` (or `make install`) copies it to
# ~/.config/systemd/user/ (or $(PREFIX)/lib/systemd/user/) with ExecStart pointing at the
# installed binary; nocontactd.socket hands it the control socket.
#
# The sandbox below rates 1.2 ("OK") in `systemd-analyze security --user nocontactd.service`.
# It leaves the daemon what it needs: the journal (/run/systemd/journal), the session bus
# ($XDG_RUNTIME_DIR/bus) for desktop notifications, its state (~/.local/state/nocontact), its
# runtime directory (%t/nocontact), and the config (read only).
#
# The [delivery] command and answer programs run inside the same sandbox. They can show windows
# (X11 or Wayland), use the session bus and write to /tmp (a private one), but they cannot
# reach the network, write to your home directory, gain privileges (sudo) or generate machine
# code at run time (JIT: Electron or Java programs). If yours needs more, loosen the sandbox
# for your user only with `systemctl --user edit nocontactd`, for example:
#     [Service]
#     RestrictAddressFamilies=AF_INET AF_INET6
#     MemoryDenyWriteExecute=no
#
# systemd 252 applies the mount, device and capability settings of a user unit only with
# PrivateUsers=yes (later versions imply it), which needs unprivileged user namespaces: Debian
# 12 allows them by default. Where they are turned off, systemd refuses to start the service
# ("Failed to set up user namespacing for unprivileged user", status 217/USER).

[Unit]
Description=nocontact: company through a period of no contact
Documentation=man:nocontactd(8) https://github.com/nocontact/nocontact
# No start limit: hitting it would also stop nocontactd.socket (service-start-limit-hit), and
# `nocontact` could no longer reach the daemon or say what is wrong. A daemon that keeps failing
# is retried every RestartSec= instead, and `systemctl --user status nocontactd` shows why.
StartLimitIntervalSec=0
# The socket is listening before the daemon starts, so the daemon adopts it. A daemon that bound
# the path itself would lose it to the socket unit started later, and its callers with it.
Wants=nocontactd.socket
After=nocontactd.socket

[Service]
Type=notify
# A new install has no state directory yet, and the sandbox makes the home directory read-only
# (ReadWritePaths= needs the directory to exist): "+" creates it outside the sandbox.
ExecStartPre=+mkdir -p -m 0700 "%h/.local/state/nocontact"
ExecStart=/usr/local/bin/nocontactd
ExecReload=kill -HUP $MAINPID
Restart=on-failure
RestartSec=5s
# A config error (exit 2) needs a person, not a restart loop.
RestartPreventExitStatus=2
# Whatever it creates (the journal database, files its commands write) is yours alone.
UMask=0077

# Where it writes. StateDirectory= is not used: systemd 252 maps it to ~/.config in user units,
# not to $XDG_STATE_HOME. If you moved XDG_STATE_HOME, add it with ReadWritePaths= in a drop-in.
ReadWritePaths=%h/.local/state/nocontact
# %t/nocontact holds the control socket (nocontactd.socket creates it too). Kept when the
# daemon stops, because the socket unit's socket lives in it.
RuntimeDirectory=nocontact
RuntimeDirectoryMode=0700
RuntimeDirectoryPreserve=yes

# Everything else read-only: /usr, /etc and the rest of the file system (strict), and the home
# directories and /run/user. Read-only rather than hidden: the daemon reads its config there,
# the answer terminal reads your shell and editor settings and, for X11, ~/.Xauthority, and the
# session bus, Wayland and X11 sockets can still be connected to.
ProtectSystem=strict
ProtectHome=read-only
# A private /tmp and /var/tmp, with the X11 display sockets bound in read-only: under X11 the
# answer terminal needs /tmp/.X11-unix/X0, or the abstract socket that PrivateNetwork=no keeps
# reachable. An Xauthority file kept in /tmp (SDDM 0.20 and later; not
# Debian 12's) is hidden: there, add PrivateTmp=no and ReadWritePaths=/tmp in a drop-in.
PrivateTmp=yes
BindReadOnlyPaths=-/tmp/.X11-unix
# Needed in a user unit for the mount, device and capability settings to take effect (see
# above). Other users' files and processes appear as "nobody": the daemon only touches its own,
# and the answer terminal cannot use sudo (NoNewPrivileges= rules that out anyway).
PrivateUsers=yes
# Only null, zero, random, the terminal and pseudo-terminals: enough for a terminal window.
PrivateDevices=yes
PrivateMounts=yes
# The daemon and its commands use Unix sockets only: the journal, the session bus, the control
# socket, X11 and Wayland. No network: nothing you write leaves this machine through nocontactd.
# A [delivery] command that needs the network (e.g. a push to your phone) needs
# RestrictAddressFamilies=AF_INET AF_INET6 in a drop-in.
RestrictAddressFamilies=AF_UNIX
# No IPAddressDeny=: a user manager cannot attach the BPF firewall and warns about it ("unit
# configures an IP firewall, but not running as root") at every start; with no Internet sockets
# allowed above it would only be a second lock on the same door.
# Not PrivateNetwork=yes: RestrictAddressFamilies= already keeps the network out, and a private
# network namespace would also cut the abstract Unix sockets the desktop uses (X11 displays,
# IBus and Fcitx input methods in the answer terminal, dbus-launch session buses).
PrivateNetwork=no

NoNewPrivileges=yes
CapabilityBoundingSet=
KeyringMode=private
ProtectClock=yes
ProtectControlGroups=yes
ProtectHostname=yes
ProtectKernelLogs=yes
ProtectKernelModules=yes
ProtectKernelTunables=yes
# Hides other users' processes where the manager can mount a new /proc; a user manager cannot
# (no PID namespace of its own) and falls back to the host's /proc, so this costs nothing.
ProtectProc=invisible
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
# Swift compiles ahead of time: the daemon never needs memory that is writable and executable.
# Its commands inherit this (see the top of the file for programs with a JIT).
MemoryDenyWriteExecute=yes
SystemCallArchitectures=native
# The daemon's system calls (files, sockets, timers, threads, posix_spawn for its commands) are
# all in @system-service, and none of them is privileged. Dispatch's worker threads do call
# setpriority() (@resources) for their quality of service: refused with EPERM, they keep the
# normal priority, as a user's process does anyway. EPERM rather than the default (killing the
# process) is what makes that safe, and lets a command that tries such a call carry on.
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
SystemCallErrorNumber=EPERM
# libdispatch logs every refused priority change ("Failed to set thread priority for worker
# thread: ... errno=1"), 2-3 lines at each start, delivery and stop: half of what nocontactd wrote
# to the journal. Allowing setpriority would not silence it: its event thread asks for nice -4,
# which no unprivileged process gets (errno=13, at every start). So libdispatch does not log;
# nocontactd's own messages, and a crash's exit status and core dump, are unaffected.
Environment=LIBDISPATCH_LOG=NO

[Install]
WantedBy=default.target
# `systemctl --user enable nocontactd` enables the socket too (and disable disables both).
Also=nocontactd.socket

"""#

    static let socket = #"""
# nocontactd's control socket. systemd listens on it from the start of your session, so
# `nocontact` never races the daemon's start, and connections wait (rather than fail) while the
# daemon restarts. The daemon adopts the socket (sd_listen_fds) and never removes it.
# `nocontact install` (or `make install`) copies it next to nocontactd.service.
#
# The daemon must run all the time to deliver prompts on time, so nocontactd.service is enabled
# as well (Also= below): this socket does not replace starting it at login.

[Unit]
Description=nocontact control socket
Documentation=man:nocontactd(8) https://github.com/nocontact/nocontact

[Socket]
# The same path as the daemon's default ([socket] path = "%t/nocontact/control.socket"); a
# different path in the config needs the same change here (systemctl --user edit nocontactd.socket).
ListenStream=%t/nocontact/control.socket
SocketMode=0600
DirectoryMode=0700
# Stopping it (or `nocontact uninstall`) leaves no socket file behind.
RemoveOnStop=yes

[Install]
WantedBy=sockets.target
Also=nocontactd.service

"""#

    static let configTemplate = #"""
# nocontact: your config, written by `nocontact install`.
#
# Every setting is commented out except the prompt times, so nocontactd runs exactly as with no
# config file at all: one open-ended period named "them" that starts the first time it runs,
# prompts at 09:00 and 21:00. To make a setting yours, remove the "#" in front of it (and of its
# [table] line) and change the value. `nocontact check` then tells you about any mistake (file,
# line and column), and `systemctl --user reload nocontactd` applies it.
#
# "#key = value" is a setting you can turn on; "# text" explains the setting below it.

# The time zone in which days are counted and prompts fall due.
# Default: the system's time zone.
#timezone = "Europe/Berlin"

# One [[period]] table per person you are giving space to (usually just one).
# Without any [[period]], the built-in open-ended period "them" is used.
#[[period]]
# Required: who you are giving space to. Shown in messages and used by `--period`.
#name = "Sam"
# Required: the day of the last contact, as a date without quotes (YYYY-MM-DD), or a
# date and time like 2026-11-20T18:30:00. The start date is day 1.
#start = 2026-11-20
# How many days of no contact you chose (21, 30, 45, 60 and 90 are common).
# Leave it out for an open-ended period.
#days = 30
# The days on which a milestone is marked.
# Default: 1, 3, 7, 14, 21, 30, 45, 60, 90, those within the period's length.
#milestones = [3, 7, 14, 21, 30]
# Kinds of necessary logistics contact (one lowercase word each) that never break the
# period, e.g. arranging things about children you share, or bills. If you still live under
# one roof, add "home": talk at home is never a slip, and prompts for sharing a home come in.
#allow = ["children", "bills"]

[prompts]
# When reflection prompts arrive, in systemd's calendar syntax (systemd.time(7), as in
# OnCalendar=): "08:30", "Mon..Fri 21:00", "Sat,Sun 10:00". `nocontact calendar EXPR` shows
# when one falls due. Default: ["09:00"].
schedule = ["09:00", "21:00"]
# How prompts are chosen: "phased" follows the stage of the period, "sequential" walks the
# library in order, "shuffle" is a fixed random order. Default: "phased".
#order = "phased"
# Whether the built-in prompts are used as well as your own [[prompt]]s. Default: true.
#builtin = true
# Prompts that fell due while the computer was off or asleep: "none", "latest" (only the
# most recent one) or "all". Default: "latest".
#catch_up = "latest"
# A daily window in which nothing arrives; what falls due in it waits until it ends.
# Default: none.
#quiet = "22:30-07:30"
# "This relationship hurt me." If you left someone who hurt, frightened or controlled you,
# set this to true: no prompt will ask you to see their side, look for your own fault,
# apologise or plan a gesture, and prompts about your safety, your boundaries and what was
# done to you come instead. Nothing you write is read to decide this; it is only your
# choice. `nocontact support` shows where to turn if you are in danger. Default: false.
#hurt = false
# Situations you are in, for prompts written for them: "apology-declined" (you already
# apologised and the answer was no), "new-partner" (they are seeing someone new),
# "friends-offer" (they offered to stay friends). Default: none.
#situations = []

# Your own prompts, added to the library. Repeat the table for each one.
#[[prompt]]
# Required: the question or small suggestion, in your own words.
#text = "What did I learn today about how I listen?"
# Required: one of space, self-care, apology, understanding, change, growth, actions,
# listening, gesture, acceptance.
#theme = "listening"
# Only on these days of a period, as "first..last" or a single day number.
#days = "8..30"

#[delivery]
# Write each prompt and milestone to the systemd journal (journalctl --user -t nocontactd).
# Default: true.
#journal = true
# Show them as desktop notifications when a session bus is there. Default: true.
#desktop = true
# Also run this command for each delivery: a program and its arguments, no shell.
# {title}, {body}, {kind}, {day} and {period} are replaced. Default: none.
#command = ["notify-send", "{title}", "{body}"]
# What clicking "Answer" on a desktop notification runs (a program and its arguments, no
# shell). Default: ["x-terminal-emulator", "-e", "nocontact", "reflect"].
#answer = ["x-terminal-emulator", "-e", "nocontact", "reflect"]
# Discreet mode, for a shared or watched screen or a home you share with them: no name in
# any notification, journal entry or command, neutral notification titles, and the period
# shown as "period-1" (its place in this file). Default: false.
#discreet = false

#[socket]
# Answer the `nocontact` command over a private Unix socket. Default: true.
#enabled = true
# Where the socket lives: %t is $XDG_RUNTIME_DIR, %h your home directory.
# Default: "%t/nocontact/control.socket".
#path = "%t/nocontact/control.socket"

# Your own people and lines for hard moments, shown by `nocontact support` and when an urge is
# overwhelming. nocontact ships no phone numbers: they differ by country and go out of date.
#[support]
# People you trust, and how to reach them. At most 20.
#people = [{ name = "Alex", how = "call or text 0170 1234567" }]
# Lines or services you chose, written as you want to read them. At most 20.
#lines = ["Samaritans (UK and Ireland): 116 123"]

"""#
}
