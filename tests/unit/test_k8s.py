"""deploy/k8s, checked without a cluster: the structure of every manifest, and that they run
the same image, commands, ports, variables and metrics endpoints as docker-compose.yml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from shared.policy import parse_policy
from shared.settings import SERVICE_PORTS, Settings
from shared.streams import SUBSCRIPTIONS, Group
from tests.unit.test_compose import load_compose, secret_fields, settings_field

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
SERVICES = tuple(SERVICE_PORTS)


def docs(name: str) -> list[dict[str, Any]]:
    with (K8S / name).open() as f:
        return [doc for doc in yaml.safe_load_all(f) if doc]


def kind(name: str, wanted: str) -> dict[str, Any]:
    (doc,) = [d for d in docs(name) if d["kind"] == wanted]
    return doc


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def config() -> dict[str, str]:
    return kind("config.yaml", "ConfigMap")["data"]


@pytest.fixture(scope="module")
def secret() -> dict[str, str]:
    return kind("secret.template.yaml", "Secret")["stringData"]


def test_kustomization_lists_every_manifest_but_the_secret_template() -> None:
    kustomization = docs("kustomization.yaml")[0]
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")}
    assert listed <= on_disk
    assert on_disk - listed == {"kustomization.yaml", "secret.template.yaml", "policy.yaml"}
    (generator,) = kustomization["configMapGenerator"]
    assert generator == {"name": "webcare-policy", "files": ["policy.yaml"]}


def test_every_manifest_has_the_fields_kubernetes_requires() -> None:
    for path in K8S.glob("*.yaml"):
        if path.name in {"kustomization.yaml", "policy.yaml"}:
            continue
        for doc in docs(path.name):
            assert doc["apiVersion"] and doc["kind"], path.name
            assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", doc["metadata"]["name"])
            assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "webcare"


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_the_compose_image_command_and_port(
    compose: dict[str, Any], name: str
) -> None:
    deployment = kind(f"{name}.yaml", "Deployment")
    spec = deployment["spec"]
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    main = container(deployment)
    service = compose["services"][name]
    assert main["image"] == service["image"]
    assert main["command"] == service["command"]
    port = SERVICE_PORTS[name]
    assert main["ports"] == [{"name": "http", "containerPort": port}]
    assert {"name": "WEBCARE_PORT", "value": str(port)} in main["env"]
    assert service["environment"]["WEBCARE_PORT"] == str(port)
    for probe in ("startupProbe", "readinessProbe"):
        assert main[probe]["httpGet"] == {"path": "/healthz", "port": "http"}
    # A pod whose Redis is down reports unready but is not restarted over and over.
    assert "tcpSocket" in main["livenessProbe"]
    grace = int(str(service["stop_grace_period"]).rstrip("s"))
    assert spec["template"]["spec"]["terminationGracePeriodSeconds"] == grace
    assert main["resources"]["requests"] and main["resources"]["limits"]["memory"]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_is_exposed_and_scraped_on_its_port(name: str) -> None:
    deployment = kind(f"{name}.yaml", "Deployment")
    template = deployment["spec"]["template"]
    annotations = template["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": str(SERVICE_PORTS[name]),
        "prometheus.io/path": "/metrics",
    }
    service = kind(f"{name}.yaml", "Service")
    assert service["metadata"]["name"] == name, "the compose DNS name, so URLs stay the same"
    assert service["spec"]["selector"].items() <= template["metadata"]["labels"].items()
    assert service["spec"]["ports"] == [
        {"name": "http", "port": SERVICE_PORTS[name], "targetPort": "http"}
    ]


def test_the_pod_monitor_gives_the_labels_the_alerts_and_dashboard_use() -> None:
    monitor = kind("podmonitor.yaml", "PodMonitor")
    spec = monitor["spec"]
    labels = kind("ingest.yaml", "Deployment")["spec"]["template"]["metadata"]["labels"]
    assert spec["selector"]["matchLabels"].items() <= labels.items()
    assert labels[spec["jobLabel"]] == "webcare", 'alerts select up{job="webcare"}'
    (endpoint,) = spec["podMetricsEndpoints"]
    assert endpoint["port"] == "http" and endpoint["path"] == "/metrics"
    assert endpoint["relabelings"] == [
        {
            "sourceLabels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
            "targetLabel": "service",
        }
    ]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_reads_config_secrets_and_the_mounted_policy(
    config: dict[str, str], name: str
) -> None:
    deployment = kind(f"{name}.yaml", "Deployment")
    main = container(deployment)
    assert main["envFrom"] == [
        {"configMapRef": {"name": "webcare-config"}},
        {"secretRef": {"name": "webcare-secrets"}},
    ]
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    mounts = {m["name"]: m for m in main["volumeMounts"]}
    assert volumes["policy"]["configMap"]["name"] == "webcare-policy"
    policy_path = Path(config["WEBCARE_POLICY_FILE"])
    assert mounts["policy"]["mountPath"] == str(policy_path.parent)
    assert policy_path.name == "policy.yaml"
    assert main["securityContext"]["readOnlyRootFilesystem"] is True
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


def test_the_policy_in_the_config_map_is_a_valid_policy() -> None:
    path = K8S / "policy.yaml"
    policy = parse_policy(path.read_text(), path)
    assert set(policy.sla.targets) == {"critical", "high", "normal", "low"}


def test_config_and_secret_carry_the_compose_variables_split_by_secrecy(
    compose: dict[str, Any], config: dict[str, str], secret: dict[str, str]
) -> None:
    secrets = {f"WEBCARE_{field.upper()}" for field in secret_fields()}
    assert secrets <= set(secret), f"missing from the Secret: {sorted(secrets - set(secret))}"
    assert not set(config) & secrets, "a secret in the ConfigMap"
    assert set(secret) - secrets == {"WEBCARE_DATABASE_URL"}, "the URL holds the DB password"
    assert all(value == "" for value in secret.values()), "the template holds no secret"
    for variable in {*config, *secret}:
        assert settings_field(variable) in Settings.model_fields, variable
    compose_env = set(compose["x-webcare-environment"])
    assert compose_env <= set(config) | set(secret), sorted(compose_env - set(config) - set(secret))


def test_config_defaults_match_the_settings(config: dict[str, str]) -> None:
    for variable, value in config.items():
        field = settings_field(variable)
        if field in {"redis_url", "policy_file"} or value == "":
            continue  # an empty value reads as unset, so the default applies
        assert value == str(Settings.model_fields[field].default), variable


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_scales_on_the_backlog_of_its_group(
    config: dict[str, str], name: str
) -> None:
    scaled = next(d for d in docs("keda.yaml") if d["metadata"]["name"] == name)
    assert scaled["kind"] == "ScaledObject" and scaled["apiVersion"].startswith("keda.sh/")
    assert scaled["spec"]["scaleTargetRef"] == {"name": name}
    assert 1 <= scaled["spec"]["minReplicaCount"] < scaled["spec"]["maxReplicaCount"]
    redis_url = make_url(config["WEBCARE_REDIS_URL"])
    prefix = config["WEBCARE_STREAM_PREFIX"]
    expected = {f"{prefix}.{stream.value}" for stream in SUBSCRIPTIONS[Group(name)]}
    pending: set[str] = set()
    lag: set[str] = set()
    for trigger in scaled["spec"]["triggers"]:
        meta = trigger["metadata"]
        assert trigger["type"] == "redis-streams"
        assert meta["address"] == f"{redis_url.host}:{redis_url.port}"
        assert meta["databaseIndex"] == (redis_url.database or "0")
        assert meta["consumerGroup"] == name
        assert all(isinstance(v, str) for v in meta.values()), "KEDA metadata values are strings"
        if "pendingEntriesCount" in meta:
            assert int(meta["pendingEntriesCount"]) > 0
            pending.add(meta["stream"])
        if "lagCount" in meta:
            assert int(meta["lagCount"]) > 0
            lag.add(meta["stream"])
    assert pending == expected and lag == expected


def test_the_migrate_job_runs_the_compose_migration(compose: dict[str, Any]) -> None:
    job = kind("migrate-job.yaml", "Job")
    main = container(job)
    migrate = compose["services"]["migrate"]
    assert main["command"] == migrate["command"]
    assert main["image"] == migrate["image"]
    assert main["envFrom"] == [
        {"configMapRef": {"name": "webcare-config"}},
        {"secretRef": {"name": "webcare-secrets"}},
    ]
    assert job["spec"]["template"]["spec"]["restartPolicy"] in {"OnFailure", "Never"}


def test_the_manifests_hold_no_secret_values() -> None:
    for path in K8S.glob("*.yaml"):
        text = path.read_text()
        for line in text.splitlines():
            match = re.match(r"\s*(WEBCARE_\w*(SECRET|TOKEN|PASSWORD)\w*):\s*(.*)", line)
            if match and not line.lstrip().startswith("#"):
                assert match[3] in {'""', "''"}, f"{path.name}: {match[1]} has a value"
