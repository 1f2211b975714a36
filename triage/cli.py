"""`heard triage`: Mention JSON lines on stdin, one contract output (or error) line each out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer
from pydantic import ValidationError

from shared.events.envelope import report_id_for
from shared.events.mention import Mention
from triage.directory import ENV_VAR, Directory, DirectoryError, directory_path_from_env
from triage.engine import Triage
from triage.model import ModelError, TextModel

app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help="Triage Mention JSON lines from stdin; one output line per input line on stdout.",
)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "mention"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{where}: {err['msg']}{more}"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} at column {exc.colno}"
    return str(exc)


def parse_line(line: str) -> Mention:
    """A Mention from one input line (a bare Mention, or a record holding one under 'mention')."""
    if not line.strip():
        raise ValueError("empty line")
    if '"mention"' not in line:  # the usual case: a bare Mention, parsed by pydantic-core
        try:
            return Mention.model_validate_json(line)
        except ValidationError as exc:
            if exc.errors()[0]["type"] != "json_invalid":
                raise
    data = json.loads(line)
    if isinstance(data, dict) and isinstance(data.get("mention"), dict) and "text" not in data:
        data = data["mention"]
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return Mention.model_validate(data)


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def triage_lines(engine: Triage, lines: Iterable[str], out: TextIO, batch_size: int = 256) -> int:
    """Write one output line per input line, in order; return how many lines were bad."""
    bad = 0
    number = 0
    for chunk in _chunks(lines, batch_size):
        parsed: list[Mention | str] = []
        for line in chunk:
            try:
                parsed.append(parse_line(line))
            except (ValueError, ValidationError) as exc:
                parsed.append(_reason(exc))
        good = [m for m in parsed if isinstance(m, Mention)]
        results = iter(
            engine.assess_many(good, report_ids=[report_id_for(m.platform, m.id) for m in good])
        )
        rows = []
        for item in parsed:
            number += 1
            if isinstance(item, str):
                bad += 1
                rows.append(json.dumps({"line": number, "error": item}, ensure_ascii=False))
                continue
            c = next(results)
            rows.append(json.dumps(engine.contract_output(c, engine.route(c)), ensure_ascii=False))
        out.write("\n".join(rows) + "\n")
        out.flush()
    return bad


@app.callback()
def triage(
    directory: Annotated[
        Path | None,
        typer.Option(
            help=f"Directory folder to use instead of the packaged one (or ${ENV_VAR}).",
            file_okay=False,
        ),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="Model artefact to use instead of the packaged one.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Lines classified per model call.")] = 256,
) -> None:
    """Triage Mention JSON lines from stdin; one output line per input line on stdout."""
    try:
        engine = Triage(
            Directory.load(directory_path_from_env(directory)),
            TextModel.load(model) if model else None,
        )
    except (DirectoryError, ModelError) as exc:
        typer.echo(f"heard triage: cannot start: {exc}", err=True)
        raise typer.Exit(2) from None
    bad = triage_lines(engine, sys.stdin, sys.stdout, batch_size)
    if bad:
        typer.echo(f"heard triage: {bad} bad input line(s)", err=True)
