"""Configuration: frozen dataclasses, one comment per default, validated on creation.

Every seed lives here; no code in figgen touches numpy's global random state.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Mapping


class ConfigError(ValueError):
    """A setting has a wrong type, is out of range, or is unknown.

    The message names the setting, the bad value and what would be valid.
    """


def _check_int(name: str, value: Any, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name}={value!r} is not valid: expected an integer >= {minimum}")
    if value < minimum:
        raise ConfigError(f"{name}={value!r} is not valid: expected an integer >= {minimum}")


def _check_float(name: str, value: Any, *, minimum: float, inclusive: bool) -> None:
    bound = f">= {minimum}" if inclusive else f"> {minimum}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{name}={value!r} is not valid: expected a finite number {bound}")
    if value < minimum or (not inclusive and value == minimum):
        raise ConfigError(f"{name}={value!r} is not valid: expected a finite number {bound}")


@dataclass(frozen=True)
class DataConfig:
    """The XOR data set: standard-normal points labelled XOR(x1 > 0, x2 > 0)."""

    n_points: int = 300  # rows of RandomState(seed).randn(n_points, 2), as in the original
    seed: int = 0  # seed of the data's RandomState, as in the original

    def __post_init__(self) -> None:
        _check_int("data.n_points", self.n_points, minimum=1)
        _check_int("data.seed", self.seed, minimum=0)


@dataclass(frozen=True)
class NetworkConfig:
    """A 2-H-2 sigmoid network and how its weights are drawn."""

    hidden: int = 3  # H, hidden sigmoid units; the article's network has 3
    weight_seed: int = 2017  # seed of the weights' RandomState, as in the original
    bias: bool = True  # with zero-initialized biases b1, b2 (without them XOR is out of reach)

    def __post_init__(self) -> None:
        _check_int("network.hidden", self.hidden, minimum=1)
        _check_int("network.weight_seed", self.weight_seed, minimum=0)
        if not isinstance(self.bias, bool):
            raise ConfigError(f"network.bias={self.bias!r} is not valid: expected true or false")


@dataclass(frozen=True)
class WalkthroughConfig:
    """One gradient-descent step on one observation: the article's worked example."""

    data: DataConfig = DataConfig()  # where the observation comes from
    network: NetworkConfig = NetworkConfig()  # the 2-3-2 network with zero biases
    row: int = 0  # which row of the data set is the observation; the original uses row 0
    learning_rate: float = 0.001  # alpha of the update W* = W - alpha dL/dW, as in the original
    reg: float = 0.0  # lambda; the worked example has no regularization

    def __post_init__(self) -> None:
        _check_int("walkthrough.row", self.row, minimum=0)
        if self.row >= self.data.n_points:
            raise ConfigError(
                f"walkthrough.row={self.row!r} is not valid: expected 0 <= row < "
                f"data.n_points={self.data.n_points}"
            )
        _check_float("walkthrough.learning_rate", self.learning_rate, minimum=0.0, inclusive=False)
        _check_float("walkthrough.reg", self.reg, minimum=0.0, inclusive=True)


def from_mapping(cls: type, values: Mapping[str, Any], prefix: str = "") -> Any:
    """Build config dataclass `cls` from a plain mapping (YAML, JSON), rejecting unknown keys.

    Nested dataclass fields take nested mappings. Errors name the dotted setting.
    """
    if not isinstance(values, Mapping):
        raise ConfigError(f"{prefix or cls.__name__}={values!r} is not valid: expected a mapping")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        where = f"{prefix}." if prefix else ""
        raise ConfigError(
            f"unknown setting {where}{unknown[0]}: valid settings are "
            + ", ".join(f"{where}{name}" for name in fields)
        )
    kwargs = {}
    for name, value in values.items():
        default = getattr(cls(), name)
        if dataclasses.is_dataclass(default):
            value = from_mapping(type(default), value, f"{prefix}.{name}" if prefix else name)
        kwargs[name] = value
    return cls(**kwargs)
