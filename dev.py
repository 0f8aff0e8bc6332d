#!/usr/bin/env python3
"""Set up and run the shop for development, with nothing but Python 3.12+.

    python3 dev.py serve    # venv, dependencies, migrate, demo data, the email
                            # worker, and http://127.0.0.1:8000
    python3 dev.py test     # the whole test suite (extra arguments go to pytest)
    python3 dev.py setup    # only create .venv and install the dependencies

Runs under any Python 3; it finds a 3.12+ interpreter on PATH or in pyenv
for the project's virtual environment in ``.venv``.
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
MINIMUM = (3, 12)


def say(message):
    print(f"dev.py: {message}", flush=True)


def version_of(executable):
    """Return the interpreter's (major, minor), or None if it does not run."""
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None  # e.g. a pyenv shim for a version that is not selected
    major, minor = out.stdout.split()
    return int(major), int(minor)


def candidates():
    if sys.version_info[:2] >= MINIMUM:
        yield sys.executable
    for minor in range(20, MINIMUM[1] - 1, -1):
        found = shutil.which(f"python3.{minor}")
        if found:
            yield found
    pyenv_root = os.environ.get("PYENV_ROOT") or ""
    if not pyenv_root and shutil.which("pyenv"):
        pyenv_root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True
        ).stdout.strip()
    roots = [pyenv_root, str(Path.home() / ".pyenv")]
    for root in filter(None, roots):
        pattern = os.path.join(root, "versions", "3.*", "bin", "python3")
        yield from sorted(glob.glob(pattern), reverse=True)
    for name in ("python3", "python"):
        found = shutil.which(name)
        if found:
            yield found


def find_python():
    best = None
    for executable in candidates():
        version = version_of(executable)
        if version and version >= MINIMUM and (best is None or version > best[1]):
            best = (executable, version)
    if best is None:
        wanted = ".".join(map(str, MINIMUM))
        sys.exit(
            f"dev.py: no Python {wanted} or newer found (looked on PATH for "
            f"python{wanted}+ and in pyenv's versions). Install Python {wanted}+ "
            "and run this again."
        )
    return best[0]


def dependencies():
    """Return the runtime and test requirements named in pyproject.toml."""
    import tomllib  # the venv's Python is 3.12+; only reached from there

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return data["project"]["dependencies"] + data["dependency-groups"]["test"]


def ensure_venv():
    if not PYTHON.exists() or (version_of(str(PYTHON)) or (0, 0)) < MINIMUM:
        python = find_python()
        say(f"creating .venv with {python}")
        if VENV.exists():
            shutil.rmtree(VENV)
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / ".requirements-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing dependencies into .venv")
    requirements = subprocess.run(
        [str(PYTHON), str(Path(__file__)), "_print-requirements"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    pip = [
        str(PYTHON),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run(pip + [r for r in requirements if r], check=True)
    stamp.write_text(wanted)


def manage(*args, env):
    subprocess.run([str(PYTHON), "manage.py", *args], check=True, cwd=ROOT, env=env)


def serve(args):
    env = dict(os.environ)
    env.setdefault("DJANGO_DEBUG", "true")
    manage("migrate", "--no-input", env=env)
    manage("load_demo", "--if-empty", env=env)
    address = args[0] if args else "127.0.0.1:8000"
    # Emails are queued in the database and sent by the task worker, as in
    # production; it reloads on code changes like runserver.
    manage("requeue_emails", env=env)
    say("starting the email worker (manage.py db_worker)")
    worker = subprocess.Popen(
        [str(PYTHON), "manage.py", "db_worker"], cwd=ROOT, env=env
    )
    say(f"serving the shop on http://{address}/ (Ctrl+C stops it)")
    try:
        manage("runserver", address, env=env)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def test(args):
    env = dict(os.environ)
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main():
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command == "_print-requirements":
        print("\n".join(dependencies()))
        return
    commands = {"serve": serve, "test": test, "setup": lambda args: None}
    if command not in commands:
        sys.exit(__doc__)
    ensure_venv()
    commands[command](args)


if __name__ == "__main__":
    main()
