"""Shared helpers for tests that run vigil-collector: the process on a loopback port, its CLI, CURVE keys."""
import json
import os
import re
import signal
import subprocess

import harness


class Collector:
    """A vigil-collector process on an ephemeral loopback port; its stderr goes to a file."""

    def __init__(self, test, workdir, config):
        self.path = os.path.join(workdir, "collector.yaml")
        with open(self.path, "w") as f:
            f.write(config)
        self.log = os.path.join(workdir, "collector-%d.log" % len(os.listdir(workdir)))
        self.err = open(self.log, "w")
        self.proc = subprocess.Popen([harness.binary("vigil-collector"), "--config", self.path],
                                     stdout=subprocess.DEVNULL, stderr=self.err, cwd=workdir)
        test.addCleanup(self.stop)
        self.endpoint = None
        for _ in range(200):
            with open(self.log) as f:
                m = re.search(r"listening on (tcp://[^\s,]+)", f.read())
            if m:
                self.endpoint = m.group(1)
                break
            if self.proc.poll() is not None:
                raise AssertionError("collector exited: " + open(self.log).read())
            subprocess.run(["sleep", "0.05"])
        assert self.endpoint, "collector did not start: " + open(self.log).read()

    def kill(self):
        """kill -9: no flush, no goodbye; what the database committed is all that survives."""
        self.proc.kill()
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.err.close()
        with open(self.log) as f:
            return f.read()


def collector_cli(workdir, *args, database=None):
    """Runs a vigil-collector subcommand on workdir/c.db (or `database`); its stdout as JSON lines."""
    database = database or "sqlite:" + os.path.join(workdir, "c.db")
    proc = subprocess.run([harness.binary("vigil-collector"), "--database", database, *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError("vigil-collector %s: %s" % (" ".join(args), proc.stderr))
    return [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]


def make_keys(workdir, sensors=("s1",), others=()):
    """collector.key/.pub in workdir, each sensor's pair in workdir/sensors (the allowlist), others in workdir."""
    keygen = harness.binary("vigil-keygen")
    os.makedirs(os.path.join(workdir, "sensors"), exist_ok=True)
    subprocess.run([keygen, "--dir", workdir, "collector"], check=True, stdout=subprocess.DEVNULL)
    for name in sensors:
        subprocess.run([keygen, "--dir", os.path.join(workdir, "sensors"), name], check=True,
                       stdout=subprocess.DEVNULL)
    for name in others:
        subprocess.run([keygen, "--dir", workdir, name], check=True, stdout=subprocess.DEVNULL)
