#!/usr/bin/python3
# Run by /usr/bin/python3 (readable by every user, unlike a venv under /root), possibly as
# another uid: connects to the socket in argv[1], sends GetInfo and reports what came back: a
# whole reply, or nothing before the daemon closed the connection. For ControlSocketEndToEndTests.
import os
import socket
import sys

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
try:
    s.connect(sys.argv[1])
except OSError as error:
    print("uid=%d connect-errno=%d" % (os.getuid(), error.errno))
    sys.exit(0)
try:
    s.sendall(b'{"method":"org.varlink.service.GetInfo"}\0')
except OSError:
    pass  # the daemon may have closed the connection already
data = b""
try:
    outcome = "closed"
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if b"\0" in data:
            outcome = "replied"
            break
except ConnectionResetError:
    outcome = "closed"
except socket.timeout:
    outcome = "timeout"
print("uid=%d connected outcome=%s bytes=%d %r" % (os.getuid(), outcome, len(data), data))
