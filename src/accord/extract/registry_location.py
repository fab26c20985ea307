"""Where the registry file is: an explicit path, ``$ACCORD_REGISTRY``, ``./actors.yaml``,
else the packaged registry for the 2025 US–Russia talks on Ukraine."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "ACCORD_REGISTRY"
PACKAGED = Path(__file__).with_name("data") / "actors-ukraine-2025.yaml"
LOCAL_NAME = "actors.yaml"


def registry_path(option: str | os.PathLike[str] | None = None) -> Path:
    """Where the CLI reads the registry: ``--registry``, ``$ACCORD_REGISTRY``, ``./actors.yaml``
    when present, else the packaged 2025 registry."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = Path(LOCAL_NAME)
    return local if local.is_file() else PACKAGED
