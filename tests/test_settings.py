"""TAFELRUNDE_* variables: typed, strict, with safe defaults."""

import os
import stat
import subprocess
import sys

import pytest
from django.db import connection

from tafelrunde import conf


@pytest.fixture
def environ(monkeypatch):
    for setting in conf.SETTINGS:
        monkeypatch.delenv(conf.PREFIX + setting.name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("value", ["1", "true", "Yes", "ON"])
def test_yes_spellings_turn_a_flag_on(environ, value):
    environ.setenv("TAFELRUNDE_DEBUG", value)
    assert conf.env_bool("DEBUG") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_no_spellings_turn_a_flag_off(environ, value):
    environ.setenv("TAFELRUNDE_DEBUG", value)
    assert conf.env_bool("DEBUG", default=True) is False


def test_nonsense_in_a_flag_is_an_error_naming_the_variable(environ):
    environ.setenv("TAFELRUNDE_HTTPS", "maybe")
    with pytest.raises(conf.ConfigError, match="TAFELRUNDE_HTTPS must be 1 or 0"):
        conf.env_bool("HTTPS")


def test_debug_is_off_unless_asked_for(environ):
    assert conf.env_bool("DEBUG") is False


def test_allowed_hosts_are_a_comma_separated_list(environ):
    environ.setenv("TAFELRUNDE_ALLOWED_HOSTS", "tafel.example.com, www.tafel.example.com,")
    assert conf.env_list("ALLOWED_HOSTS", ["localhost"]) == [
        "tafel.example.com",
        "www.tafel.example.com",
    ]


def test_data_dir_comes_from_the_environment_and_is_created(environ, tmp_path):
    target = tmp_path / "nested" / "data"
    environ.setenv("TAFELRUNDE_DATA_DIR", str(target))
    assert conf.data_dir() == target
    assert target.is_dir()


def test_default_database_is_sqlite_in_the_data_dir_with_wal_and_immediate(tmp_path):
    db = conf.database(None, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "tafelrunde.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5


def test_postgres_sessions_go_without_parallel_workers_and_jit(tmp_path):
    """Short questions of one account's rows: workers and JIT cost more than they save. An
    URL's own session options stay."""
    db = conf.database("postgres://alice@db.example/tafel", tmp_path)
    assert db["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0 -c jit=off"
    db = conf.database("postgres://alice@db.example/tafel?options=-c%20work_mem%3D8MB", tmp_path)
    assert db["OPTIONS"]["options"].startswith("-c work_mem=8MB -c max_parallel")


@pytest.mark.skipif(connection.vendor == "sqlite", reason="a PostgreSQL session's settings")
@pytest.mark.django_db
def test_a_postgres_session_really_has_them():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        assert (workers, cursor.fetchone()[0]) == ("0", "off")


def test_postgres_url_selects_postgresql(tmp_path):
    db = conf.database("postgres://alice@db.example:5433/tafel", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["HOST"], db["PORT"], db["NAME"]) == (
        "alice",
        "db.example",
        5433,
        "tafel",
    )


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "not a url"])
def test_unsupported_database_urls_are_refused(tmp_path, url):
    with pytest.raises(conf.ConfigError, match="DATABASE_URL"):
        conf.database(url, tmp_path)


def test_secret_key_is_generated_once_with_owner_only_permissions(environ, tmp_path):
    first = conf.secret_key(tmp_path)
    second = conf.secret_key(tmp_path)
    assert first == second
    assert len(first) >= 50
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_secret_key_from_the_environment_wins(environ, tmp_path):
    environ.setenv("TAFELRUNDE_SECRET_KEY", "s3cret-from-env")
    assert conf.secret_key(tmp_path) == "s3cret-from-env"
    assert not (tmp_path / "secret_key").exists()


def test_a_bad_setting_ends_the_program_with_one_line_not_a_traceback(tmp_path):
    env = {**os.environ, "TAFELRUNDE_DATA_DIR": str(tmp_path), "TAFELRUNDE_DEBUG": "sure"}
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: TAFELRUNDE_DEBUG must be 1 or 0 (or true/false), not 'sure'."
    )


def test_without_a_mail_server_mails_go_to_the_console():
    assert conf.email(None)["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_an_smtp_url_becomes_djangos_mail_settings():
    settings = conf.email("smtp://hans%40example.com:p%2Fw@mail.example.com:587")
    assert settings["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert settings["EMAIL_HOST"] == "mail.example.com"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "hans@example.com"
    assert settings["EMAIL_HOST_PASSWORD"] == "p/w"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False


def test_smtps_uses_implicit_tls_on_port_465():
    settings = conf.email("smtps://mail.example.com")
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"]) == (465, True)


@pytest.mark.parametrize("url", ["mailto:hans@example.com", "smtp://", "smtp://host:port"])
def test_a_mail_url_we_cannot_use_is_an_error_naming_the_variable(url):
    with pytest.raises(conf.ConfigError, match="TAFELRUNDE_EMAIL_URL"):
        conf.email(url)
