"""The production stack files are valid and wire the services as documented."""

import re

import pytest
import yaml

from casemgr.settings import BASE_DIR

ENV = {"POSTGRES_PASSWORD": "pw", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "casemgr.example.com"}

# docker-compose.yml is checked in Python, the way `docker compose config` reads
# it, so the suite needs no docker engine and no docker-compose package.
TOP_LEVEL = {"name", "version", "services", "volumes", "networks", "configs", "secrets"}
SERVICE_KEYS = {
    "build", "image", "restart", "environment", "volumes", "depends_on", "command",
    "ports", "healthcheck", "entrypoint", "env_file", "networks", "user", "working_dir",
    "labels", "deploy", "expose", "stop_grace_period", "init", "profiles",
}  # fmt: skip
RESTART = {"no", "always", "on-failure", "unless-stopped"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, $$ (a literal $)
INTERPOLATION = re.compile(
    r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)"
)


def _interpolate(text: str, env: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        op, arg = match.group(2), match.group(3) or ""
        value = env.get(name)
        missing = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":?", "?") and missing:
            raise ValueError(f"required variable {name} is missing: {arg}")
        if op in (":-", "-") and missing:
            return arg
        return value or ""

    leftover = INTERPOLATION.sub("", text)
    if "${" in leftover:
        raise ValueError(f"invalid interpolation in {text!r}")
    return INTERPOLATION.sub(one, text)


def _walk(value, env):
    if isinstance(value, dict):
        return {key: _walk(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, env) for item in value]
    if isinstance(value, str):
        return _interpolate(value, env)
    return value


def compose_config(env: dict[str, str]) -> dict:
    """docker-compose.yml resolved as `docker compose config` would (YAML anchors
    and merge keys, variable interpolation), refusing what it would refuse."""
    raw = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    config = _walk(raw, env)
    unknown = {k for k in config if not k.startswith("x-")} - TOP_LEVEL
    assert not unknown, f"unknown top-level keys {unknown}"
    services, volumes = config["services"], config.get("volumes") or {}
    for name, service in services.items():
        assert set(service) <= SERVICE_KEYS, f"{name}: unknown keys {set(service) - SERVICE_KEYS}"
        assert "image" in service or "build" in service, f"{name}: neither image nor build"
        assert service.get("restart", "no") in RESTART, f"{name}: restart"
        command = service.get("command", [])
        assert isinstance(command, str) or all(isinstance(c, str) for c in command), name
        for key, value in (service.get("environment") or {}).items():
            assert isinstance(value, str | int | bool) or value is None, f"{name}: {key}"
        depends = service.get("depends_on") or {}
        for other in depends:
            assert other in services, f"{name} depends on unknown service {other}"
            if isinstance(depends, dict):
                assert depends[other]["condition"] in CONDITIONS, f"{name} -> {other}"
        for mount in service.get("volumes") or []:
            source = mount.split(":")[0]
            if not source.startswith((".", "/", "~")):
                assert source in volumes, f"{name}: volume {source} is not declared"
        for port in service.get("ports") or []:
            assert re.fullmatch(r"(\d+(-\d+)?:)?\d+(-\d+)?(/(tcp|udp))?", str(port)), port
        if "healthcheck" in service:
            test = service["healthcheck"]["test"]
            assert isinstance(test, str) or test[0] in {"CMD", "CMD-SHELL", "NONE"}, name
    return config


def test_docker_compose_config_is_valid():
    config = compose_config(ENV)
    assert config["services"]["web"]["environment"]["SECRET_KEY"] == ENV["SECRET_KEY"]
    assert config["services"]["web"]["environment"]["DATABASE_URL"] == (
        "postgres://casemgr:pw@postgres:5432/casemgr"
    )


def test_docker_compose_refuses_to_start_without_the_required_variables():
    for name in ENV:
        with pytest.raises(ValueError, match=f"required variable {name} is missing"):
            compose_config({k: v for k, v in ENV.items() if k != name})


def test_the_compose_check_notices_a_broken_file(tmp_path, monkeypatch):
    broken = (
        (BASE_DIR / "docker-compose.yml")
        .read_text()
        .replace("condition: service_healthy", "condition: service_sleepy", 1)
    )
    monkeypatch.setattr("tests.casemgr.test_production_shape.BASE_DIR", tmp_path, raising=True)
    (tmp_path / "docker-compose.yml").write_text(broken)
    with pytest.raises(AssertionError, match="depends on|->"):
        compose_config(ENV)


def test_compose_runs_postgres_redis_web_worker_and_beat_with_documents_on_a_volume():
    config = compose_config(ENV)
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
