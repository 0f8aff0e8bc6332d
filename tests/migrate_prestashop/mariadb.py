"""A throwaway MariaDB for the PrestaShop tests and bench (or SHOP_TEST_MARIADB_URL).

The server runs from a temporary data directory on a free port, as the
``mysql`` user when we are root (mariadbd refuses to run as root otherwise),
with grant tables off: it listens on 127.0.0.1 only and is deleted afterwards.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pymysql

ENV = "SHOP_TEST_MARIADB_URL"


def available() -> bool:
    return bool(os.environ.get(ENV)) or bool(
        shutil.which("mariadbd") or Path("/usr/sbin/mariadbd").exists()
    )


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``url`` of a MariaDB server; ``new_database()`` for a fresh empty one."""

    def __init__(self):
        self.process = None
        self.dir = None
        self.url = os.environ.get(ENV, "").rstrip("/")
        if not self.url:
            self._start()

    def _start(self):
        mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
        install = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"
        self.dir = Path(tempfile.mkdtemp(prefix="shop-mariadb-"))
        as_root = os.geteuid() == 0
        user = ["--user=mysql"] if as_root else []
        if as_root:
            shutil.chown(self.dir, "mysql")
        data = self.dir / "data"
        subprocess.run(
            [
                install,
                "--no-defaults",
                f"--datadir={data}",
                "--skip-test-db",
                "--auth-root-authentication-method=normal",
                *user,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        port = _free_port()
        self.process = subprocess.Popen(
            [
                mariadbd,
                "--no-defaults",
                f"--datadir={data}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                f"--socket={self.dir / 'sock'}",
                "--skip-grant-tables",
                "--skip-log-bin",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=64M",
                f"--log-error={self.dir / 'error.log'}",
                *user,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"mysql://root@127.0.0.1:{port}"
        for _ in range(300):
            try:
                pymysql.connect(host="127.0.0.1", port=port, user="root").close()
                return
            except pymysql.MySQLError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        log = (self.dir / "error.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"MariaDB did not start:\n{log[-2000:]}")

    def connect(self, database=None):
        parts = self.url.split("://", 1)[1]
        auth, _, host = parts.rpartition("@")
        user, _, password = auth.partition(":")
        hostname, _, port = host.partition("/")[0].partition(":")
        return pymysql.connect(
            host=hostname,
            port=int(port or 3306),
            user=user or "root",
            password=password,
            database=database,
            charset="utf8mb4",
        )

    def new_database(self):
        """Create an empty database; return ``(name, url)``."""
        name = f"ps16_{uuid.uuid4().hex[:10]}"
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} CHARACTER SET utf8")
        return name, f"{self.url}/{name}"

    def drop_database(self, name):
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
