#!/usr/bin/python3
"""Opens one page in WebKitGTK (the engine Safari runs: WebKit's own CORS, fetch and EventSource
code) and keeps it open until it is terminated. The conformance suite's WebKit runner starts it
per case, under Xvfb, with a fresh profile (no cookies, cache or storage from another
case: the runner points XDG_DATA_HOME/XDG_CACHE_HOME/XDG_CONFIG_HOME at a fresh directory).

Console messages are WebKit's own: the "write console messages to stdout" setting prints them
from the web process, whose stdout is this process's; stdout is pointed at stderr first, so the
runner reads them where it reads every browser's (lines starting with "CONSOLE ").

usage: webkit-page.py URL
"""
import os
import signal
import sys

os.dup2(2, 1)  # the web process inherits fd 1: its console lines go to stderr

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main():
    if len(sys.argv) != 2:
        print("usage: webkit-page.py URL", file=sys.stderr)
        return 2
    url = sys.argv[1]

    # The default context, whose data lives under the XDG directories the runner makes fresh for
    # every case. (An ephemeral or second context loses the console-to-stdout lines in
    # WebKitGTK 2.50: seen here.)
    context = WebKit2.WebContext.get_default()
    # WebKitGTK's default, stated rather than left to chance: no third-party cookies.
    context.get_website_data_manager().get_cookie_manager().set_accept_policy(
        WebKit2.CookieAcceptPolicy.NO_THIRD_PARTY)

    view = WebKit2.WebView.new_with_context(context)
    settings = view.get_settings()
    settings.set_enable_write_console_messages_to_stdout(True)
    settings.set_enable_developer_extras(False)

    window = Gtk.Window()
    window.set_default_size(800, 600)
    window.add(view)
    window.show_all()

    signal.signal(signal.SIGTERM, lambda *_: Gtk.main_quit())
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: Gtk.main_quit() or False)
    view.connect("web-process-terminated", lambda *_: Gtk.main_quit())
    view.load_uri(url)
    Gtk.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
