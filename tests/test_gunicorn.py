"""The settings in ``shop/gunicorn.py``, tried on a real gunicorn."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answer(url):
    try:
        return urllib.request.urlopen(url, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_answers_carry_no_server_banner(tmp_path):
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "shop.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "python:shop.gunicorn", "shop.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                response = _answer(f"http://127.0.0.1:{port}/checkout/stripe/webhook/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError((tmp_path / "gunicorn.log").read_text())
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    assert response.status == 405
    assert response.headers["Allow"] == "POST"
    assert "Server" not in response.headers
    assert "gunicorn" not in str(response.headers).lower()
