"""JSON files of the site (data/walkthrough.json, data/training.json): one stable layout.

Apart from `figgen.encode` (which re-exports `json_bytes`) so that the data files depend on
nothing that draws: the build cache keys an output by the figgen modules it imports, and a
change of colour in `figgen.style` must not retrain a network or rewrite its JSON.
"""

from __future__ import annotations

import json
from typing import Any


def json_bytes(data: Any) -> bytes:
    """JSON with a stable layout; floats keep full precision (Python's repr round-trips)."""
    return (json.dumps(data, indent=1, allow_nan=False) + "\n").encode("utf-8")
