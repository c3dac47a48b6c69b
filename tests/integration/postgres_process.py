"""A throwaway PostgreSQL server for integration tests: initdb (cached template) + pg_ctl on a Unix socket."""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

BIN = "/usr/lib/postgresql/15/bin"
# Shared with the store unit tests (tests/unit/collector/store/postgres_server.h): one initdb per machine.
TEMPLATE = "/tmp/vigil-store-pg-template-15-v1"


def missing_prerequisite():
    """Why no server can be started here (the test then skips), or None."""
    if not all(os.access(os.path.join(BIN, b), os.X_OK) for b in ("initdb", "pg_ctl")):
        return "PostgreSQL 15 binaries not found in " + BIN
    try:
        pg = pwd.getpwnam("postgres")
    except KeyError:
        return "no 'postgres' user to run a throwaway PostgreSQL server"
    if os.geteuid() not in (0, pg.pw_uid):
        return "starting a throwaway PostgreSQL server needs root or the postgres user"
    return None


def _as_postgres(args):
    return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + args


def _postgres_dir(prefix):
    """A 0755 directory the postgres user owns (it cannot traverse a 0700 mkdtemp dir under /root)."""
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else "/tmp"
    d = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(d, 0o755)
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(d, pg.pw_uid, pg.pw_gid)
    return d


def _template():
    if os.path.exists(os.path.join(TEMPLATE, "data", "PG_VERSION")):
        return os.path.join(TEMPLATE, "data")
    candidate = _postgres_dir("vigil-store-pg-template-")
    subprocess.run(_as_postgres([os.path.join(BIN, "initdb"), "-D", candidate + "/data", "-A", "trust", "-U",
                                 "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        os.rename(candidate, TEMPLATE)  # concurrent tests race; one rename wins
    except OSError:
        shutil.rmtree(candidate, ignore_errors=True)
    return os.path.join(TEMPLATE, "data")


class PostgresServer:
    """Started by the constructor, stopped (immediate) and deleted by the test's cleanup."""

    def __init__(self, test):
        template = _template()
        self.dir = _postgres_dir("vigil-it-pg-")
        test.addCleanup(self.stop)
        subprocess.run(_as_postgres(["cp", "-a", template, self.dir + "/data"]), check=True)
        with socket.socket() as s:  # a number unlikely to clash with another server's socket name
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        options = "-p %d -k %s -c listen_addresses='' -c fsync=off" % (self.port, self.dir)
        subprocess.run(_as_postgres([os.path.join(BIN, "pg_ctl"), "-D", self.dir + "/data", "-l",
                                     self.dir + "/server.log", "-w", "-t", "30", "-o", options, "start"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.running = True

    def url(self, database="postgres"):
        """The collector's database setting: libpq key/value conninfo behind "postgres:"."""
        return "postgres:host=%s port=%d user=postgres dbname=%s" % (self.dir, self.port, database)

    def stop(self):
        if self.running:
            subprocess.run(_as_postgres([os.path.join(BIN, "pg_ctl"), "-D", self.dir + "/data", "-m", "immediate",
                                         "-w", "stop"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
