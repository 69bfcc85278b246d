"""Settings come from the environment; bad values stop start-up with a clear message."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from casemgr.settings import BASE_DIR


def _django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Start from this environment minus what a deployment would never set.
    dropped = {*env_overrides, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}",
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "x" * 20 + "-production-secret-key-that-is-long-enough-7h3",
        "ALLOWED_HOSTS": "casemgr.example.com",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    }


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("DATABASE_URL", "mysql://db/casemgr", "DATABASE_URL must be a URL starting with"),
        ("REDIS_URL", "memcached://cache", "REDIS_URL must be a URL starting with"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("SESSION_IDLE_SECONDS", "5", "SESSION_IDLE_SECONDS must be at least 60"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 50 characters"),
        ("SECRET_KEY", "x" * 49, "SECRET_KEY must be at least 50 characters"),
        ("SECRET_KEY", "abcd" * 20, "SECRET_KEY must have at least 5 different characters"),
        (
            "SECRET_KEY",
            "django-insecure-" + "q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5",
            "SECRET_KEY must not start with 'django-insecure-'",
        ),
        ("ALLOWED_HOSTS", " , ", "ALLOWED_HOSTS must be a comma-separated list"),
        ("FIRM_TIME_ZONE", "Mars/Olympus", "FIRM_TIME_ZONE must be an IANA time zone"),
    ],
)
def test_a_bad_value_is_refused_at_start_naming_the_variable(variable, value, message):
    result = _django({variable: value}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_a_server_without_secret_key_refuses_to_start():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _django({**env, "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DATABASE_URL is set" in result.stderr


def test_a_key_just_good_enough_for_check_deploy_is_accepted():
    env = {**_production_env(), "SECRET_KEY": "abcde" * 10}
    result = _django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "security.W009" not in result.stdout + result.stderr


def test_check_deploy_is_clean_with_the_production_variables_set():
    result = _django(_production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_production_variables_turn_on_https_only_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )
    result = _django(_production_env(), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["True", "True", "True", "smtp.example.com", "587", "True"]
