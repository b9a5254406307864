"""Every setting read from the environment is listed in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_env_example_lists_every_variable_the_settings_read() -> None:
    settings_source = (ROOT / "vaekst" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_[a-z]+)?\("([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^#? *([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read - listed == set()
