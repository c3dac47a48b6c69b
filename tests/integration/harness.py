"""Shared helpers for integration tests: locating binaries, running them, reading --stats JSON, skipping."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("VIGIL_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "bin"))
SHARED = os.environ.get("VIGIL_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
PCAPS = os.path.join(SHARED, "pcaps")
SKIP = 77


def binary(name):
    return os.path.join(BIN, name)


def sensor(*args, stdin=None, input_bytes=None, check=False, timeout=300):
    """Runs vigil-sensor; returns CompletedProcess with text stdout/stderr."""
    proc = subprocess.run([binary("vigil-sensor"), *args], stdin=stdin, input=input_bytes,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise AssertionError("vigil-sensor %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr))
    return proc


def stats_of(proc):
    """The --stats object: the last line of stderr, which must be one JSON object."""
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert lines, "no output on stderr"
    return json.loads(lines[-1])


def temp_dir(test):
    d = tempfile.TemporaryDirectory(prefix="vigil-it-")
    test.addCleanup(d.cleanup)
    return d.name


def main():
    """Runs the module's unittest cases; exits 77 when every test was skipped."""
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.testsRun > 0 and len(r.skipped) == r.testsRun:
        sys.exit(SKIP)
    sys.exit(0)
