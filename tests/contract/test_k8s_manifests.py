"""deploy/k8s/ agrees with the code: services, topics, settings, ports and the image.

Offline: PyYAML only. Built-in kinds are also schema-checked when the optional
kubernetes-validate package is installed (it bundles 108 MB of schemas, so it is not a
dependency); Strimzi's custom resources are checked here by hand.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib
import inspect
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

import shared.serve
from heard.devstack import SERVICES
from shared.events import TOPICS, dlq_topic
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
CONSUMERS = tuple(s for s in SERVICES if s != "ingest")

Manifest = dict[str, Any]


@cache
def kustomization() -> Manifest:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


@cache
def manifests() -> tuple[Manifest, ...]:
    docs: list[Manifest] = []
    for resource in kustomization()["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / resource).read_text()) if d]
    return tuple(docs)


def of_kind(kind: str) -> list[Manifest]:
    return [m for m in manifests() if m["kind"] == kind]


def named(kind: str, name: str) -> Manifest:
    found = [m for m in of_kind(kind) if m["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name!r}, found {len(found)}"
    return found[0]


def heard_deployments() -> dict[str, Manifest]:
    """Deployments running the heard image, by the service they serve."""
    found = {}
    for deployment in of_kind("Deployment"):
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        if container["image"].split(":")[0] == "heard":
            found[container["args"][1]] = deployment
    return found


def container_of(deployment: Manifest) -> Manifest:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, deployment["metadata"]["name"]
    return containers[0]


def container_port(container: Manifest, port: int | str) -> int:
    """A probe's or Service's target port (a number or a port name) as a number."""
    if isinstance(port, int):
        return port
    by_name = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    assert port in by_name, f"{container['name']} has no port named {port!r}"
    return by_name[port]


def pods_of(service: Manifest) -> Manifest:
    """The one Deployment whose pods a Service selects."""
    selector = service["spec"]["selector"].items()
    matches = [
        d
        for d in of_kind("Deployment")
        if selector <= d["spec"]["template"]["metadata"]["labels"].items()
    ]
    assert len(matches) == 1, f"Service {service['metadata']['name']} selects {len(matches)}"
    return matches[0]


def service_port_target(service_name: str, port: int) -> int:
    """The container port that a Service's port leads to."""
    service = named("Service", service_name)
    entries = [p for p in service["spec"]["ports"] if p["port"] == port]
    assert len(entries) == 1, f"Service {service_name} does not expose port {port}"
    return container_port(container_of(pods_of(service)), entries[0].get("targetPort", port))


def config_file(configmap: str, key: str) -> Manifest:
    return yaml.safe_load(named("ConfigMap", configmap)["data"][key])


def heard_config() -> dict[str, str]:
    return named("ConfigMap", "heard-config")["data"]


def test_every_file_the_kustomization_lists_exists_and_parses() -> None:
    for resource in kustomization()["resources"]:
        path = K8S / resource
        assert path.is_file(), f"kustomization lists {resource}, which does not exist"
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d]
        assert docs, f"{resource} holds no manifest"
        for doc in docs:
            assert {"apiVersion", "kind", "metadata"} <= doc.keys(), resource
            assert doc["metadata"].get("name"), f"{resource}: a {doc['kind']} without a name"
    assert kustomization()["namespace"] == "heard"


def test_no_secret_is_applied_and_the_example_stays_out_of_the_kustomization() -> None:
    assert "secret.example.yaml" not in kustomization()["resources"]
    assert not of_kind("Secret"), "secrets are created by hand, never applied from the repo"
    example = yaml.safe_load((K8S / "secret.example.yaml").read_text())
    refs = {
        ref["secretRef"]["name"]
        for d in heard_deployments().values()
        for ref in container_of(d).get("envFrom", [])
        if "secretRef" in ref
    }
    assert refs == {example["metadata"]["name"]} == {"heard-secrets"}


def test_the_secret_example_holds_only_settings_of_the_services_that_read_it() -> None:
    settings = [ServiceSettings] + [
        cls
        for s in SERVICES
        for cls in vars(importlib.import_module(f"services.{s}.config")).values()
        if isinstance(cls, type) and issubclass(cls, ServiceSettings)
    ]
    fields = {f"HEARD_{name.upper()}" for cls in settings for name in cls.model_fields}
    example = yaml.safe_load((K8S / "secret.example.yaml").read_text())
    assert example["stringData"].keys() <= fields
    assert {"HEARD_DATABASE_URL", "HEARD_MASTODON", "HEARD_X"} <= example["stringData"].keys()


def test_there_is_one_deployment_per_service_and_each_serves_a_real_one() -> None:
    deployments = heard_deployments()
    assert set(deployments) == set(SERVICES)
    for service, deployment in deployments.items():
        assert container_of(deployment)["args"] == ["serve", service]


def test_the_kustomization_can_retag_every_heard_image() -> None:
    retaggable = {image["name"] for image in kustomization().get("images", [])}
    for service, deployment in heard_deployments().items():
        assert container_of(deployment)["image"].split(":")[0] in retaggable, service


