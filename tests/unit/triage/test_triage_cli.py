"""`heard triage`: JSON lines in, one contract object (or error object) per line out, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from triage.cli import app

DEV = Path(__file__).resolve().parents[3] / "triage" / "data" / "eval" / "public_dev.jsonl"
FIELDS = [
    "mention_id",
    "is_report",
    "category",
    "urgency",
    "location",
    "area",
    "bodies",
    "needs_location",
]
runner = CliRunner()


def dev_mentions(n: int) -> list[str]:
    lines = DEV.read_text().splitlines()[:n]
    return [json.dumps(json.loads(line)["mention"]) for line in lines]


def test_each_input_line_gives_one_output_line_in_order():
    lines = dev_mentions(5)
    result = runner.invoke(app, [], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["mention_id"] for o in out] == [json.loads(x)["id"] for x in lines]
    assert all(list(o) == FIELDS for o in out)


def test_a_bad_line_gives_an_error_object_and_the_run_goes_on():
    good = dev_mentions(2)
    lines = [good[0], "{not json", '{"platform": "x", "id": "1"}', "", good[1]]
    result = runner.invoke(app, [], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == 5
    assert out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert out[2]["line"] == 3 and "author" in out[2]["error"]
    assert out[3] == {"line": 4, "error": "empty line"}
    assert out[4]["mention_id"] == json.loads(good[1])["id"]


def test_extra_fields_in_a_mention_are_ignored():
    mention = json.loads(dev_mentions(1)[0]) | {"lang": "en", "retweets": 4}
    result = runner.invoke(app, [], input=json.dumps(mention) + "\n")
    assert json.loads(result.stdout)["mention_id"] == mention["id"]


def test_a_dev_set_record_with_its_expectation_is_accepted_as_input():
    record = DEV.read_text().splitlines()[0]
    result = runner.invoke(app, [], input=record + "\n")
    assert json.loads(result.stdout)["mention_id"] == json.loads(record)["mention"]["id"]


def test_a_bad_directory_stops_the_run_with_a_message(tmp_path):
    result = runner.invoke(app, ["--directory", str(tmp_path)], input="")
    assert result.exit_code == 2
    assert "cannot start" in result.output and "file is missing" in result.output


def test_the_app_mounts_as_a_subcommand_of_heard():
    heard = typer.Typer()
    heard.add_typer(app, name="triage")

    @heard.command()
    def version() -> None:
        """Another command, so heard is a group."""

    result = runner.invoke(heard, ["triage", "--batch-size", "2"], input="\n".join(dev_mentions(3)))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3


def test_python_dash_m_triage_runs_the_same_command():
    lines = "\n".join(dev_mentions(2)) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "triage"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert [json.loads(x)["mention_id"] for x in proc.stdout.splitlines()] == [
        json.loads(x)["id"] for x in lines.splitlines()
    ]
