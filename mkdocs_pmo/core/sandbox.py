"""`PmoSandbox`: the Jinja environment page templates are parsed and rendered in.

A Jinja `ImmutableSandboxedEnvironment` that in addition only lets templates read attributes
and items of plain data (strings, numbers, lists, dicts, dates, a read-only page view) and only
call the registered macros, Jinja's built-in helpers and methods of plain data. The build
renders pages with it (`mkdocs_pmo.site.macros`); `pmo check` parses them with it
(`mkdocs_pmo.core.templates`), never rendering anything.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemLoader, TemplateNotFound, Undefined
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jinja2 import Environment

#: Largest string or list a template may build with `*` (guards against memory exhaustion).
MAX_SIZE = 1_000_000


@dataclass(frozen=True)
class PageView:
    """What templates may know about the page being rendered (a copy, not the live Page)."""

    title: str
    url: str
    src_uri: str
    meta: Mapping[str, Any]


_SAFE_TYPES: tuple[type, ...] = (
    str,
    int,
    float,
    bool,
    type(None),
    list,
    tuple,
    dict,
    set,
    frozenset,
    range,
    dt.date,
    dt.time,
    dt.timedelta,
    Markup,
    Undefined,
    PageView,
    Namespace,
    Cycler,
    Joiner,
    LoopContext,
    TemplateReference,
    BlockReference,
    Macro,
)


def _refused(obj: Any, name: object) -> str:
    return f"access to {name!r} of a {type(obj).__name__!r} object is not allowed"


def _is_safe_type(obj: Any) -> bool:
    return isinstance(obj, _SAFE_TYPES) and not isinstance(obj, type)


def _sized(name: str, size: Callable[..., int], filter_: Callable[..., Any]) -> Callable[..., Any]:
    """`filter_`, refusing a call whose result `size(*args)` would pass `MAX_SIZE`."""
    # A filter marked `pass_context` / `pass_eval_context` gets that before its value.
    passed = 1 if getattr(filter_, "jinja_pass_arg", None) is not None else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            wanted = size(*args[passed:], **kwargs)
        except (TypeError, ValueError):
            wanted = 0  # the filter itself says what is wrong with its arguments
        if wanted > MAX_SIZE:
            raise SecurityError(f"{name}: result larger than {MAX_SIZE} characters")
        return filter_(*args, **kwargs)

    return guarded


def _center_size(value: Any, width: int = 80) -> int:
    return max(len(str(value)), int(width))


def _indent_size(value: Any, width: int | str = 4, *_: Any, **__: Any) -> int:
    text = str(value)
    step = len(width) if isinstance(width, str) else int(width)
    return len(text) + step * (text.count("\n") + 1)


def _replace_size(value: Any, old: Any, new: Any, count: int | None = None, *_: Any) -> int:
    text, old, new = str(value), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        times = min(times, int(count))
    return len(text) + times * (len(new) - len(old))


#: Filters whose result a small template can make huge (`"x"|center(10**9)`), and its size.
_SIZED_FILTERS: dict[str, Callable[..., int]] = {
    "center": _center_size,
    "indent": _indent_size,
    "replace": _replace_size,
}


class PmoSandbox(ImmutableSandboxedEnvironment):
    """A Jinja sandbox that only navigates plain data and only calls what it was given."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard_filters()

    def guard_filters(self) -> None:
        """Bound the filters that can build a huge string (again after filters are added)."""
        for name, size in _SIZED_FILTERS.items():
            found = self.filters.get(name)
            if found is not None and not getattr(found, "pmo_guarded", False):
                guarded = _sized(name, size, found)
                guarded.pmo_guarded = True  # type: ignore[attr-defined]
                guarded.jinja_pass_arg = getattr(found, "jinja_pass_arg", None)  # type: ignore[attr-defined]
                self.filters[name] = guarded

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return _is_safe_type(obj) and super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, (Macro, Undefined, BlockReference)):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        owner = getattr(obj, "__self__", None)
        bound = isinstance(obj, (types.BuiltinMethodType, types.MethodType))
        return bound and _is_safe_type(owner)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if not _is_safe_type(obj):
            raise SecurityError(
                f"access to {attribute!r} of a {type(obj).__name__!r} is not allowed"
            )
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if not _is_safe_type(obj):
            raise SecurityError(
                f"access to {argument!r} of a {type(obj).__name__!r} is not allowed"
            )
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe"
        )

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise SecurityError("exponent too large")
        if operator_ == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                if sized and len(seq) * times > MAX_SIZE:
                    raise SecurityError(f"result larger than {MAX_SIZE} items")
            return operator.mul(left, right)
        return super().call_binop(context, operator_, left, right)


class ConfinedLoader(FileSystemLoader):
    """A `FileSystemLoader` that refuses files whose real path leaves its folders (symlinks)."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(p) for p in self.searchpath]
        if not any(os.path.commonpath([real, root]) == root for root in roots):
            raise TemplateNotFound(template)
        return source, filename, uptodate
