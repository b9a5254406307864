"""Reading settings from the environment, failing loudly on bad values.

Every variable may also be given as `NAME_FILE` pointing at a file holding the value
(for secrets mounted by an orchestrator).
"""

import json
import os
from pathlib import Path
from typing import Any


class EnvironmentError_(ValueError):
    """A setting in the environment has a value we cannot use."""


def env(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_str(name: str, default: str) -> str:
    value = env(name, default)
    assert value is not None
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise EnvironmentError_(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise EnvironmentError_(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name: str, default: Any) -> Any:
    """A JSON value (an object of overrides, say); empty means the default."""
    value = env(name)
    if value is None or value.strip() == "":
        return default
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise EnvironmentError_(f"{name} must be JSON: {error}") from None