def test_probes_hit_healthz_and_readyz_on_the_port_the_service_listens_on() -> None:
    listen = int(heard_config()["HEARD_HTTP_PORT"])
    for service, deployment in heard_deployments().items():
        container = container_of(deployment)
        assert [p["containerPort"] for p in container["ports"]] == [listen], service
        expected = {
            "livenessProbe": "/healthz",
            "readinessProbe": "/readyz",
            "startupProbe": "/healthz",
        }
        for probe, path in expected.items():
            get = container[probe]["httpGet"]
            assert get["path"] == path, f"{service} {probe}"
            assert container_port(container, get["port"]) == listen, f"{service} {probe}"


def test_every_service_selects_its_deployment_and_reaches_the_http_port() -> None:
    listen = int(heard_config()["HEARD_HTTP_PORT"])
    for service, deployment in heard_deployments().items():
        name = deployment["metadata"]["name"]
        assert pods_of(named("Service", name)) is deployment, service
        assert service_port_target(name, listen) == listen, service


def test_heard_pods_run_as_non_root_on_a_read_only_root_with_a_writable_tmp() -> None:
    user = re.search(r"^USER\s+(\d+)", (ROOT / "Dockerfile").read_text(), re.M)
    assert user, "the Dockerfile must switch to a numeric non-root USER"
    for service, deployment in heard_deployments().items():
        pod = deployment["spec"]["template"]["spec"]
        container = container_of(deployment)
        assert pod["securityContext"]["runAsNonRoot"] is True, service
        assert pod["securityContext"]["runAsUser"] == int(user[1]) != 0, service
        assert container["securityContext"]["readOnlyRootFilesystem"] is True, service
        assert container["securityContext"]["allowPrivilegeEscalation"] is False, service
        tmp = [m["name"] for m in container["volumeMounts"] if m["mountPath"] == "/tmp"]
        assert tmp, f"{service}: /tmp must be writable"
        [volume] = [v for v in pod["volumes"] if v["name"] == tmp[0]]
        assert "emptyDir" in volume, service
        assert {"requests", "limits"} <= container["resources"].keys(), service


def test_pods_get_longer_to_stop_than_the_services_take_to_finish_in_flight_work() -> None:
    grace = re.search(r"timeout_graceful_shutdown=(\d+)", inspect.getsource(shared.serve))
    assert grace, "shared.serve no longer sets uvicorn's timeout_graceful_shutdown"
    for service, deployment in heard_deployments().items():
        period = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        assert period > int(grace[1]), f"{service}: SIGKILL would cut the graceful stop short"


def test_ingest_polls_from_exactly_one_pod_even_during_a_rollout() -> None:
    ingest = heard_deployments()["ingest"]["spec"]
    assert ingest["replicas"] == 1
    assert ingest["strategy"]["type"] == "Recreate"


def test_consumers_run_replicas_that_partitions_can_share_and_a_budget_keeps_one_up() -> None:
    partitions = {t["spec"]["topicName"]: t["spec"]["partitions"] for t in of_kind("KafkaTopic")}
    budgets = of_kind("PodDisruptionBudget")
    deployments = heard_deployments()
    for service in CONSUMERS:
        deployment = deployments[service]
        replicas = deployment["spec"]["replicas"]
        assert 2 <= replicas <= min(partitions.values()), service
        labels = deployment["spec"]["template"]["metadata"]["labels"].items()
        covering = [b for b in budgets if b["spec"]["selector"]["matchLabels"].items() <= labels]
        assert len(covering) == 1, f"{service}: {len(covering)} disruption budgets"
        assert 1 <= covering[0]["spec"]["minAvailable"] < replicas, service


def test_kafka_topics_are_exactly_the_event_topics_and_their_dead_letter_topics() -> None:
    expected = {t for topic in TOPICS for t in (topic, dlq_topic(topic))}
    names = [t["spec"]["topicName"] for t in of_kind("KafkaTopic")]
    assert sorted(names) == sorted(expected)


def test_kafka_topics_belong_to_the_cluster_and_fit_its_brokers() -> None:
    [kafka] = of_kind("Kafka")
    cluster = kafka["metadata"]["name"]
    brokers = sum(
        p["spec"]["replicas"]
        for p in of_kind("KafkaNodePool")
        if p["metadata"]["labels"]["strimzi.io/cluster"] == cluster
        and "broker" in p["spec"]["roles"]
    )
    min_isr = kafka["spec"]["kafka"]["config"]["min.insync.replicas"]
    assert 1 < min_isr < brokers, "acks=all must survive one broker down"
    for topic in of_kind("KafkaTopic"):
        spec, name = topic["spec"], topic["spec"]["topicName"]
        assert topic["apiVersion"] == kafka["apiVersion"] == "kafka.strimzi.io/v1", name
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == cluster, name
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", topic["metadata"]["name"]), name
        assert min_isr < spec["replicas"] <= brokers, name
        assert spec["config"].get("min.insync.replicas", min_isr) < spec["replicas"], name


