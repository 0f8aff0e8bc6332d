"""The deploy recipe in deploy/ and docs/deploy.md, tested as far as this
machine allows: systemd verifies the units, Caddy validates the site, the
documented settings pass ``check --deploy``, and a backup made by the
documented script comes back with the documented restore."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.checkout.test_concurrency import CARD_ORDER, SEED
from tests.conftest import require
from tests.servers import ROOT, Postgres, manage, shop_env

DEPLOY = ROOT / "deploy"
DOC = ROOT / "docs" / "deploy.md"


def read_env_file(path):
    """Read a systemd EnvironmentFile: KEY=VALUE lines, optional quotes."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value.strip('"')
    return values


def test_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    require(analyze, "systemd-analyze is not installed (Debian package systemd)")
    units = sorted((DEPLOY / "systemd").iterdir())
    for unit in units:
        # The units name /srv/shop; here the checkout stands in for it, so
        # systemd can check that each command exists and is executable.
        text = unit.read_text().replace("/srv/shop", str(ROOT))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert {u.name for u in units} >= {
        "shop-web.service",
        "shop-worker.service",
        "shop-expire-orders.timer",
        "shop-purge-carts.timer",
        "shop-backup.timer",
    }


def test_units_run_management_commands_that_exist():
    commands = manage(shop_env(), "help", "--commands").split()
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for name in re.findall(r"manage\.py (\w+)", unit.read_text()):
            assert name in commands, f"{unit.name} runs unknown command {name}"


def test_caddy_site_validates():
    caddy = shutil.which("caddy")
    require(caddy, "caddy is not installed (Debian package caddy)")
    result = subprocess.run(
        [caddy, "validate", "--config", str(DEPLOY / "Caddyfile")]
        + ["--adapter", "caddyfile"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_documented_production_settings_pass_check_deploy():
    env = shop_env(**read_env_file(DEPLOY / "shop.env"))
    env["DJANGO_SETTINGS_MODULE"] = "shop.settings"  # production, not tests
    for relaxed_by_the_test_settings in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_COOKIES",
    ):
        env.pop(relaxed_by_the_test_settings, None)
    env["DJANGO_SECRET_KEY"] = subprocess.run(
        [sys.executable, "-c", "import secrets; print(secrets.token_urlsafe(50))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    out = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in out


def test_the_deploy_guide_names_every_file_in_deploy():
    guide = DOC.read_text()
    files = {p.relative_to(ROOT).as_posix() for p in DEPLOY.rglob("*") if p.is_file()}
    mentioned = set(re.findall(r"deploy/[\w./-]+\w", guide))
    assert files - mentioned == set(), "not in docs/deploy.md"
    assert [m for m in mentioned if not (ROOT / m).exists()] == []
    assert "docs/deploy.md" in (ROOT / "README.md").read_text()


STATE = """
import json
from catalog.models import Product
from checkout.models import Order
print(json.dumps({
    "products": list(Product.objects.values_list("title", "price", "stock")),
    "orders": list(Order.objects.values_list("number", "email", "total")),
}, default=str))
"""


@pytest.fixture
def postgres():
    server = Postgres().start()
    yield server
    server.remove()


def test_backup_then_restore_brings_the_data_back(postgres, tmp_path):
    require(shutil.which("pg_dump"), "pg_dump is not installed")
    env = shop_env(DATABASE_URL=postgres.create_database("shop"))
    manage(env, "migrate", "--no-input")
    manage(env, "shell", "-c", SEED % {"copies": 5})
    manage(env, "shell", "-c", CARD_ORDER)
    before = json.loads(manage(env, "shell", "-c", STATE).splitlines()[-1])
    assert len(before["orders"]) == 1 and before["products"][0][2] == 4

    backups = tmp_path / "backups"
    script_env = env | {"BACKUP_DIR": str(backups)}
    run = subprocess.run(
        [str(DEPLOY / "backup.sh")], env=script_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    [dump] = backups.glob("shop-*.dump")
    assert run.stdout.strip() == str(dump)

    # Disaster: the order is lost and the product changed.
    manage(
        env,
        "shell",
        "-c",
        "from checkout.models import Order; from catalog.models import Product; "
        "Order.objects.all().delete(); Product.objects.update(price=0, stock=0)",
    )
    assert json.loads(manage(env, "shell", "-c", STATE).splitlines()[-1]) != before

    version = (
        "from shop.models import CatalogueVersion as V; print(V.objects.get().version)"
    )
    used = int(manage(env, "shell", "-c", version).splitlines()[-1])

    run = subprocess.run(
        [str(DEPLOY / "restore.sh"), str(dump)],
        env=script_env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(manage(env, "shell", "-c", STATE).splitlines()[-1]) == before
    # Pages cached since the backup are never served for the restored rows.
    assert int(manage(env, "shell", "-c", version).splitlines()[-1]) > used
    # The restored database is whole: the shop's own checks pass on it.
    manage(env, "migrate", "--check")


def test_caddy_serves_covers_and_static_with_cache_headers_and_ids_requests(
    tmp_path,
):
    """The committed site, run over plain HTTP on a loopback port."""
    import urllib.request

    from tests.servers import Gunicorn, free_port, wait_for_port

    caddy = shutil.which("caddy")
    require(caddy, "caddy is not installed (Debian package caddy)")
    media, static = tmp_path / "media", tmp_path / "staticfiles"
    (media / "covers" / "thumbs").mkdir(parents=True)
    (media / "covers" / "thumbs" / "a-png.jpg").write_bytes(b"\xff\xd8cover")
    (static / "css").mkdir(parents=True)
    (static / "css" / "shop.0123456789ab.css").write_text("body{}")
    (static / "css" / "shop.css").write_text("body{}")
    shop = Gunicorn(shop_env(), tmp_path / "gunicorn.log", workers=1).start()
    port = free_port()
    site = (
        (DEPLOY / "Caddyfile")
        .read_text()
        .replace("{\n\temail", "{\n\tadmin off\n\tauto_https off\n\temail")
        .replace("shop.example.org {", f"http://127.0.0.1:{port} {{")
        .replace("/var/log/caddy/shop.log", str(tmp_path / "caddy.log"))
        .replace("/srv/shop/media", str(media))
        .replace("/srv/shop/staticfiles", str(static))
        .replace("127.0.0.1:8000", f"127.0.0.1:{shop.port}")
    )
    (tmp_path / "Caddyfile").write_text(site)
    process = subprocess.Popen(
        [caddy, "run", "--config", str(tmp_path / "Caddyfile")]
        + ["--adapter", "caddyfile"],
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "caddy.err", "w"),
    )
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"

        def get(path):
            with urllib.request.urlopen(base + path) as response:
                return response.headers, response.read()

        headers, body = get("/media/covers/thumbs/a-png.jpg")
        assert body == b"\xff\xd8cover"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        headers, _ = get("/static/css/shop.0123456789ab.css")
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        headers, _ = get("/static/css/shop.css")
        assert headers["Cache-Control"] == "public, max-age=3600"
        headers, body = get("/healthz")
        assert json.loads(body) == {"status": "ok"}
        # Caddy names the request (a UUID); the shop logs and returns that id.
        assert re.fullmatch(r"[0-9a-f-]{36}", headers["X-Request-ID"])
        assert headers["X-Request-ID"] in (tmp_path / "gunicorn.log").read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
        shop.stop()
