"""Production settings come from the environment with safe defaults."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    for name in ("DATABASE_URL", "EMAIL_URL", "SHOP_URL"):
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "shop.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def production_environment():
    """The production environment exactly as the README documents it."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"The production environment.*?```sh\n(.*?)```", readme, re.S)
    pairs = [
        line.split("=", 1)
        for line in block.group(1).splitlines()
        if line and not line.startswith("#")
    ]
    # The one value the operator makes up.
    return dict(pairs) | {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}


def test_the_documented_production_environment_passes_the_deploy_check():
    environment = production_environment()
    assert set(environment) >= {"EMAIL_URL", "SHOP_URL", "DJANGO_ALLOWED_HOSTS"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues (0 silenced)" in result.stdout


def test_production_has_hsts_for_a_year_with_subdomains_and_preload():
    script = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    )
    result = run_manage("shell", "-c", script, **production_environment())
    last = result.stdout.strip().splitlines()[-1]
    assert last.split() == ["31536000", "True", "True", "True", "True"]


def test_turning_off_hsts_subdomains_is_a_decision_the_check_accepts():
    environment = production_environment() | {
        "DJANGO_HSTS_SUBDOMAINS": "false",
        "DJANGO_HSTS_PRELOAD": "false",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stderr + result.stdout
    environment["DJANGO_HSTS_SECONDS"] = "0"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode != 0 and "security.W004" in result.stderr


@pytest.mark.parametrize(
    "name, says",
    [
        ("EMAIL_URL", "EMAIL_URL=smtp+tls://user:password@smtp.example.org:587"),
        ("SHOP_URL", "SHOP_URL=https://shop.example.org"),
        ("DJANGO_SECRET_KEY", "secrets.token_urlsafe(50)"),
    ],
)
def test_a_missing_production_setting_stops_start_up_saying_what_to_set(name, says):
    environment = production_environment()
    del environment[name]
    for command in (["migrate", "--check"], ["check"]):
        result = run_manage(*command, **environment)
        assert result.returncode != 0
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith(f"django.core.exceptions.ImproperlyConfigured: {name}")
        assert f"{name} is not set" in last and says in last


def test_an_explicit_console_mailer_is_allowed_in_production():
    environment = production_environment() | {"EMAIL_URL": "consolemail://"}
    assert run_manage("check", **environment).returncode == 0
