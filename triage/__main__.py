"""`python -m triage`: the same as `heard triage`."""

from triage.cli import app

app(prog_name="python -m triage")
