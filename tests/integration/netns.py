"""A network namespace with a veth pair for live-capture tests, and the comparable form of an events file."""
import json
import os
import subprocess
import time


def events_of(path):
    with open(path) as f:
        return sorted((e["classification.identifier"], e.get("source.ip", ""), e.get("destination.ip", ""))
                      for e in map(json.loads, filter(str.strip, f)))


class Namespace:
    """A network namespace with a veth pair va <-> vb, IPv6 off (no router solicitations on the wire)."""

    def __init__(self, test):
        self.name = "vigil-it-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        test.addCleanup(lambda: subprocess.run(["ip", "netns", "del", self.name], capture_output=True))
        for cmd in (["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"],
                    ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"],
                    ["ip", "link", "set", "va", "up"], ["ip", "link", "set", "vb", "up"]):
            self.run(*cmd, check=True)

    def run(self, *cmd, **kw):
        return subprocess.run(["ip", "netns", "exec", self.name, *cmd], capture_output=True, text=True, **kw)

    def popen(self, *cmd, **kw):
        return subprocess.Popen(["ip", "netns", "exec", self.name, *cmd], **kw)


def wait_for_capture(err_path, sensor, timeout=60):
    """Waits until the sensor says it is capturing (its sources are open and the workers run)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(err_path) as f:
            if "vigil-sensor: capturing from" in f.read():
                return
        if sensor.poll() is not None:
            with open(err_path) as f:
                raise AssertionError("the sensor exited before capturing: " + f.read())
        time.sleep(0.05)
    raise AssertionError("the sensor did not start capturing within %d s" % timeout)
