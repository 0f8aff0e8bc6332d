"""dev.py finds a Python 3.12+ for the project, or says clearly there is none."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_finds_an_interpreter_new_enough_for_django_6(dev):
    python = dev.find_python()
    out = subprocess.run(
        [python, "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "True"


def test_says_clearly_when_no_interpreter_is_new_enough(dev, monkeypatch, capsys):
    monkeypatch.setattr(dev, "MINIMUM", (3, 99))
    with pytest.raises(SystemExit) as exit_:
        dev.find_python()
    assert "no Python 3.99 or newer found" in str(exit_.value)


def test_reads_the_dependencies_from_pyproject(dev):
    requirements = dev.dependencies()
    assert any(r.startswith("django>=6.1") for r in requirements)
    assert any(r.startswith("pytest-django") for r in requirements)


QUEUE_AN_EMAIL = """
from outbox import services
services.queue_message(to="reader@example.org", subject="Sent by the dev worker",
    body="Hello")
"""


def test_serve_starts_the_email_worker_beside_the_server(tmp_path):
    import os
    import signal
    import socket
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen(
        [sys.executable, "dev.py", "serve", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail((tmp_path / "serve.log").read_text())
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", QUEUE_AN_EMAIL],
            cwd=ROOT,
            env=env | {"DJANGO_DEBUG": "true"},
            check=True,
            capture_output=True,
        )
        # The console mailer prints what the worker sends.
        for _ in range(120):
            if (
                "Subject: Sent by the dev worker"
                in (tmp_path / "serve.log").read_text()
            ):
                break
            time.sleep(0.5)
        else:
            pytest.fail((tmp_path / "serve.log").read_text())
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl+C, as a developer stops it
        serve.wait(timeout=30)
        log.close()
    assert "starting the email worker" in (tmp_path / "serve.log").read_text()
