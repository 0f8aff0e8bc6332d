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
