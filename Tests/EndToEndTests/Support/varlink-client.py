#!/usr/bin/env python3
# Talks to nocontactd through the reference varlink library (python varlink 31.0.0, the venv in
# NOCONTACT_PYTHON), for VarlinkInteropEndToEndTests and ControlSocketEndToEndTests:
#     varlink-client.py ADDRESS members INTERFACE   the scanner's view: [[kind, name], ...]
#     varlink-client.py ADDRESS ok                  Days() and Upcoming(3), as JSON
#     varlink-client.py ADDRESS invalid             Upcoming(0) caught: the error, exit 3
#     varlink-client.py ADDRESS uncaught            Upcoming(0) not caught: a traceback
#     varlink-client.py ADDRESS watch N             the first N replies of Watch, as JSON
import json
import sys

import varlink

address, mode = sys.argv[1], sys.argv[2]
client = varlink.Client.new_with_address(address)

if mode == "members":
    kinds = {"_Method": "method", "_Alias": "type", "_Error": "error"}
    interface = client.get_interface(sys.argv[3])
    print(json.dumps([[kinds.get(type(value).__name__, type(value).__name__), name]
                      for name, value in interface.members.items()]))
    sys.exit(0)

with client.open("io.nocontact") as service:
    if mode == "ok":
        print(json.dumps({"days": service.Days(), "upcoming": service.Upcoming(3)}))
    elif mode == "invalid":
        try:
            service.Upcoming(0)
        except varlink.InvalidParameter as error:
            print(json.dumps(error.as_dict()))
            sys.exit(3)
    elif mode == "uncaught":
        service.Upcoming(0)
    elif mode == "watch":
        replies = []
        for reply in service.Watch(_more=True):
            replies.append(reply)
            if len(replies) == int(sys.argv[3]):
                break
        print(json.dumps(replies))
    else:
        sys.exit("unknown mode " + mode)
