"""docker-compose.yml, checked without a Docker engine: what it runs, with which ports,
settings and secrets, and in which order it starts."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr

from shared.settings import DEFAULT_POLICY_FILE, SERVICE_PORTS, Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"

WEBCARE_SERVICES = tuple(SERVICE_PORTS)
STORES = ("redis", "postgres")
MONITORING = ("prometheus", "grafana")
ALL_SERVICES = {*STORES, "migrate", *WEBCARE_SERVICES, *MONITORING}

#: ``${NAME}``, ``${NAME:-default}``, ``${NAME:?message}`` (and the forms without the colon).
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
SECRET_NAME = re.compile(r"SECRET|TOKEN|PASSWORD")


def load_compose() -> dict[str, Any]:
    with COMPOSE_FILE.open() as f:
        compose = yaml.safe_load(f)  # also resolves the anchors and `<<` merges
    assert isinstance(compose, dict)
    return compose


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    return load_compose()["services"]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "write environment as a mapping so anchors can merge it"
    return {key: str(value) for key, value in env.items()}


def healthcheck_command(service: dict[str, Any]) -> str:
    return " ".join(service["healthcheck"]["test"])


def settings_field(variable: str) -> str:
    return variable.removeprefix("WEBCARE_").lower()


def secret_fields() -> list[str]:
    return [
        name
        for name, field in Settings.model_fields.items()
        if SecretStr in getattr(field.annotation, "__args__", (field.annotation,))
    ]


def test_compose_runs_exactly_the_stores_the_migration_the_five_services_and_monitoring(
    services: dict[str, dict[str, Any]],
) -> None:
    assert set(services) == ALL_SERVICES


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_runs_its_own_module(services: dict[str, dict[str, Any]], name: str) -> None:
    assert services[name]["command"] == ["python", "-m", f"services.{name}"]


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_module_can_be_run_with_python_m(name: str) -> None:
    assert importlib.util.find_spec(f"services.{name}.__main__") is not None, (
        f"services/{name}/__main__.py is missing: `python -m services.{name}` would fail"
    )


def test_migrate_runs_the_webcare_cli_once(services: dict[str, dict[str, Any]]) -> None:
    migrate = services["migrate"]
    assert migrate["command"] == ["webcare", "migrate"]
    assert migrate["restart"] == "no"
    assert "healthcheck" not in migrate

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    entry_point = pyproject["project"]["scripts"]["webcare"]
    module = entry_point.partition(":")[0]
    assert importlib.util.find_spec(module) is not None, (
        f"the `webcare` script points at {entry_point}, whose module does not exist"
    )


def test_all_webcare_containers_share_one_image_built_from_the_deploy_dockerfile(
    services: dict[str, dict[str, Any]],
) -> None:
    webcare = [services[name] for name in ("migrate", *WEBCARE_SERVICES)]
    assert len({service["image"] for service in webcare}) == 1
    for service in webcare:
        assert service["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}
    assert (REPO / "deploy" / "Dockerfile").is_file()


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_listens_on_its_default_port(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    assert environment(services[name])["WEBCARE_PORT"] == str(SERVICE_PORTS[name])


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_health_check_uses_its_own_port(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    check = services[name]["healthcheck"]
    assert check["test"][:3] == ["CMD", "python", "-c"]
    urls = re.findall(r"https?://[^'\"\s]+", healthcheck_command(services[name]))
    assert urls == [f"http://127.0.0.1:{SERVICE_PORTS[name]}/healthz"]


def test_only_ingest_is_published_to_the_host(services: dict[str, dict[str, Any]]) -> None:
    assert services["ingest"]["ports"] == [f"{SERVICE_PORTS['ingest']}:{SERVICE_PORTS['ingest']}"]
    for name in WEBCARE_SERVICES:
        if name != "ingest":
            assert "ports" not in services[name], f"{name} should not be published"
            assert services[name]["expose"] == [str(SERVICE_PORTS[name])]


def test_every_long_running_container_has_a_health_check(
    services: dict[str, dict[str, Any]],
) -> None:
    for name in ALL_SERVICES - {"migrate"}:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_waits_for_healthy_stores_and_a_finished_migration(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    assert services[name]["depends_on"] == {
        "redis": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_migrate_waits_for_a_healthy_postgres(services: dict[str, dict[str, Any]]) -> None:
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("name", WEBCARE_SERVICES)
def test_every_service_restarts_and_stops_gracefully(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    service = services[name]
    assert service["restart"] == "unless-stopped"
    assert service["stop_signal"] == "SIGTERM"
    assert re.fullmatch(r"\d+(ms|s|m)", str(service["stop_grace_period"]))


def test_redis_keeps_its_data_in_an_append_only_file_on_a_volume(
    services: dict[str, dict[str, Any]],
) -> None:
    redis = services["redis"]
    assert redis["image"].startswith("redis:7-alpine")
    assert "--appendonly yes" in " ".join(redis["command"])
    assert any(volume.endswith(":/data") for volume in redis["volumes"])
    assert "redis-cli ping" in healthcheck_command(redis)


def test_postgres_creates_the_webcare_database_and_user_on_a_volume(
    services: dict[str, dict[str, Any]],
) -> None:
    postgres = services["postgres"]
    env = environment(postgres)
    assert postgres["image"].startswith("postgres:16-alpine")
    assert env["POSTGRES_DB"] == "webcare"
    assert env["POSTGRES_USER"] == "webcare"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres["volumes"])
    assert "pg_isready" in healthcheck_command(postgres)


@pytest.mark.parametrize("name", ("migrate", *WEBCARE_SERVICES))
def test_every_webcare_container_connects_to_the_compose_redis_and_postgres(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    env = environment(services[name])
    postgres_env = environment(services["postgres"])
    assert env["WEBCARE_REDIS_URL"] == "redis://redis:6379/0"
    url = re.fullmatch(
        r"postgresql\+asyncpg://(?P<user>\w+):(?P<password>\$\{[^}]+\})@postgres:5432/(?P<db>\w+)",
        env["WEBCARE_DATABASE_URL"],
    )
    assert url is not None, env["WEBCARE_DATABASE_URL"]
    assert url["user"] == postgres_env["POSTGRES_USER"]
    assert url["db"] == postgres_env["POSTGRES_DB"]
    password = INTERPOLATION.fullmatch(url["password"])
    assert password is not None and password["name"] == "POSTGRES_PASSWORD"


def test_every_webcare_variable_in_compose_is_a_settings_field() -> None:
    text = COMPOSE_FILE.read_text()
    used = set(re.findall(r"\bWEBCARE_[A-Z0-9_]+\b", text))
    assert used, "compose passes no WEBCARE_ variables at all"
    unknown = {name for name in used if settings_field(name) not in Settings.model_fields}
    assert not unknown, f"not fields of shared.settings.Settings: {sorted(unknown)}"


@pytest.mark.parametrize("name", ("migrate", *WEBCARE_SERVICES))
def test_every_secret_setting_is_passed_to_every_webcare_container(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    env = environment(services[name])
    missing = [field for field in secret_fields() if f"WEBCARE_{field.upper()}" not in env]
    assert not missing


def test_secrets_come_from_the_host_environment_never_from_the_file(
    services: dict[str, dict[str, Any]],
) -> None:
    for name, service in services.items():
        for key, value in environment(service).items():
            if not SECRET_NAME.search(key):
                continue
            match = INTERPOLATION.fullmatch(value)
            assert match is not None, f"{name}: {key} has a literal value"
            if key.startswith("WEBCARE_"):
                assert match["name"] == key, f"{name}: {key} is read from {match['name']}"
            if match["op"] == ":-":
                assert match["arg"] == "", f"{name}: {key} has a default secret"
            else:
                assert match["op"] == ":?", f"{name}: {key} must be required or empty by default"


def test_required_secrets_stop_compose_with_a_message_when_unset() -> None:
    required = {
        match["name"]
        for match in INTERPOLATION.finditer(COMPOSE_FILE.read_text())
        if match["op"] == ":?" and match["arg"].strip()
    }
    assert required == {"POSTGRES_PASSWORD", "WEBCARE_API_TOKEN", "GRAFANA_ADMIN_PASSWORD"}


def test_compose_defaults_match_the_settings_defaults() -> None:
    anchor_env = load_compose()["x-webcare-environment"]
    workdir = dockerfile_workdir()
    checked = 0
    for key, value in anchor_env.items():
        match = INTERPOLATION.fullmatch(str(value))
        if match is None or match["op"] != ":-" or not match["arg"]:
            continue
        field = settings_field(key)
        default = Settings.model_fields[field].default
        if field == "policy_file":
            # The shipped policy, at its place inside the image.
            expected = f"{workdir}/{DEFAULT_POLICY_FILE.relative_to(REPO).as_posix()}"
        else:
            expected = str(default)
        assert match["arg"] == expected, f"{key}: compose says {match['arg']}, Settings {default}"
        checked += 1
    assert checked >= 3


def test_an_empty_secret_from_compose_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    # Compose passes an unset optional secret as "" (`${VAR:-}`). It has to mean "no secret",
    # or a webhook would check signatures against an empty key that anyone can compute.
    optional = [
        key
        for key, value in load_compose()["x-webcare-environment"].items()
        if (match := INTERPOLATION.fullmatch(str(value)))
        and match["op"] == ":-"
        and settings_field(key) in secret_fields()
    ]
    assert optional
    for key in optional:
        monkeypatch.setenv(key, "")
    settings = Settings()
    for key in optional:
        assert getattr(settings, settings_field(key)) is None, f"{key}='' is not read as unset"


def test_every_bind_mount_comes_from_the_repo(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (REPO / source).exists(), f"{name} mounts missing {source}"


def test_prometheus_reads_the_mounted_config(services: dict[str, dict[str, Any]]) -> None:
    prometheus = services["prometheus"]
    assert prometheus["image"].startswith("prom/prometheus")
    assert "./deploy/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]


def test_grafana_mounts_provisioning_and_dashboards(services: dict[str, dict[str, Any]]) -> None:
    grafana = services["grafana"]
    assert grafana["image"].startswith("grafana/grafana")
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
    assert "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro" in grafana["volumes"]
    assert "GF_SECURITY_ADMIN_PASSWORD" in environment(grafana)


def dockerfile_workdir() -> str:
    lines = (REPO / "deploy" / "Dockerfile").read_text().splitlines()
    workdirs = [line.split()[1] for line in lines if line.startswith("WORKDIR ")]
    assert workdirs, "the Dockerfile sets no WORKDIR"
    return workdirs[-1]
