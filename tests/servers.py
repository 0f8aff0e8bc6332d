"""Throwaway servers for tests: PostgreSQL, Redis, gunicorn, an S3 fake.

Each is a real process on a loopback port picked free at start, stopped when
the test ends; ``stop()`` and ``start()`` let a test take one away and bring
it back. PostgreSQL refuses to run as root, so as root it runs as the
``postgres`` user, as ``.ci/run`` does.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, *, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered on port {port}")


def postgres_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else shutil.which(name)


class Redis:
    def __init__(self):
        binary = shutil.which("redis-server")
        require(binary, "redis-server is not installed (Debian package redis-server)")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Postgres:
    """A cluster of its own, trust authentication, user ``shop``."""

    def __init__(self):
        initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
        require(initdb and pg_ctl, "PostgreSQL's initdb is not installed")
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="shop-test-pg-"))
        self.url = f"postgres://shop@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        self._run(self.initdb, "-D", self.dir / "data", "-U", "shop")

    def _run(self, *args):
        args = [str(a) for a in args]
        if args[0] == self.initdb:
            args += ["--auth=trust", "--no-sync"]
        if os.geteuid() == 0:
            args = [
                "su",
                "postgres",
                "-s",
                "/bin/sh",
                "-c",
                " ".join(f"'{a}'" for a in args),
            ]
        subprocess.run(args, check=True, capture_output=True, timeout=120)

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=100"
        )
        self._run(
            self.pg_ctl,
            "-D",
            self.dir / "data",
            "-l",
            self.dir / "server.log",
            "-w",
            "-o",
            options,
            "start",
        )
        return self

    def stop(self):
        self._run(self.pg_ctl, "-D", self.dir / "data", "-m", "immediate", "stop")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)

    def database_url(self, name):
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def create_database(self, name):
        import psycopg

        url = self.url.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


def manage(env, *args, timeout=300):
    """Run ``manage.py`` with ``env``; return its stdout, failing on an error."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shop_env(**overrides):
    """Return an environment for a shop process run by a test."""
    env = dict(os.environ)
    # Set for Playwright in this process; a server must keep Django's guard.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="shop.test_settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        STRIPE_SECRET_KEY="",
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class Gunicorn:
    def __init__(self, env, log_path, *, workers=2, threads=8):
        self.env, self.log_path = env, log_path
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:shop.gunicorn", "shop.wsgi"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
            + ["--threads", str(self.threads), "--timeout", "60"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=5)
                return self
            except (OSError, urllib.error.URLError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(Path(self.log_path).read_text())

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
            self.log.close()


class S3Fake:
    """moto's S3 server on a loopback port: real HTTP for the real boto3."""

    def __init__(self):
        try:
            from moto.server import ThreadedMotoServer
        except ImportError:  # pragma: no cover - a dependency of the tests
            require(False, "moto[server] is not installed")
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(
            ip_address="127.0.0.1", port=self.port, verbose=False
        )

    def start(self):
        self.server.start()
        wait_for_port(self.port)
        return self

    def stop(self):
        self.server.stop()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
            region_name="eu-west-2",
        )

    def storage_settings(self, bucket):
        """Return STORAGES["default"] as settings.py builds it from S3_* variables."""
        from django.conf import settings

        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint,
                "access_key": "test-key",
                "secret_key": "test-secret",
                "region_name": "eu-west-2",
                "custom_domain": None,
                "querystring_auth": False,
                "default_acl": None,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": settings.MEDIA_CACHE_CONTROL},
            },
        }
