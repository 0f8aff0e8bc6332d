"""The code keeps the house style: ruff's lint rules and formatting (pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args):
    executable = Path(sys.executable).with_name("ruff")
    if not executable.exists():
        found = shutil.which("ruff")
        if found is None:
            pytest.fail("ruff is missing: `python3 dev.py test` installs it")
        executable = Path(found)
    return subprocess.run(
        [str(executable), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_ruff_finds_no_lint_errors():
    result = ruff("check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_merge_conflict_markers_are_committed():
    # Parallel branches meet often; a marker left in a README or a template
    # would otherwise ship unnoticed (ruff sees only Python).
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".html", ".txt", ".css", ".js", ""}:
            continue
        try:
            lines = path.read_text().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found += [
            f"{name}:{number}"
            for number, line in enumerate(lines, 1)
            if line.startswith(("<<<<<<< ", ">>>>>>> "))
        ]
    assert not found
