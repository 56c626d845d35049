"""The files under deploy/ and the image recipe, checked without Docker, Prometheus or Grafana.

The structural checks always run. ``promtool`` (Debian's prometheus package; ``.ci/run``
installs it) checks the Prometheus config and rules and runs the alert unit tests in
``deploy/prometheus/alerts.test.yml``.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr

from shared.settings import SERVICE_PORTS, Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
PROMETHEUS_DIR = DEPLOY / "prometheus"
GRAFANA_PROVISIONING = DEPLOY / "grafana" / "provisioning"
GRAFANA_DASHBOARDS_IN_CONTAINER = "/var/lib/grafana/dashboards"

DURATION = re.compile(r"(\d+(ms|s|m|h|d|w|y))+")
SECRET_NAME = re.compile(r"SECRET|TOKEN|PASSWORD")
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "webcare.json"

#: PromQL words that look like metric names: aggregations (followed by ``by``), operators.
_PROMQL_WORDS = set(
    [
        "sum",
        "min",
        "max",
        "avg",
        "count",
        "stddev",
        "stdvar",
        "topk",
        "bottomk",
        "quantile",
        "count_values",
        "group",
        "and",
        "or",
        "unless",
        "bool",
        "offset",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "inf",
        "nan",
    ]
)
_SELECTOR = re.compile(r"([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")


def promql_parts(expr: str) -> tuple[list[tuple[str, set[str]]], set[str]]:
    """The metrics an expression selects (each with the label names it matches on) and the
    label names it groups or joins by. Enough PromQL for checking names, not a parser."""
    selectors = [
        (name, set(re.findall(r"(\w+)\s*(?:=~|!~|!=|=)", matchers)))
        for name, matchers in _SELECTOR.findall(expr)
    ]
    grouping = {
        label.strip() for labels in _GROUPING.findall(expr) for label in labels.split(",")
    } - {""}
    bare = _GROUPING.sub(" ", _SELECTOR.sub(lambda m: m.group(1), expr))
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]', " ", bare)
    named = {name for name, _ in selectors}
    for match in re.finditer(r"(?<![\w.$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()", bare):
        name = match.group(1)
        if name not in _PROMQL_WORDS and name not in named:
            selectors.append((name, set()))
            named.add(name)
    return selectors, grouping


def dashboard_panels() -> list[dict[str, Any]]:
    dashboard = json.loads(DASHBOARD.read_text())
    out = []
    for panel in dashboard["panels"]:
        out.append(panel)
        out.extend(panel.get("panels", []))
    return out


def dashboard_queries() -> list[tuple[str, str]]:
    """(panel title, PromQL) for every target of every panel."""
    return [
        (panel["title"], target["expr"])
        for panel in dashboard_panels()
        for target in panel.get("targets", [])
    ]


def load_yaml(path: Path) -> Any:
    with path.open() as f:
        return yaml.safe_load(f)


def alert_rules() -> list[dict[str, Any]]:
    alerts = load_yaml(PROMETHEUS_DIR / "alerts.yml")
    return [rule for group in alerts["groups"] for rule in group["rules"]]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text()
    logical = re.sub(r"\\\n\s*", " ", text)
    instructions = []
    for line in logical.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_copy_sources() -> list[str]:
    sources = []
    for keyword, arguments in dockerfile_instructions():
        if keyword == "COPY":
            parts = [part for part in arguments.split() if not part.startswith("--")]
            sources.extend(parts[:-1])
    return sources


def env_example_entries() -> dict[str, tuple[str, bool, str]]:
    """Variable -> (value, active, the comment line above it)."""
    entries: dict[str, tuple[str, bool, str]] = {}
    previous = ""
    for line in (DEPLOY / "env.example").read_text().splitlines():
        match = re.fullmatch(r"(?P<hash>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)", line)
        if match:
            name = match["name"]
            assert name not in entries, f"{name} is listed twice"
            entries[name] = (match["value"], match["hash"] is None, previous)
        previous = line
    return entries


def secret_variables() -> set[str]:
    return {
        f"WEBCARE_{name.upper()}"
        for name, field in Settings.model_fields.items()
        if SecretStr in getattr(field.annotation, "__args__", (field.annotation,))
    }


# --- Prometheus -----------------------------------------------------------------------------


def test_prometheus_finds_every_replica_of_the_five_services_on_their_ports() -> None:
    config = load_yaml(PROMETHEUS_DIR / "prometheus.yml")
    (job,) = config["scrape_configs"]
    assert job["job_name"] == "webcare" and job.get("metrics_path", "/metrics") == "/metrics"
    assert "static_configs" not in job, "a fixed host:port scrapes one replica of a scaled service"
    found = {}
    for sd in job["dns_sd_configs"]:
        assert sd["type"] == "A", "an A lookup returns every replica's address"
        for name in sd["names"]:
            assert name not in found, f"{name} is scraped twice"
            found[name] = sd["port"]
    assert found == SERVICE_PORTS
    (relabel,) = job["relabel_configs"]
    assert relabel == {"source_labels": ["__meta_dns_name"], "target_label": "service"}


def test_prometheus_config_is_valid() -> None:
    config = load_yaml(PROMETHEUS_DIR / "prometheus.yml")
    assert DURATION.fullmatch(config["global"]["scrape_interval"])
    assert DURATION.fullmatch(config["global"]["evaluation_interval"])
    job_names = [job["job_name"] for job in config["scrape_configs"]]
    assert len(job_names) == len(set(job_names))
    assert config["rule_files"] == ["alerts.yml"]
    # Relative rule files resolve against the config's folder, mounted whole in compose.
    assert (PROMETHEUS_DIR / "alerts.yml").is_file()

    promtool = shutil.which("promtool")
    if promtool is not None:
        result = subprocess.run(
            [promtool, "check", "config", str(PROMETHEUS_DIR / "prometheus.yml")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_rule_is_complete() -> None:
    rules = alert_rules()
    assert rules
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names)), "alert names must be unique"
    for rule in rules:
        assert rule["expr"].strip(), rule["alert"]
        assert rule["expr"].count("(") == rule["expr"].count(")"), rule["alert"]
        assert DURATION.fullmatch(str(rule["for"])), rule["alert"]
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        assert rule["annotations"]["summary"].strip(), rule["alert"]
        assert rule["annotations"]["description"].strip(), rule["alert"]

    promtool = shutil.which("promtool")
    if promtool is not None:  # adds PromQL parsing to the structural checks above
        result = subprocess.run(
            [promtool, "check", "rules", str(PROMETHEUS_DIR / "alerts.yml")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    assert promtool is not None, (
        "promtool is missing: `apt-get install prometheus` (Debian), as .ci/run does"
    )
    return subprocess.run(
        [promtool, *args], capture_output=True, text=True, check=False, cwd=PROMETHEUS_DIR
    )


def test_alert_rules_pass_promtool_check_and_their_unit_tests() -> None:
    checked = _promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = _promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout + tested.stderr


def test_every_alert_has_a_unit_test_where_it_fires_and_one_where_it_stays_quiet() -> None:
    tests = load_yaml(PROMETHEUS_DIR / "alerts.test.yml")
    assert tests["rule_files"] == ["alerts.yml"]
    fires: set[str] = set()
    quiet: set[str] = set()
    for case in tests["tests"]:
        for check in case["alert_rule_test"]:
            (fires if check["exp_alerts"] else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert fires == names, f"never seen firing: {sorted(names - fires)}"
    assert quiet == names, f"never seen quiet: {sorted(names - quiet)}"


def test_alerts_cover_what_operators_page_on() -> None:
    by_metric = {
        "webcare_sla_compliance_ratio": "SLA compliance below target",
        "webcare_sla_breaches_total": "breaches",
        "webcare_cases_at_risk_unassigned": "cases about to breach with no agent",
        "webcare_consumer_lag": "consumer lag growing",
        "webcare_dlq_entries_total": "DLQ growing",
        "webcare_webhook_rejected_total": "webhook signature failures",
    }
    expressions = " ".join(rule["expr"] for rule in alert_rules())
    for metric, what in by_metric.items():
        assert metric in expressions, f"no alert on {what}"
    assert re.search(r"absent\(up\{", expressions), "no alert when every replica is gone"
    assert sum("webcare_sla_breaches_total" in rule["expr"] for rule in alert_rules()) >= 2


def test_alerts_cover_a_service_down_a_growing_dlq_and_sla_breaches() -> None:
    expressions = [" ".join(rule["expr"].split()) for rule in alert_rules()]
    assert any(re.search(r"\bup\b.*== 0", expr) for expr in expressions)
    assert any("webcare_dlq_entries_total" in expr for expr in expressions)
    assert any("webcare_sla_breaches_total" in expr for expr in expressions)


def test_every_metric_an_alert_uses_is_declared_in_the_code() -> None:
    source = "\n".join(
        path.read_text()
        for folder in ("shared", "services")
        for path in (REPO / folder).rglob("*.py")
    )
    metrics = {
        name for rule in alert_rules() for name in re.findall(r"\bwebcare_\w+", rule["expr"])
    }
    assert metrics
    for metric in metrics:
        # prometheus_client adds `_total` to counters, and the code may declare the `webcare`
        # prefix as a namespace, so look for the bare stem.
        stem = re.sub(r"_(total|bucket|count|sum)$", "", metric.removeprefix("webcare_"))
        assert re.search(rf"[\"'](webcare_)?{stem}(_total)?[\"']", source), (
            f"alerts.yml uses {metric}, which no module under shared/ or services/ declares"
        )


# --- Grafana --------------------------------------------------------------------------------


def test_grafana_datasource_is_the_compose_prometheus() -> None:
    provisioning = load_yaml(GRAFANA_PROVISIONING / "datasources" / "prometheus.yml")
    assert provisioning["apiVersion"] == 1
    (datasource,) = provisioning["datasources"]
    assert datasource["type"] == "prometheus"
    assert datasource["url"] == "http://prometheus:9090"
    assert datasource["isDefault"] is True


def test_grafana_loads_dashboards_from_the_mounted_folder() -> None:
    provisioning = load_yaml(GRAFANA_PROVISIONING / "dashboards" / "dashboards.yml")
    assert provisioning["apiVersion"] == 1
    (provider,) = provisioning["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == GRAFANA_DASHBOARDS_IN_CONTAINER
    assert (DEPLOY / "grafana" / "dashboards").is_dir()


def test_every_dashboard_is_valid_json_with_a_title() -> None:
    paths = list((DEPLOY / "grafana" / "dashboards").glob("*.json"))
    assert DASHBOARD in paths
    for path in paths:
        dashboard = json.loads(path.read_text())
        assert dashboard.get("title"), f"{path.name} has no title"
        assert dashboard.get("uid"), f"{path.name} has no uid (links would break on reload)"


def test_the_dashboard_has_the_rows_operators_look_for() -> None:
    rows = [p["title"] for p in json.loads(DASHBOARD.read_text())["panels"] if p["type"] == "row"]
    assert rows == [
        "Overview",
        "Intake",
        "Pipeline",
        "Classification and routing",
        "Cases and SLA",
        "Replies",
        "Data protection",
    ]
    titles = " | ".join(panel["title"] for panel in dashboard_panels()).lower()
    for wanted in (
        "comments in per platform",
        "throughput per stage",
        "latency per stage",
        "consumer lag",
        "pending",
        "dlq",
        "classification mix per language",
        "actions taken",
        "open cases per priority",
        "first response time against target",
        "resolution time against target",
        "sla compliance",
        "breaches and warnings",
        "replies awaiting approval",
        "webhook rejections",
    ):
        assert wanted in titles, f"no panel for {wanted}"


def test_every_dashboard_panel_queries_the_provisioned_prometheus_and_fits_the_grid() -> None:
    provisioning = load_yaml(GRAFANA_PROVISIONING / "datasources" / "prometheus.yml")
    uid = provisioning["datasources"][0]["uid"]
    panels = dashboard_panels()
    ids = [panel["id"] for panel in panels]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    taken: set[tuple[int, int]] = set()
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        cells = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not cells & taken, f"{panel['title']} overlaps another panel"
        taken |= cells
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == uid, panel["title"]
        assert panel["targets"], f"{panel['title']} has no query"
        for target in panel["targets"]:
            assert target["expr"].count("(") == target["expr"].count(")"), panel["title"]
            assert target["datasource"]["uid"] == uid, panel["title"]


def test_every_metric_the_dashboard_and_alerts_query_is_declared_in_the_code() -> None:
    from prometheus_client.metrics import MetricWrapperBase

    from shared import metrics

    declared = {
        name
        for collector in vars(metrics).values()
        if isinstance(collector, MetricWrapperBase)
        for family in collector.describe()
        for name in (family.name, f"{family.name}_total", f"{family.name}_bucket")
    }
    queries = dashboard_queries() + [(rule["alert"], rule["expr"]) for rule in alert_rules()]
    for where, expr in queries:
        for metric, _ in promql_parts(expr)[0]:
            # faststream_* come from FastStream's middleware, `up` from Prometheus; the live
            # test (tests/integration/test_metrics_live.py) checks those against /metrics.
            if metric == "up" or metric.startswith("faststream_"):
                continue
            assert metric in declared, f"{where}: {metric} is not declared in shared/metrics.py"


# --- Redis Cluster --------------------------------------------------------------------------


def test_a_hash_tag_prefix_puts_every_key_of_the_pipeline_in_one_cluster_slot() -> None:
    # docs/operations.md: in Redis Cluster, WEBCARE_STREAM_PREFIX={webcare} keeps the MULTI
    # that publishes a batch's events and acknowledges its entries inside one slot.
    from redis.crc import key_slot

    from shared.streams import Group, Stream

    prefix = "{webcare}"
    keys = [stream.key(prefix) for stream in Stream]
    keys += [f"{prefix}.errors.{group.value}" for group in Group]
    assert len({key_slot(key.encode()) for key in keys}) == 1
    assert len({key_slot(stream.key("webcare").encode()) for stream in Stream}) > 1


# --- the image ------------------------------------------------------------------------------


def test_image_is_python_3_11() -> None:
    froms = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "FROM"]
    assert froms and froms[0].startswith("python:3.11")


def test_image_installs_the_locked_dependencies_before_the_source() -> None:
    instructions = dockerfile_instructions()
    runs = [(index, args) for index, (keyword, args) in enumerate(instructions) if keyword == "RUN"]
    copies = [
        (index, args) for index, (keyword, args) in enumerate(instructions) if keyword == "COPY"
    ]

    uv_pin = next(args for _, args in runs if "pip install" in args and "uv==" in args)
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    pinned_for_dev = [
        dep for dep in pyproject["dependency-groups"]["dev"] if dep.startswith("uv==")
    ]
    assert pinned_for_dev and pinned_for_dev[0] in uv_pin, "the image and the dev env use one uv"

    lock_copy = next(index for index, args in copies if "uv.lock" in args.split())
    deps_only = next(index for index, args in runs if "--no-install-project" in args)
    source_copy = next(index for index, args in copies if args.split()[0].startswith("shared"))
    project = next(
        index
        for index, args in runs
        if "uv sync" in args and "--no-install-project" not in args and index > source_copy
    )
    assert lock_copy < deps_only < source_copy < project
    for index in (deps_only, project):
        assert "uv sync --frozen" in instructions[index][1]
        assert "--no-dev" in instructions[index][1]


def test_every_file_the_image_copies_exists_and_is_not_docker_ignored() -> None:
    ignored = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = dockerfile_copy_sources()
    for expected in ("pyproject.toml", "uv.lock", "shared/", "services/", "README.md"):
        assert expected in sources
    for source in sources:
        assert (REPO / source).exists(), f"the Dockerfile copies {source}, which does not exist"
        name = source.rstrip("/")
        assert not any(fnmatch.fnmatch(name, pattern) for pattern in ignored), (
            f".dockerignore hides {source}"
        )


def test_image_copies_every_package_the_project_installs() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    packages = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    sources = dockerfile_copy_sources()
    for package in packages:
        assert f"{package}/" in sources, f"the image lacks {package}/ (`webcare migrate` needs it)"


def test_image_runs_as_a_non_root_user_with_the_venv_on_path() -> None:
    instructions = dockerfile_instructions()
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    env = " ".join(args for keyword, args in instructions if keyword == "ENV")
    assert re.search(r"\bPATH=/app/\.venv/bin:\$PATH\b", env)
    assert re.search(r"\bPYTHONUNBUFFERED=1\b", env)


def test_image_bakes_in_no_secrets() -> None:
    for keyword, arguments in dockerfile_instructions():
        if keyword in {"ENV", "ARG"}:
            for name, value in re.findall(r"(\w+)[= ]([^\s]*)", arguments):
                assert not (SECRET_NAME.search(name) and value), f"{keyword} {name} has a value"


def test_docker_context_leaves_out_the_venv_git_and_env_files() -> None:
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text().splitlines()}
    assert {".venv", ".git", ".env"} <= ignored


# --- deploy/env.example ---------------------------------------------------------------------


def test_env_example_documents_every_setting() -> None:
    entries = env_example_entries()
    for field in Settings.model_fields:
        variable = f"WEBCARE_{field.upper()}"
        assert variable in entries, f"{variable} is missing from deploy/env.example"
        comment = entries[variable][2]
        assert comment.startswith("#") and "=" not in comment, f"{variable} has no comment above"


def test_env_example_lists_only_real_variables() -> None:
    compose_variables = set(re.findall(r"\$\{(\w+)", (REPO / "docker-compose.yml").read_text()))
    for variable in env_example_entries():
        if variable.startswith("WEBCARE_"):
            assert variable.removeprefix("WEBCARE_").lower() in Settings.model_fields, variable
        else:
            assert variable in compose_variables, f"{variable} is not used by docker-compose.yml"


def test_env_example_leaves_every_secret_empty_and_asks_for_the_required_ones() -> None:
    entries = env_example_entries()
    for variable, (value, _, _) in entries.items():
        if SECRET_NAME.search(variable):
            assert value == "", f"{variable} has a value in env.example"
    for variable in secret_variables():
        assert entries[variable][1], f"{variable} should be an active (empty) line"
    required = set(re.findall(r"\$\{(\w+):\?", (REPO / "docker-compose.yml").read_text()))
    for variable in required:
        value, active, _ = entries[variable]
        assert active and value == "", f"{variable} is required by compose: list it, empty"
