"""The command line's rough edges (issue 27): clear one-line errors, honest exit codes, quiet pipes; the Docker
files' settings and the command the image runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from qawl.cli import main
from qawl.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QAWL = str(Path(sys.executable).parent / "qawl")
LABEL_CONFIG = ROOT / "label_config" / "arabic_news.xml"
TEXT = "قال الوزير إن «الوضع مستقر» في بيروت."


# -- score-quotes / score-entities without the shared data --------------------------------------------------
@pytest.mark.parametrize("command, dev_set", [("score-quotes", "quotes_dev"), ("score-entities", "entities_dev")])
def test_score_without_shared_data_names_the_missing_file(command, dev_set, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QAWL_DATA", str(tmp_path / "nowhere"))
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert "Errno" not in err and len(err.strip().splitlines()) == 1
    assert str(tmp_path / "nowhere" / dev_set / "articles.jsonl") in err
    assert "--articles" in err and "--gold" in err and "QAWL_DATA" in err


def test_score_entities_names_a_missing_gold_file(tmp_path, capsys):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["score-entities", "--articles", str(articles), "--gold", str(tmp_path / "gold.jsonl")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "gold.jsonl") in err and "(--gold)" in err and "Errno" not in err


# -- qawl check | head ------------------------------------------------------------------------------------
def test_check_into_a_pipe_closed_early_exits_quietly(tmp_path):
    task = json.loads((ROOT / "tests" / "fixtures" / "defective_predictions.json").read_text(encoding="utf-8"))[0]
    tasks = [{**task, "id": number} for number in range(3000)]  # ~300 kB of problems: far more than a pipe holds
    path = tmp_path / "many_problems.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    process = subprocess.Popen([QAWL, "check", str(path), "--config", str(LABEL_CONFIG)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does after its line
    err = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert first.startswith(b"task 0 ")
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 1


# -- qawl predict on bad input ----------------------------------------------------------------------------
def _predict(tmp_path, capsys, content: str, *flags: str, name: str = "in.jsonl"):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "out.json"
    code = main(["predict", str(source), "-o", str(output), "--no-progress", *flags])
    return code, capsys.readouterr().err, output


def test_predict_empty_file_exits_1_unless_allow_empty(tmp_path, capsys):
    code, err, output = _predict(tmp_path, capsys, "")
    assert code == 1
    assert "holds no tasks" in err and "--allow-empty" in err
    assert json.loads(output.read_text(encoding="utf-8")) == []
    code, err, _ = _predict(tmp_path, capsys, "", "--allow-empty")
    assert code == 0 and "holds no tasks" in err


def test_predict_jsonl_without_text_names_text_and_exits_1(tmp_path, capsys):
    lines = [{"id": "good", "text": TEXT}, {"id": "bad", "body": TEXT}, {"id": "wrong", "text": 7}]
    content = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    code, err, output = _predict(tmp_path, capsys, content)
    assert code == 1
    assert "2 of 3 tasks could not be annotated" in err
    assert "item 2 (id bad): task has no `text`" in err
    assert "item 3 (id wrong): `text` is int, not a string" in err
    assert "data.text" not in err and "--allow-empty" in err
    out = json.loads(output.read_text(encoding="utf-8"))
    assert [task["predictions"][0]["score"] for task in out][1:] == [0.0, 0.0]
    assert out[0]["predictions"][0]["result"]  # the good task is annotated all the same
    code, _, _ = _predict(tmp_path, capsys, content, "--allow-empty")
    assert code == 0


def test_predict_label_studio_tasks_without_text_name_data_text(tmp_path, capsys):
    tasks = [{"id": 1, "data": {"text": TEXT}}, {"id": 2, "data": {"body": TEXT}}]
    code, err, _ = _predict(tmp_path, capsys, json.dumps(tasks, ensure_ascii=False), name="tasks.json")
    assert code == 1
    assert "item 2 (id 2): task has no `data.text`" in err


def test_predict_counts_a_task_whose_annotation_failed(tmp_path, capsys, monkeypatch):
    from qawl.pipeline import Annotator

    annotate = Annotator.annotate

    def failing(self, text):
        if "boom" in text:
            raise RuntimeError("a stage bug")
        return annotate(self, text)

    monkeypatch.setattr(Annotator, "annotate", failing)
    lines = [{"id": "a", "text": TEXT}, {"id": "b", "text": "boom"}]
    code, err, _ = _predict(tmp_path, capsys, "".join(json.dumps(line) + "\n" for line in lines))
    assert code == 1
    assert "1 of 2 tasks could not be annotated" in err and "item 2 (id b): annotation failed" in err


def test_predict_all_good_exits_0_without_a_summary(tmp_path, capsys):
    code, err, _ = _predict(tmp_path, capsys, json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n")
    assert code == 0 and "could not be annotated" not in err


# -- a bad --config names the file -----------------------------------------------------------------------
def test_predict_with_a_missing_config_names_it(tmp_path, capsys):
    missing = tmp_path / "no_such_config.xml"
    code, err, _ = _predict(tmp_path, capsys, json.dumps({"text": TEXT}, ensure_ascii=False), "--config", str(missing))
    assert code == 2 and str(missing) in err and "Traceback" not in err


def test_check_with_a_missing_or_broken_config_names_it(tmp_path, capsys):
    tasks = tmp_path / "tasks.json"
    tasks.write_text("[]", encoding="utf-8")
    missing = tmp_path / "no_such_config.xml"
    assert main(["check", str(tasks), "--config", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    broken = tmp_path / "broken.xml"
    broken.write_text("<View><Text name='text'", encoding="utf-8")
    assert main(["check", str(tasks), "--config", str(broken)]) == 2
    assert str(broken) in capsys.readouterr().err


# -- qawl train ------------------------------------------------------------------------------------------
def test_train_conll_needs_an_output_folder(tmp_path, capsys):
    conll = tmp_path / "train.conll"
    conll.write_text("بيروت B-LOC\n\n", encoding="utf-8")
    assert main(["train", "--conll", str(conll)]) == 2
    err = capsys.readouterr().err
    assert "-o DIR" in err and "nothing is overwritten" in err


def test_train_help_explains_every_flag():
    from qawl.cli import build_parser

    parser = build_parser()
    train = parser._subparsers._group_actions[0].choices["train"]
    for action in train._actions:
        assert action.help, f"qawl train {action.option_strings} has no help"
    text = train.format_help()
    assert "--max-iterations N" in text and "--dev-fraction SHARE" in text


# -- MODEL_DIR -------------------------------------------------------------------------------------------
def test_model_dir_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env({"MODEL_DIR": "var/models"}).model_dir == tmp_path / "var" / "models"
    assert Settings.from_env({}).model_dir == tmp_path / "var" / "models"
    assert Settings.from_mapping({"model_dir": "elsewhere"}, environ={}).model_dir == tmp_path / "elsewhere"
    assert Settings.from_env({"MODEL_DIR": "/srv/qawl/../models"}).model_dir == Path("/srv/models")


def test_server_start_logs_model_dir(tmp_path, caplog):
    from qawl.app import create_app

    with caplog.at_level("INFO", logger="qawl.app"):
        create_app({"model_dir": tmp_path / "models", "basic_auth_user": "", "basic_auth_pass": ""})
    assert f"MODEL_DIR is {tmp_path / 'models'}" in caplog.text


# -- /metrics in Prometheus' format ----------------------------------------------------------------------
def test_metrics_in_prometheus_format_carry_the_json_numbers(client):
    tasks = [{"id": 1, "data": {"text": TEXT}}, {"id": 2, "data": {"text": TEXT}}]
    assert client.post("/predict", json={"tasks": tasks}).status_code == 200
    assert client.get("/health").status_code == 200
    numbers = client.get("/metrics").get_json()  # JSON stays the default
    assert client.get("/metrics", headers={"Accept": "*/*"}).is_json

    asked = client.get("/metrics?format=prometheus")
    scraped = client.get("/metrics", headers={
        "Accept": "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"})
    plain = client.get("/metrics", headers={"Accept": "text/plain"})
    for response in (asked, scraped, plain):
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = asked.get_data(as_text=True)
    samples = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) qawl_\w+ .+", line), line
            continue
        name, value = line.rsplit(" ", 1)
        samples[name] = float(value)
    by_path = numbers["requests"]["by_path"]
    assert samples['qawl_requests_total{path="/predict",status="200"}'] == by_path["/predict"]["statuses"]["200"] == 1
    assert samples['qawl_requests_total{path="/health",status="200"}'] == 1
    assert samples["qawl_tasks_predicted_total"] == numbers["requests"]["tasks_predicted"] == 2
    assert samples['qawl_request_mean_milliseconds{path="/predict"}'] == by_path["/predict"]["mean_ms"]
    assert samples['qawl_gold{kind="annotations"}'] == numbers["gold"]["annotations"] == 0
    assert samples[f'qawl_model_info{{version="{numbers["model_version"]}"}}'] == 1
    assert text.endswith("\n")


def test_prometheus_labels_are_escaped():
    from qawl.metrics import prometheus_text

    text = prometheus_text({"model_version": 'a"b\\c\nd', "requests": {}, "gold": {}, "training": {}, "models": {}})
    assert 'qawl_model_info{version="a\\"b\\\\c\\nd"} 1' in text


def test_prometheus_text_carries_training_and_model_numbers():
    from qawl.metrics import prometheus_text

    training = {"7": {"state": "idle", "requests": 3, "runs": 2, "failures": 1, "last_seconds": 4.5,
                      "finished_at": 1700000000.25, "last_error_at": None, "last_error": "boom",
                      "gold": {"annotations": 12, "received": 14}}}
    models = {"7": {"serving": "qawl-0.1.0+p7.v2", "loaded_at": 1700000001.0, "loading": False, "load_error": None}}
    text = prometheus_text({"model_version": "qawl-0.1.0", "requests": {}, "gold": {"annotations": 12},
                            "training": training, "models": models})
    for line in ['qawl_training_state{project="7",state="idle"} 1', 'qawl_training_runs_total{project="7"} 2',
                 'qawl_training_failures_total{project="7"} 1', 'qawl_training_last_seconds{project="7"} 4.5',
                 'qawl_training_gold{project="7",kind="received"} 14', 'qawl_gold{kind="annotations"} 12',
                 'qawl_project_model_info{project="7",version="qawl-0.1.0+p7.v2"} 1',
                 'qawl_project_model_load_error{project="7"} 0']:
        assert line in text.splitlines(), line
    assert "last_error_at" not in text  # no sample for a time that is not there


# -- the Docker files --------------------------------------------------------------------------------------
def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _dockerfile_exec_form(instruction: str) -> list[str]:
    """The JSON array of the Dockerfile's (last) ``instruction`` line, e.g. CMD, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith(instruction + " ")]
    return json.loads(lines[-1].split("CMD", 1)[1] if instruction == "HEALTHCHECK" else lines[-1][len(instruction):])


