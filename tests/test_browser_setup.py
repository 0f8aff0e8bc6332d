"""Browser tests never vanish in CI: a Playwright that does not import fails."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_broken_playwright_fails_the_browser_tests_in_ci(tmp_path):
    broken = tmp_path / "playwright"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise ImportError('broken on purpose')\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_smoke.py",
        ],
        cwd=ROOT,
        env=os.environ | {"CI": "true", "PYTHONPATH": f"{tmp_path}:{ROOT}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "Playwright does not import: broken on purpose" in result.stdout
    assert " skipped" not in result.stdout.splitlines()[-1]
