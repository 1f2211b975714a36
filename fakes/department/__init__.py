"""A fake departmental system: receives Heard's signed webhooks and answers as scripted."""

from fakes.department.app import DEFAULT_PORT, create_app, run
from fakes.department.config import BodyConfig, DepartmentFakeConfig, Scenario, load_config

__all__ = [
    "DEFAULT_PORT",
    "BodyConfig",
    "DepartmentFakeConfig",
    "Scenario",
    "create_app",
    "load_config",
    "run",
]