def test_compose_file_has_what_the_label_studio_contract_asks_for():
    services = _compose()["services"]
    ls, qawl = services["label-studio"], services["qawl"]
    assert ls["image"] == "heartexlabs/label-studio:1.23.2"
    assert ls["environment"]["ML_BLOCK_LOCAL_IP"] == "false"
    assert ls["environment"]["SSRF_PROTECTION_ENABLED"] == "false"
    assert ls["environment"]["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true"
    assert qawl["environment"]["LABEL_STUDIO_URL"] == "http://label-studio:8080"
    assert qawl["environment"]["MODEL_DIR"].startswith("/data") and "qawl-data:/data" in qawl["volumes"]
    # one API token for both: Label Studio makes it, qawl uses it
    assert ls["environment"]["LABEL_STUDIO_USER_TOKEN"].startswith("${LABEL_STUDIO_API_KEY")
    assert qawl["environment"]["LABEL_STUDIO_API_KEY"].startswith("${LABEL_STUDIO_API_KEY")
    assert {"BASIC_AUTH_USER", "BASIC_AUTH_PASS"} <= set(qawl["environment"])
    assert _dockerfile_exec_form("CMD") == ["qawl", "serve", "--host", "0.0.0.0"]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose (Debian's, set up by setup.sh) "
                    "is not installed")
def test_docker_compose_validates_the_compose_file_and_asks_for_its_secrets(tmp_path):
    """``docker-compose config`` (Compose 1.29.2: it needs no Docker engine) parses and interpolates the file;
    without the three secrets it stops and names the missing one."""
    secrets = {"LABEL_STUDIO_PASSWORD": "test-password", "LABEL_STUDIO_API_KEY": "test-token-123",
               "BASIC_AUTH_PASS": "test-basic-pass"}
    base = {key: value for key, value in os.environ.items() if key not in secrets}
    command = ["docker-compose", "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml"), "config"]
    done = subprocess.run(command, env={**base, **secrets}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load(done.stdout)
    label_studio, qawl = config["services"]["label-studio"], config["services"]["qawl"]
    assert label_studio["environment"]["LABEL_STUDIO_USER_TOKEN"] == qawl["environment"]["LABEL_STUDIO_API_KEY"] \
        == "test-token-123"
    assert qawl["environment"]["BASIC_AUTH_PASS"] == "test-basic-pass"
    assert qawl["environment"]["LABEL_STUDIO_URL"] == "http://label-studio:8080"
    missing = subprocess.run(command, env=base, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert missing.returncode != 0 and "LABEL_STUDIO_PASSWORD" in missing.stderr + missing.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _compose_value(value: str) -> str:
    """``${NAME:-default}`` gives the default, ``${NAME:?…}`` a test value, anything else itself."""
    match = re.fullmatch(r"\$\{(\w+):([-?])(.*)\}", str(value))
    if not match:
        return str(value)
    return match.group(3) if match.group(2) == "-" else f"test-{match.group(1).lower()}"


def test_the_image_command_serves_health_with_the_compose_environment(tmp_path):
    """The image's CMD, run here (no Docker engine): with the compose file's qawl environment (MODEL_DIR in a
    temporary folder, PORT a free port) it answers /health, which asks for basic auth; the image's
    HEALTHCHECK command passes with that environment."""
    environment = {name: _compose_value(value) for name, value in _compose()["services"]["qawl"]["environment"].items()}
    port = _free_port()
    environment.update(MODEL_DIR=str(tmp_path / "data" / "models"), PORT=str(port), THREADS="4",
                       LABEL_STUDIO_URL="http://127.0.0.1:9")  # nothing listens there; /health never calls it
    env = {**os.environ, **environment, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    command = _dockerfile_exec_form("CMD")
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/health"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError as error:
                assert error.code == 401  # up, and asking for the credentials
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "qawl serve did not answer /health within 60 s"
                time.sleep(0.3)
        request = urllib.request.Request(url, headers={"Authorization": Settings.from_env(environment).authorization})
        body = json.loads(urllib.request.urlopen(request, timeout=5).read())
        assert body["status"] == "UP"
        healthcheck = _dockerfile_exec_form("HEALTHCHECK")
        assert healthcheck[0] == "python"
        probe = subprocess.run([sys.executable, *healthcheck[1:]], env=env, capture_output=True, timeout=30)
        assert probe.returncode == 0, probe.stderr.decode()
        wrong = {**env, "BASIC_AUTH_PASS": "wrong"}
        assert subprocess.run([sys.executable, *healthcheck[1:]], env=wrong, capture_output=True,
                              timeout=30).returncode != 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert (tmp_path / "data" / "models").is_dir()  # MODEL_DIR made where the compose file points it


def test_docs_show_the_image_command():
    """The command docs/docker.md tells people to run by hand is the image's."""
    docs = (ROOT / "docs" / "docker.md").read_text(encoding="utf-8")
    assert shlex.join(_dockerfile_exec_form("CMD")) in docs
