"""Inputs that carry their uncertainty: a number, or a distribution over numbers.

In a model file, an actor's ``capability`` and ``utility_per_money``, a position's
``position`` and ``salience``, a red line's bounds and a side-payment pool's ``size`` may each
be a number or one of:

====================================  =================================================
``{low: 60, high: 90}``               uniform on [low, high]
``{mode: 85, low: 70, high: 95}``     triangular, most likely at ``mode``
``{mean: 85, sd: 8, low: 60, high: 100}``  normal(mean, sd) truncated to [low, high]
``{values: [20, 35], weights: [3, 1]}``  one of the values (weights default to equal)
====================================  =================================================

Every use of the model that needs one number (``forecast``, ``bargain``, ``apportion``, the
KTAB/BdM writers) uses the distribution's **point**: its most likely value — the mode of a
triangular, the ``mean`` of a truncated normal (its mode when inside the bounds), the value
with the largest weight of a discrete one (the first on a tie) — and the midpoint of a uniform
range, which has no single most likely value. ``accord sweep`` and ``accord sensitivity`` draw
from the whole distribution.

Such a field holds an :class:`UncertainFloat`: a ``float`` equal to the point, carrying the
distribution in ``.distribution``, so code that reads the number keeps working unchanged and
saving the model writes the distribution back.

>>> d = parse_distribution({"mode": 85, "low": 70, "high": 95})
>>> d.kind, d.point, d.support
('triangular', 85.0, (70.0, 95.0))
>>> [round(float(x), 2) for x in d.ppf([0.0, 0.6, 1.0])]
[70.0, 85.0, 95.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

FloatArray = NDArray[np.float64]

SHAPES = (
    "{low, high} (uniform), {mode, low, high} (triangular), "
    "{mean, sd, low, high} (truncated normal) or {values, weights} (discrete)"
)


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    kind: ClassVar[str] = ""

    @property
    def point(self) -> float:
        """The one number point-valued uses take (see the module docstring)."""
        raise NotImplementedError

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value a draw can take."""
        raise NotImplementedError

    def ppf(self, u: ArrayLike) -> FloatArray:
        """Inverse CDF: maps uniform draws in [0, 1] to draws from this distribution."""
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        """The mapping as written in a model file."""
        return self.model_dump(exclude_none=True)


class Uniform(_Shape):
    """Uniform on [low, high]; its point is the midpoint."""

    kind: ClassVar[str] = "uniform"
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
        return self

    @property
    def point(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: ArrayLike) -> FloatArray:
        return self.low + np.asarray(u, dtype=np.float64) * (self.high - self.low)


class Triangular(_Shape):
    """Triangular on [low, high], most likely at ``mode``; its point is the mode."""

    kind: ClassVar[str] = "triangular"
    mode: float
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"mode ({self.mode:g}) must lie between low ({self.low:g}) and high ({self.high:g})"
            )
        return self

    @property
    def point(self) -> float:
        return self.mode

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: ArrayLike) -> FloatArray:
        q = np.asarray(u, dtype=np.float64)
        a, c, b = self.low, self.mode, self.high
        if b == a:
            return np.full_like(q, a)
        split = (c - a) / (b - a)
        left = a + np.sqrt(q * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - q) * (b - a) * (b - c))
        return np.where(q < split, left, right)


class TruncatedNormal(_Shape):
    """Normal(mean, sd) truncated to [low, high]; its point is ``mean``."""

    kind: ClassVar[str] = "truncated-normal"
    mean: float
    sd: float = Field(gt=0)
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> TruncatedNormal:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if not self.low <= self.mean <= self.high:
            raise ValueError(
                f"mean ({self.mean:g}) must lie between low ({self.low:g}) and high ({self.high:g})"
            )
        return self

    @property
    def point(self) -> float:
        return self.mean

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: ArrayLike) -> FloatArray:
        from scipy.stats import truncnorm

        a = (self.low - self.mean) / self.sd
        b = (self.high - self.mean) / self.sd
        q = np.asarray(u, dtype=np.float64)
        out = truncnorm.ppf(q, a, b, loc=self.mean, scale=self.sd)
        return np.clip(np.asarray(out, dtype=np.float64), self.low, self.high)


