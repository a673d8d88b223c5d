#!/usr/bin/python3
"""A stand-in desktop notification daemon for tests.

Owns org.freedesktop.Notifications on the session bus (run it inside `dbus-run-session`) and
appends every Notify call to the file named on the command line, one JSON object a line:
{"id": n, "app": ..., "summary": ..., "body": ..., "actions": [...], "urgency": n}. It prints
"ready" on stdout once it owns the name, so a test knows when to start. A test clicks a
notification by writing its id to the log's name with ".click" after it: the daemon then signals
its default action, as a desktop does when the person clicks it.
"""
import os
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Daemon(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, PATH)
        self.log = log
        self.next_id = 0

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        self.next_id += 1
        urgency = hints.get("urgency")
        record = {
            "id": self.next_id,
            "app": str(app),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
            "urgency": int(urgency) if urgency is not None else None,
        }
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return dbus.UInt32(self.next_id)

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("baton-test-notifyd", "baton", "1", "1.2")

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, id):
        self.NotificationClosed(id, 3)

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, id, reason):
        pass

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, id, action):
        pass

    def clicks(self):
        """Signals the default action of the notification a test asked to click."""
        path = self.log + ".click"
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                wanted = f.read().strip()
            os.remove(path)
            if wanted:
                self.ActionInvoked(dbus.UInt32(int(wanted)), "default")
        return True


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    daemon = Daemon(bus, sys.argv[1])
    GLib.timeout_add(100, daemon.clicks)
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name, daemon


if __name__ == "__main__":
    main()
