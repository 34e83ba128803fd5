"""prefect.yaml and infra/ agree: deployments, entry points, pools, images, ports (parsed, not run)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import prefect
import pytest
import yaml

from tests.conftest import ROOT

INFRA = ROOT / "infra"
PROJECT = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
POOLS = PROJECT["definitions"]["work_pools"]
WORKER_IMAGE = PROJECT["definitions"]["images"]["worker"]
PREFECT_IMAGE = f"prefecthq/prefect:{prefect.__version__}-python3.11"
DEPLOYMENTS = {d["name"]: d for d in PROJECT["deployments"]}


def compose() -> dict:
    return yaml.safe_load((INFRA / "compose.yaml").read_text(encoding="utf-8"))


def k8s_documents() -> list[dict]:
    documents = []
    for path in sorted((INFRA / "k8s").glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return documents


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of infra/Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (INFRA / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_prefect_yaml_has_the_three_deployments_on_the_process_pool():
    assert PROJECT["prefect-version"] == prefect.__version__
    assert set(DEPLOYMENTS) == {"check-article", "verify-watchlist", "review-report"}
    for name, spec in DEPLOYMENTS.items():
        assert spec["work_pool"] == POOLS["process"]
        path, function = spec["entrypoint"].split(":")
        assert (ROOT / path).is_file()
        # The flow's own name is the deployment's, so "<flow>/<deployment>" reads check-article/check-article.
        assert f"def {function}(" in (ROOT / path).read_text(encoding="utf-8")
        assert f'@flow(name="{name}"' in (ROOT / path).read_text(encoding="utf-8")
    [schedule] = DEPLOYMENTS["verify-watchlist"]["schedules"]
    assert schedule["cron"] == "0 6 * * *" and ZoneInfo(schedule["timezone"]).key == "Europe/London"
    assert DEPLOYMENTS["check-article"]["schedules"] == [] and DEPLOYMENTS["review-report"]["schedules"] == []
    [pull] = PROJECT["pull"]
    assert pull["prefect.deployments.steps.set_working_directory"]["directory"] == "{{ $CROSSCHECK_HOME }}"


def test_the_served_deployments_are_those_of_prefect_yaml():
    from flows.deployments import runner_deployments

    served = {d.name: d for d in runner_deployments()}
    assert set(served) == set(DEPLOYMENTS)
    for name, deployment in served.items():
        spec = DEPLOYMENTS[name]
        assert deployment.parameters == (spec.get("parameters") or {})
        assert deployment.tags == spec["tags"]
        assert deployment.entrypoint == spec["entrypoint"].replace("/", ".").replace(".py:", ".")
    [schedule] = served["verify-watchlist"].schedules
    assert schedule.schedule.cron == "0 6 * * *" and schedule.schedule.timezone == "Europe/London"
    assert schedule.active is True
    assert served["verify-watchlist"].concurrency_limit == 1


def test_the_dockerfile_builds_the_worker_image_prefect_yaml_names():
    instructions = dockerfile()
    [base] = [args for op, args in instructions if op == "FROM"]
    assert base == "python:3.11-slim"
    [workdir] = [args for op, args in instructions if op == "WORKDIR"]
    env = " ".join(args for op, args in instructions if op == "ENV")
    assert f"CROSSCHECK_HOME={workdir}" in env  # prefect.yaml's pull step changes to it
    copied = {path for op, args in instructions if op == "COPY" for path in shlex.split(args)[:-1]}
    for spec in DEPLOYMENTS.values():
        assert spec["entrypoint"].split("/")[0] + "/" in copied
    assert {"prefect.yaml", "examples/", "constraints.txt"} <= copied
    assert any(op == "RUN" and "--constraint constraints.txt" in args for op, args in instructions)
    [cmd] = [json.loads(args) for op, args in instructions if op == "CMD"]
    assert cmd[:3] == ["prefect", "worker", "start"] and cmd[cmd.index("--pool") + 1] == POOLS["process"]["name"]
    assert f"-t {WORKER_IMAGE} " in (INFRA / "Dockerfile").read_text(encoding="utf-8")
    assert POOLS["docker"]["job_variables"]["image"] == POOLS["kubernetes"]["job_variables"]["image"] == WORKER_IMAGE
    ignored = (INFRA / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert all(f"!{path}" in ignored for path in copied)


def test_the_compose_stack_agrees_with_prefect_yaml():
    services = compose()["services"]
    assert {"postgres", "prefect-server", "seaweedfs", "deploy", "worker"} <= set(services)
    server = services["prefect-server"]
    assert server["image"] == PREFECT_IMAGE
    port = int(server["command"][server["command"].index("--port") + 1])
    assert server["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert server["environment"]["PREFECT_UI_API_URL"] == f"http://127.0.0.1:{port}/api"
    assert server["environment"]["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert "@postgres:5432/" in server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]

    weed = services["seaweedfs"]
    s3_port = int(next(a.split("=", 1)[1] for a in weed["command"] if a.startswith("-s3.port=")))
    assert weed["ports"] == [f"127.0.0.1:{s3_port}:{s3_port}"]
    assert "-master.telemetry=false" in weed["command"]
    identities = json.loads((INFRA / "seaweedfs-identities.json").read_text(encoding="utf-8"))
    [credentials] = identities["identities"][0]["credentials"]

    worker = services["worker"]
    assert worker["image"] == services["deploy"]["image"] == WORKER_IMAGE
    assert services["deploy"]["build"] == {"context": "..", "dockerfile": "infra/Dockerfile"}
    assert worker["command"][worker["command"].index("--pool") + 1] == POOLS["process"]["name"]
    assert POOLS["process"]["name"] in services["deploy"]["command"][-1]
    env = worker["environment"]
    assert env["PREFECT_API_URL"] == services["deploy"]["environment"]["PREFECT_API_URL"] == \
        f"http://prefect-server:{port}/api"
    assert env["AWS_ENDPOINT_URL"] == f"http://seaweedfs:{s3_port}"
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == \
        (credentials["accessKey"], credentials["secretKey"])
    # The docker pool's flow-run containers join the compose network.
    assert compose()["networks"]["default"]["name"] in POOLS["docker"]["job_variables"]["networks"]


def test_the_kubernetes_manifests_agree_with_prefect_yaml():
    documents = k8s_documents()
    kinds = {(d["kind"], d["metadata"]["name"]) for d in documents}
    assert {("Namespace", "crosscheck"), ("ServiceAccount", "prefect-worker"), ("Role", "prefect-worker"),
            ("RoleBinding", "prefect-worker"), ("ConfigMap", "crosscheck-settings"), ("Secret", "crosscheck-s3"),
            ("Job", "create-work-pool"), ("Deployment", "prefect-worker")} <= kinds
    namespace = POOLS["kubernetes"]["job_variables"]["namespace"]
    assert all(d["metadata"].get("namespace", namespace) == namespace for d in documents if d["kind"] != "Namespace")
    [worker] = [d for d in documents if d["kind"] == "Deployment"]
    [container] = worker["spec"]["template"]["spec"]["containers"]
    assert container["image"] == f"{PREFECT_IMAGE}-kubernetes"
    args = container["args"]
    assert args[:3] == ["prefect", "worker", "start"] and args[args.index("--pool") + 1] == POOLS["kubernetes"]["name"]
    assert args[args.index("--type") + 1] == "kubernetes"
    assert worker["spec"]["template"]["spec"]["serviceAccountName"] == "prefect-worker"
    [job] = [d for d in documents if d["kind"] == "Job"]
    assert job["spec"]["template"]["spec"]["containers"][0]["image"] == f"{PREFECT_IMAGE}-kubernetes"
    [script] = [d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "crosscheck-work-pool"]
    source = script["data"]["create-pool.py"]
    compile(source, "create-pool.py", "exec")
    assert f'POOL = "{POOLS["kubernetes"]["name"]}"' in source
    assert "crosscheck-settings" in source and "crosscheck-s3" in source
    [settings] = [d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "crosscheck-settings"]
    assert settings["data"]["PREFECT_API_URL"].endswith(":4200/api")
    assert settings["data"]["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def test_deploy_sh_reads_each_pool_from_prefect_yaml(tmp_path: Path):
    """infra/deploy.sh with a stand-in `prefect` that prints what it was asked to do."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "prefect"
    fake.write_text("#!/bin/sh\nprintf '%s\\037' \"$@\"; echo\n", encoding="utf-8")  # one line per call
    fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHON": sys.executable}
    result = subprocess.run(["bash", str(INFRA / "deploy.sh"), "kubernetes"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line, name in zip(lines, DEPLOYMENTS):
        words = line.rstrip("\x1f").split("\x1f")
        assert words[:4] == ["--no-prompt", "deploy", "--name", name]
        assert words[words.index("--pool") + 1] == POOLS["kubernetes"]["name"]
        assert json.loads(words[words.index("--job-variable") + 1]) == POOLS["kubernetes"]["job_variables"]
    wrong = subprocess.run(["bash", str(INFRA / "deploy.sh"), "nomad"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert wrong.returncode != 0 and "unknown work pool kind" in wrong.stderr


@pytest.mark.parametrize("path", ["README.md", "k8s/README.md"])
def test_the_infra_readmes_name_files_that_exist(path: str):
    text = (INFRA / path).read_text(encoding="utf-8")
    base = INFRA if path == "README.md" else INFRA / "k8s"
    for name in re.findall(r"^\| `([^`]+)` \|", text, flags=re.M):
        assert (base / name).exists(), name
