"""The production stack files are valid and wire the services as documented."""

import shutil
import subprocess

import pytest
import yaml

from casemgr.settings import BASE_DIR

ENV = {"POSTGRES_PASSWORD": "pw", "SECRET_KEY": "k" * 40, "ALLOWED_HOSTS": "casemgr.example.com"}


def _compose_command() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if shutil.which("docker") and probe.returncode == 0:
        return ["docker", "compose"]
    pytest.fail(
        "Validating docker-compose.yml needs docker-compose (apt-get install docker-compose)"
    )


def test_docker_compose_config_is_valid():
    result = subprocess.run(
        [*_compose_command(), "config", "--quiet"],
        cwd=BASE_DIR,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", **ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_compose_runs_postgres_redis_web_worker_and_beat_with_documents_on_a_volume():
    config = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = config["services"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "casemgr", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "casemgr", "beat"]
    for name in ("web", "worker", "beat"):
        assert "documents:/data/documents" in services[name]["volumes"]
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "documents" in config["volumes"]