def test_dead_letter_topics_keep_records_longer_than_their_topics() -> None:
    retention = {
        t["spec"]["topicName"]: t["spec"]["config"]["retention.ms"] for t in of_kind("KafkaTopic")
    }
    for topic in TOPICS:
        assert retention[dlq_topic(topic)] > retention[topic], topic


def test_every_configmap_key_is_a_shared_setting() -> None:
    fields = {f"HEARD_{name.upper()}" for name in ServiceSettings.model_fields}
    unknown = heard_config().keys() - fields
    assert not unknown, f"not fields of shared.settings.ServiceSettings: {sorted(unknown)}"
    ServiceSettings.model_validate(
        {k.removeprefix("HEARD_").lower(): v for k, v in heard_config().items()}
    )


def test_the_kafka_bootstrap_is_the_strimzi_bootstrap_service_of_the_plain_listener() -> None:
    [kafka] = of_kind("Kafka")
    [listener] = [
        li
        for li in kafka["spec"]["kafka"]["listeners"]
        if li["type"] == "internal" and not li["tls"]
    ]
    expected = f"{kafka['metadata']['name']}-kafka-bootstrap:{listener['port']}"
    assert heard_config()["HEARD_KAFKA_BOOTSTRAP_SERVERS"] == expected


def test_the_services_send_traces_to_the_collectors_otlp_http_receiver() -> None:
    url = urlsplit(heard_config()["HEARD_OTLP_ENDPOINT"])
    assert url.scheme == "http" and url.path in ("", "/")
    receiver = config_file("otel-collector-config", "config.yaml")["receivers"]["otlp"]
    http_port = int(receiver["protocols"]["http"]["endpoint"].rsplit(":", 1)[1])
    assert service_port_target(url.hostname, url.port) == http_port


def test_the_collector_exports_to_the_tempo_services_otlp_grpc_receiver() -> None:
    collector = config_file("otel-collector-config", "config.yaml")
    pipeline = collector["service"]["pipelines"]["traces"]
    assert pipeline["exporters"] == ["otlp"] and pipeline["receivers"] == ["otlp"]
    exporter = collector["exporters"]["otlp"]
    assert exporter["tls"]["insecure"] is True
    host, port = exporter["endpoint"].rsplit(":", 1)
    tempo = config_file("tempo-config", "tempo.yaml")
    grpc = tempo["distributor"]["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"]
    assert service_port_target(host, int(port)) == int(grpc.rsplit(":", 1)[1])


def test_tempo_writes_where_its_volume_is_and_grafana_reads_its_query_port() -> None:
    tempo = config_file("tempo-config", "tempo.yaml")
    deployment = named("Deployment", "tempo")
    mounts = {m["mountPath"] for m in container_of(deployment)["volumeMounts"]}
    storage = tempo["storage"]["trace"]
    for path in (storage["wal"]["path"], storage["local"]["path"]):
        assert any(path.startswith(m + "/") for m in mounts), path
    assert deployment["spec"]["template"]["spec"]["securityContext"]["fsGroup"] == 10001
    [datasource] = config_file("grafana-datasources", "tempo.yaml")["datasources"]
    url = urlsplit(datasource["url"])
    assert datasource["type"] == "tempo"
    assert service_port_target(url.hostname, url.port) == tempo["server"]["http_listen_port"]


def test_every_configmap_a_pod_uses_exists() -> None:
    configmaps = {m["metadata"]["name"] for m in of_kind("ConfigMap")}
    for deployment in of_kind("Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        used = {v["configMap"]["name"] for v in pod.get("volumes", []) if "configMap" in v}
        used |= {
            ref["configMapRef"]["name"]
            for c in pod["containers"]
            for ref in c.get("envFrom", [])
            if "configMapRef" in ref
        }
        assert used <= configmaps, deployment["metadata"]["name"]


def test_the_image_installs_every_package_the_services_import() -> None:
    """`pip install .` in the Dockerfile ships only what pyproject's package list includes."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\s*$", dockerfile, re.M)
    assert re.search(r"^RUN .*pip install \.\s*$", dockerfile, re.M)
    assert 'ENTRYPOINT ["heard"]' in dockerfile
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    local = {p.name for p in ROOT.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    imported: set[str] = set()
    for package in ("heard", "services", "shared"):
        for source in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module.split(".")[0])
                elif isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
    missing = {
        name for name in imported & local if not any(fnmatch.fnmatch(name, p) for p in include)
    }
    assert not missing, f"add to [tool.setuptools.packages.find] include: {sorted(missing)}"


def test_built_in_kinds_match_the_kubernetes_schemas() -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    built_in = [m for m in manifests() if "strimzi.io" not in m["apiVersion"]]
    assert built_in
    errors = []
    for manifest in built_in:
        manifest = {**manifest, "metadata": {**manifest["metadata"], "namespace": "heard"}}
        try:
            kubernetes_validate.validate(manifest, "1.33", strict=True)
        except kubernetes_validate.ValidationError as error:
            where = ".".join(map(str, error.path))
            errors.append(
                f"{manifest['kind']} {manifest['metadata']['name']}: {where}: {error.message}"
            )
    assert not errors, "\n".join(errors)
