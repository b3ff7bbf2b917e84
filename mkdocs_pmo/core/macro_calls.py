"""The pmo macros' arguments: what a call may pass, and the calls a template makes.

A call whose arguments do not fit (a missing or extra argument, an unknown document ID, kind
or status, a count below 1) fails the build when its page renders: the macros in
`mkdocs_pmo.site.macros` ask `argument_problem` before doing anything. `pmo check` reads the
same calls from the parsed template (`macro_calls`), without rendering, and asks the same
question of each argument written as a constant, so it refuses them first with the same
message, code (`pmo.template`) and line. Arguments computed when the page renders are left to
the build.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, NamedTuple

from mkdocs_pmo.core.model import STATUSES

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from jinja2 import nodes

    from mkdocs_pmo.core.model import KindSpec


class MacroError(ValueError):
    """A macro used with arguments it cannot work with (shown with file and line)."""


# The macros' signatures, as authors call them (the site's macros are checked against these).
def documents_table(
    kind: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    owner: str | None = None,
) -> None:
    """Markdown table of the documents matching every given filter."""


def implemented_by(doc_id: str) -> None:
    """Markdown list of the documents that implement the standard `doc_id`."""


def referenced_by(doc_id: str) -> None:
    """Markdown list of every document pointing at `doc_id` (any relation or link)."""


def document_link(doc_id: str, text: str | None = None) -> None:
    """Markdown link to a document: `[ID Title](relative.md)`, or with `text`."""


def param(name: str) -> None:
    """A parameter's value with its unit (`85%`), linked to the parameters page."""


def recent_changes(n: int = 5) -> None:
    """Markdown list of the `n` documents changed most recently in git, newest first."""


def document_count(kind: str | None = None, status: str | None = None) -> None:
    """Number of documents matching the filters."""


#: Each macro's signature, by name.
SIGNATURES: dict[str, inspect.Signature] = {
    fn.__name__: inspect.signature(fn)
    for fn in (
        documents_table,
        implemented_by,
        referenced_by,
        document_link,
        param,
        recent_changes,
        document_count,
    )
}


class _Unknown:
    """An argument computed when the page renders (not known to the check)."""

    def __repr__(self) -> str:
        return "<computed>"

    def __reduce__(self) -> str:
        return "UNKNOWN"  # unpickled as this module's one instance (results are cached)


#: Stands for an argument the check cannot know.
UNKNOWN: Any = _Unknown()


def argument_problem(
    name: str,
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    kinds: Iterable[KindSpec],
    doc_ids: Collection[str] | None,
) -> str | None:
    """What is wrong with calling macro `name` with these arguments (None: nothing).

    Arguments that are `UNKNOWN` pass; `doc_ids` are the documents' IDs (None: not known yet,
    any ID passes).
    """
    try:
        values = SIGNATURES[name].bind(*args, **kwargs).arguments
    except TypeError as error:
        return f"{name}(): {error}"
    doc_id = values.get("doc_id", UNKNOWN)
    if doc_ids is not None and doc_id is not UNKNOWN and str(doc_id) not in doc_ids:
        return f"unknown document ID {doc_id!r}"
    kind = values.get("kind")
    if kind is not None and kind is not UNKNOWN and kind_named(kinds, kind) is None:
        known = ", ".join(k.name for k in kinds)
        return f"unknown kind {kind!r}; known kinds: {known}"
    status = values.get("status")
    if status is not None and status is not UNKNOWN and status not in STATUSES:
        return f"unknown status {status!r}; one of: {', '.join(STATUSES)}"
    if name == "param":
        param_name = values.get("name", UNKNOWN)
        if param_name is not UNKNOWN and not isinstance(param_name, str):
            return f"param(name): the name is text in quotes, not {param_name!r}"
    if name == "recent_changes":
        n = values.get("n", 5)
        if n is not UNKNOWN and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            return f"recent_changes(n): n must be a whole number from 1, not {n!r}"
    return None


def kind_named(kinds: Iterable[KindSpec], kind: object) -> str | None:
    """The kind `kind` names (by name, folder, label or plural; any case), or None."""
    wanted = str(kind).casefold()
    for spec in kinds:
        if wanted in {a.casefold() for a in (spec.name, spec.folder, spec.title, spec.name + "s")}:
            return spec.name
    return None


class MacroCall(NamedTuple):
    """A call of a pmo macro in a page's template, its arguments as written."""

    name: str
    #: Positional arguments: the constant's value, or `UNKNOWN`.
    args: tuple[Any, ...]
    #: Keyword arguments, in order: `(keyword, value or UNKNOWN)`.
    kwargs: tuple[tuple[str, Any], ...]
    #: The file line of the call.
    line: int

    def problem(self, kinds: Iterable[KindSpec], doc_ids: Collection[str] | None) -> str | None:
        return argument_problem(self.name, self.args, dict(self.kwargs), kinds, doc_ids)

    def worth_keeping(self, kinds: Iterable[KindSpec]) -> bool:
        """Whether the call has a problem, or names a document (known once all are loaded)."""
        if self.problem(kinds, None) is not None:
            return True
        doc_id = SIGNATURES[self.name].bind(*self.args, **dict(self.kwargs)).arguments.get("doc_id")
        return doc_id is not None and doc_id is not UNKNOWN


def calls_in(tree: nodes.Node, first_line: int, shadowed: Collection[str] = ()) -> list[MacroCall]:
    """The pmo macro calls of a parsed template whose arguments can be read before rendering.

    Calls spreading arguments (`*args`, `**kwargs`) and macros whose names the page's own
    variables hide (`shadowed`) are left out. Lines are file lines (`first_line`: the text's).
    """
    from jinja2 import nodes

    found: list[MacroCall] = []
    for call in tree.find_all(nodes.Call):
        target = call.node
        if not isinstance(target, nodes.Name) or target.name not in SIGNATURES:
            continue
        if target.name in shadowed or call.dyn_args is not None or call.dyn_kwargs is not None:
            continue
        found.append(
            MacroCall(
                target.name,
                tuple(_value(a) for a in call.args),
                tuple((k.key, _value(k.value)) for k in call.kwargs),
                first_line + call.lineno - 1,
            )
        )
    return found


def _value(node: nodes.Expr) -> Any:
    from jinja2 import nodes

    # Literals and arithmetic on them (`-1`); never a filter, test or call (they run code).
    literal = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.UnaryExpr, nodes.BinExpr)
    if isinstance(node, literal) and not any(node.find_all((nodes.Filter, nodes.Test, nodes.Call))):
        try:
            return node.as_const()
        except nodes.Impossible:
            return UNKNOWN
    return UNKNOWN


__all__ = [
    "SIGNATURES",
    "UNKNOWN",
    "MacroCall",
    "MacroError",
    "argument_problem",
    "calls_in",
    "kind_named",
]