class Discrete(_Shape):
    """One of ``values``, with probabilities proportional to ``weights`` (equal if omitted);
    its point is the most likely value (the first on a tie)."""

    kind: ClassVar[str] = "discrete"
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Discrete:
        w = self.weights
        if w is not None:
            if len(w) != len(self.values):
                raise ValueError(
                    f"{len(w)} weights for {len(self.values)} values; give one weight per value"
                )
            if any(x < 0 for x in w):
                raise ValueError("weights must not be negative")
            if sum(w) <= 0:
                raise ValueError("weights must not all be zero")
        return self

    def probabilities(self) -> FloatArray:
        """Each value's probability."""
        w = np.ones(len(self.values)) if self.weights is None else np.array(self.weights)
        return np.asarray(w / w.sum(), dtype=np.float64)

    @property
    def point(self) -> float:
        return float(self.values[int(np.argmax(self.probabilities()))])

    @property
    def support(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    def ppf(self, u: ArrayLike) -> FloatArray:
        q = np.asarray(u, dtype=np.float64)
        cum = np.cumsum(self.probabilities())
        cum[-1] = 1.0
        idx = np.minimum(np.searchsorted(cum, q, side="right"), len(self.values) - 1)
        return np.asarray(np.array(self.values, dtype=np.float64)[idx], dtype=np.float64)


Distribution = Uniform | Triangular | TruncatedNormal | Discrete


def parse_distribution(data: Any) -> Distribution:
    """A distribution from its model-file mapping; ``ValueError`` with a readable message.

    The shape is recognised by its keys: ``values`` → discrete, ``sd``/``mean`` → truncated
    normal, ``mode`` → triangular, else ``{low, high}`` → uniform.

    >>> parse_distribution({"mean": 5, "low": 0, "high": 10})
    Traceback (most recent call last):
    ...
    ValueError: truncated normal: sd: Field required
    """
    if isinstance(data, _Shape):
        return data  # type: ignore[return-value]
    if not isinstance(data, dict):
        raise ValueError(f"expected a number or a distribution {SHAPES}")
    keys = set(data)
    cls: type[_Shape]
    if "values" in keys or "weights" in keys:
        cls, name = Discrete, "discrete"
    elif "mean" in keys or "sd" in keys:
        cls, name = TruncatedNormal, "truncated normal"
    elif "mode" in keys:
        cls, name = Triangular, "triangular"
    elif keys & {"low", "high"}:
        cls, name = Uniform, "uniform"
    else:
        raise ValueError(
            f"not a distribution (keys {', '.join(sorted(map(str, keys)))}); use {SHAPES}"
        )
    unknown = sorted(str(k) for k in keys - set(cls.model_fields))
    if unknown:
        allowed = ", ".join(cls.model_fields)
        raise ValueError(
            f"unknown key {unknown[0]!r} for a {name} distribution (allowed: {allowed})"
        )
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(cls.model_fields)
            msg = f"unknown key for a {name} distribution (allowed: {allowed})"
        raise ValueError(f"{name}: {where + ': ' if where else ''}{msg}") from None


class UncertainFloat(float):
    """A float equal to an uncertain input's point, carrying its ``distribution``.

    It prints, formats and computes exactly as the plain point does.

    >>> x = UncertainFloat(parse_distribution({"low": 60, "high": 90}))
    >>> x, f"{x}", x + 1, x.distribution.kind
    (75.0, '75.0', 76.0, 'uniform')
    """

    distribution: Distribution

    def __new__(cls, distribution: Distribution) -> UncertainFloat:
        obj = super().__new__(cls, distribution.point)
        obj.distribution = distribution
        return obj

    def __reduce__(self) -> tuple[Callable[..., UncertainFloat], tuple[Distribution]]:
        return (UncertainFloat, (self.distribution,))


def distribution_of(value: object) -> Distribution | None:
    """The distribution behind a model value, or None for a plain number."""
    return value.distribution if isinstance(value, UncertainFloat) else None


class _UncertainField:
    """Pydantic annotation: a number field that also accepts a distribution.

    Bounds (``ge``/``gt``/``le``) apply to the number and to the whole support of a
    distribution, so a capability range cannot reach below zero nor a salience above 100.
    """

    def __init__(
        self, ge: float | None = None, gt: float | None = None, le: float | None = None
    ) -> None:
        self.ge, self.gt, self.le = ge, gt, le

    def _check(self, lo: float, hi: float, what: str) -> None:
        if self.ge is not None and lo < self.ge:
            raise PydanticCustomError(
                "uncertain_bounds", f"{what} must be at least {self.ge:g} (got {lo:g})"
            )
        if self.gt is not None and lo <= self.gt:
            raise PydanticCustomError(
                "uncertain_bounds", f"{what} must be greater than {self.gt:g} (got {lo:g})"
            )
        if self.le is not None and hi > self.le:
            raise PydanticCustomError(
                "uncertain_bounds", f"{what} must be at most {self.le:g} (got {hi:g})"
            )

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> CoreSchema:
        def validate(value: Any, inner: ValidatorFunctionWrapHandler) -> float:
            if isinstance(value, dict | _Shape):
                try:
                    dist = parse_distribution(value)
                except ValueError as exc:
                    raise PydanticCustomError("distribution", str(exc)) from None
                lo, hi = dist.support
                if not all(math.isfinite(x) for x in (lo, hi, dist.point)):
                    raise PydanticCustomError("distribution", "bounds must be finite numbers")
                self._check(lo, hi, "every value of the distribution")
                return UncertainFloat(dist)
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise PydanticCustomError(
                    "uncertain_type", f"expected a number or a distribution {SHAPES}"
                )
            return float(inner(value))  # bounds of a plain number: pydantic's own messages

        def serialize(value: float) -> Any:
            dist = distribution_of(value)
            return dist.to_data() if dist is not None else float(value)

        return core_schema.no_info_wrap_validator_function(
            validate,
            core_schema.float_schema(allow_inf_nan=False, ge=self.ge, gt=self.gt, le=self.le),
            serialization=core_schema.plain_serializer_function_ser_schema(
                serialize, when_used="always"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        number: dict[str, Any] = {"type": "number"}
        if self.ge is not None:
            number["minimum"] = self.ge
        if self.gt is not None:
            number["exclusiveMinimum"] = self.gt
        if self.le is not None:
            number["maximum"] = self.le
        shapes = [handler(cls.__pydantic_core_schema__) for cls in SHAPE_CLASSES]
        return {"anyOf": [number, *shapes]}


SHAPE_CLASSES: Sequence[type[_Shape]] = (Uniform, Triangular, TruncatedNormal, Discrete)


def uncertain(
    ge: float | None = None, gt: float | None = None, le: float | None = None
) -> _UncertainField:
    """The annotation for an uncertain number field: ``Annotated[float, uncertain(ge=0)]``."""
    return _UncertainField(ge=ge, gt=gt, le=le)
