"""Page templates (mkdocs-macros' Jinja) checked without rendering: syntax and undefined names.

Used by `pmo check` and by the build (both through `Checker`, before any page renders), only
when the site configures the macros plugin. Each page's text after its front matter is parsed
by the same `PmoSandbox` the build renders with, with the site's delimiters and Jinja
extensions; undefined names are found with `jinja2.meta.find_undeclared_variables` against
the names the build gives every page (`TemplateSettings.names`) and the page's own front
matter. Nothing is rendered, so nothing written in a page is ever run.

What rendering could still find on its own (the build reports it at render time, with the same
code and location): sandbox violations, failing macros, names only some branches define, and
undefined names when the site's macro modules define names this reading cannot know.

`params.<name>` (and `params["<name>"]`) naming no parameter is an undefined name too: the
caller passes the parameter names (`check(..., parameters=...)`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import TemplateNotFound, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SecurityError

from mkdocs_pmo.core.expressions import expressions
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.macro_calls import SIGNATURES, MacroCall, MacroError, calls_in
from mkdocs_pmo.core.parameters import PARAMS, params_named, unknown_parameter_message
from mkdocs_pmo.core.sandbox import ConfinedLoader, PmoSandbox

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from typing import Any

    from mkdocs_pmo.core.model import KindSpec

HINT = "to show template syntax literally, write {{ '{{' }} or wrap it in {% raw %}...{% endraw %}"
#: Jinja extensions the check may load (importing anything else would run code named in the
#: configuration); a site with others is not checked for templates.
SAFE_EXTENSION_PREFIX = "jinja2.ext."
#: Words of the tags that read another template.
_INCLUDING = ("include", "import", "extends")


@dataclass(frozen=True)
class TemplateSettings:
    """What the macros plugin makes of a page: delimiters, extensions, names every page sees."""

    #: Variables and macros every page's template can use (not counting its front matter).
    names: frozenset[str]
    #: mkdocs-macros' `on_undefined: strict`: an undefined name fails rendering.
    undefined_is_error: bool = False
    #: False when macro modules the check cannot read define names (only syntax is checked).
    names_known: bool = True
    #: mkdocs-macros' `render_by_default` (pages opt in with `render_macros: true` when False).
    render_by_default: bool = True
    block_start: str = "{%"
    block_end: str = "%}"
    variable_start: str = "{{"
    variable_end: str = "}}"
    comment_start: str = "{#"
    comment_end: str = "#}"
    #: Where `{% include %}` and `{% import %}` read templates (mkdocs-macros' `include_dir`,
    #: else `docs_dir`); "": not checked.
    include_dir: str = ""
    #: Jinja extensions, by import path (`jinja2.ext.do`).
    extensions: tuple[str, ...] = ()


def describe(error: BaseException) -> str:
    """A template problem in words, with the usual way out."""
    if isinstance(error, SecurityError):
        return f"unsafe template code refused by the sandbox: {error}; {HINT}"
    if isinstance(error, TemplateSyntaxError):
        # `<introspection>` is the name Jinja gives the text when it compiles it to find names.
        shown = error.filename and not error.filename.startswith("<")
        where = f" (in {error.filename})" if shown else ""
        tip = HINT
        if "end of comment" in (error.message or ""):
            tip = f"an attr_list id after a heading is written with a space, `{{ #id }}`; {HINT}"
        return f"template syntax error{where}: {error.message}; {tip}"
    if isinstance(error, MacroError):
        return f"template error: {error}"
    if isinstance(error, TemplateNotFound):
        return f"template not found: {error.name} (includes must stay in the include folder)"
    return f"template error: {type(error).__name__}: {error}"


#: Filters that read an attribute named by an argument (`attribute=` or their first one).
_ATTRIBUTE_FILTERS = frozenset(
    {"attr", "map", "selectattr", "rejectattr", "groupby", "sort", "sum", "unique", "min", "max"}
)


def _first_private_name(tree: nodes.Node) -> tuple[str, int] | None:
    """`(name, line)` of the first private attribute read: the sandbox refuses every one.

    `x.__name`, `x["_name"]`, and a filter reading one by a constant name
    (`x|attr("__class__")`, `xs|map(attribute="__class__")`, `xs|selectattr("a._b")`).
    """
    found: list[tuple[int, str]] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            names = [node.attr]
        elif isinstance(node, nodes.Getitem):
            key = getattr(node, "arg", None)
            if not (isinstance(key, nodes.Const) and isinstance(key.value, str)):
                continue
            names = [key.value]
        elif isinstance(node, nodes.Filter) and node.name in _ATTRIBUTE_FILTERS:
            given = [kw.value for kw in node.kwargs if kw.key == "attribute"]
            if node.name in ("attr", "selectattr", "rejectattr", "groupby", "sum") and node.args:
                given.append(node.args[0])
            names = [
                part
                for arg in given
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str)
                for part in arg.value.split(".")
            ]
        else:
            continue
        found.extend((node.lineno, name) for name in names if name.startswith("_"))
    if not found:
        return None
    line, name = min(found)
    return name, line


def macro_call_issues(
    uri: str, calls: Iterable[MacroCall], kinds: Iterable[KindSpec], doc_ids: Collection[str]
) -> list[Issue]:
    """`pmo.template` for each call the build would refuse, as rendering words it."""
    kinds = tuple(kinds)
    issues = []
    for call in calls:
        problem = call.problem(kinds, doc_ids)
        if problem is not None:
            message = describe(MacroError(problem))
            issues.append(Issue(IssueCode.TEMPLATE_SYNTAX, message, SourceLocation(uri, call.line)))
    return issues


def undefined_message(name: str) -> str:
    return (
        f"template error: '{name}' is undefined; define it under `extra:` in mkdocs.yml (a "
        f"page of docs/ may also set it in its front matter), or {HINT}"
    )


class TemplateChecker:
    """Parses page templates in the build's sandbox and reports what rendering would refuse."""

    def __init__(self, settings: TemplateSettings, kinds: Iterable[KindSpec] = ()) -> None:
        self.settings = settings
        #: The site's kinds (what `documents_table(kind=...)` may name).
        self.kinds = tuple(kinds)
        self.starts = (settings.variable_start, settings.block_start, settings.comment_start)
        #: Per `{{ expression }}`: the names it reads and the parameters it names on `params`.
        self._expressions: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
        #: Per `{{ expression }}`: its pmo macro calls (lines from 1); None if it does not parse.
        self._expression_calls: dict[str, tuple[MacroCall, ...] | None] = {}
        #: The last whole text parsed and its tree (or error): `check`, `macro_calls` and
        #: `includes` read the same page one after another.
        self._last: tuple[str, nodes.Template | TemplateSyntaxError] | None = None
        #: Included templates parsed, by their text: the tree and the names it reads.
        self._included: dict[str, tuple[nodes.Template, set[str]]] = {}

    @functools.cached_property
    def env(self) -> PmoSandbox:
        s = self.settings
        return PmoSandbox(
            block_start_string=s.block_start,
            block_end_string=s.block_end,
            variable_start_string=s.variable_start,
            variable_end_string=s.variable_end,
            comment_start_string=s.comment_start,
            comment_end_string=s.comment_end,
            extensions=list(s.extensions),
            autoescape=True,
        )

    def _parse(self, text: str) -> nodes.Template:
        """`text` parsed in the sandbox (raises `TemplateSyntaxError`), once per page."""
        if self._last is None or self._last[0] is not text:
            try:
                self._last = (text, self.env.parse(text))
            except TemplateSyntaxError as error:
                self._last = (text, error)
        found = self._last[1]
        if isinstance(found, TemplateSyntaxError):
            raise found
        return found

    def _unknown_test(self, tree: nodes.Template) -> tuple[str, int] | None:
        """`(name, line)` of the first `x is name` with a test the environment does not have."""
        tests = self.env.tests
        found = [(n.lineno, n.name) for n in tree.find_all(nodes.Test) if n.name not in tests]
        if not found:
            return None
        line, name = min(found)
        return name, line

    def renders(self, text: str, page_meta: Mapping[str, Any]) -> bool:
        """Whether mkdocs-macros renders this page at all (the pmo sandbox's `render_page`)."""
        wanted = page_meta.get("render_macros")
        if wanted is False or (not self.settings.render_by_default and wanted is not True):
            return False
        return any(start in text for start in self.starts)

    def check(
        self,
        text: str,
        uri: str,
        first_line: int,
        page_names: Iterable[str],
        parameters: Collection[str] | None = None,
    ) -> list[Issue]:
        """Problems of one page's template.

        Args:
            text: The page after its front matter, as mkdocs-macros receives it.
            uri: The page's path from the project root.
            first_line: The file line of the text's first line.
            page_names: The page's own variables (its front-matter keys).
            parameters: The names `params.<name>` may use; None: not checked.
        """
        s = self.settings
        page_names = list(page_names)
        if PARAMS in page_names:  # the page's own `params` hides the parameters
            parameters = None
        if s.block_start not in text and s.comment_start not in text:
            known = s.names.union(page_names)
            if self._clean_expressions(text, known, parameters):
                return []
        try:
            tree = self._parse(text)
            if unsafe := _first_private_name(tree):
                name, line = unsafe
                message = (
                    f"unsafe template code refused by the sandbox: access to attribute '{name}' "
                    f"is unsafe; {HINT}"
                )
                location = SourceLocation(uri, first_line + line - 1)
                return [Issue(IssueCode.TEMPLATE_SYNTAX, message, location)]
            if not s.names_known:
                return []
            # Compiles the template to track its names, without running it: unknown filters
            # and tests fail here, as they fail rendering (in a condition, Jinja leaves them
            # to rendering: looked up below).
            missing = meta.find_undeclared_variables(tree)
            if unknown := self._unknown_test(tree):
                name, line = unknown
                message = describe(TemplateSyntaxError(f"No test named {name!r}.", line))
                return [
                    Issue(
                        IssueCode.TEMPLATE_SYNTAX,
                        message,
                        SourceLocation(uri, first_line + line - 1),
                    )
                ]
        except TemplateSyntaxError as error:
            line = first_line + max(error.lineno or 1, 1) - 1
            return [Issue(IssueCode.TEMPLATE_SYNTAX, describe(error), SourceLocation(uri, line))]
        if not s.undefined_is_error:
            return []
        issues = self._undefined(tree, missing, uri, first_line, page_names)
        if parameters is not None and PARAMS in missing:
            issues.extend(
                Issue(
                    IssueCode.TEMPLATE_SYNTAX,
                    f"template error: {unknown_parameter_message(name, parameters)}",
                    SourceLocation(uri, first_line + line - 1),
                )
                for name, line in params_named(tree)
                if name not in parameters
            )
            issues.sort(key=lambda i: i.location.line)
        return issues

    def macro_calls(self, text: str, first_line: int, page_names: Iterable[str]) -> list[MacroCall]:
        """The pmo macro calls of a page's template that have a problem or name a document.

        In order (`macro_calls.calls_in`); calls that certainly work are left out. None are read
        when the site's own macro modules may define the same names, or when the text does not
        parse (that is reported by `check`).
        """
        s = self.settings
        if not s.names_known or not any(name in text for name in SIGNATURES):
            return []
        shadowed = frozenset(page_names)
        if s.block_start not in text and s.comment_start not in text:
            found = self._calls_by_expression(text, first_line, shadowed)
            if found is not None:
                return found
        try:
            tree = self._parse(text)
        except TemplateSyntaxError:
            return []
        return [c for c in calls_in(tree, first_line, shadowed) if c.worth_keeping(self.kinds)]

    def includes(self, text: str, first_line: int) -> list[tuple[str, int]]:
        """`(name, file line)` of each template the text includes, imports or extends by name.

        `{% include ... ignore missing %}` and names computed when rendering are left out.
        """
        s = self.settings
        if s.block_start not in text or not any(w in text for w in _INCLUDING):
            return []
        try:
            tree = self._parse(text)
        except TemplateSyntaxError:
            return []  # reported by `check`
        found = []
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            name = getattr(node, "template", None)
            if getattr(node, "ignore_missing", False):
                continue
            if isinstance(name, nodes.Const) and isinstance(name.value, str):
                found.append((name.value, first_line + node.lineno - 1))
        return found

    def include_issues(
        self, uri: str, includes: Iterable[tuple[str, int]], page_names: Iterable[str] = ()
    ) -> list[Issue]:
        """`pmo.template` for each included template rendering would refuse, at its include.

        Read with the build's loader (confined to the include folder): one it cannot find or
        parse, and in one it parses, what the including page's own text is checked for
        (private attributes; undefined names, the page's own names `page_names` known too).
        """
        if not self.settings.include_dir:
            return []
        loader = ConfinedLoader(self.settings.include_dir)
        page_names = list(page_names)
        issues = []
        for name, line in includes:
            where = SourceLocation(uri, line)
            try:
                source, filename, _ = loader.get_source(self.env, name)
                # Read on every run (the file may change), parsed once per text: many pages
                # include the same part.
                if source not in self._included:
                    tree = self.env.parse(source, name, filename)
                    self._included[source] = (tree, meta.find_undeclared_variables(tree))
                tree, missing = self._included[source]
            except (TemplateNotFound, TemplateSyntaxError) as error:
                issues.append(Issue(IssueCode.TEMPLATE_SYNTAX, describe(error), where))
                continue
            problems = []
            if unsafe := _first_private_name(tree):
                problems.append(f"access to attribute '{unsafe[0]}' is unsafe")
            if self.settings.names_known and self.settings.undefined_is_error:
                undefined = self._undefined_names(tree, missing, page_names)
                problems.extend(f"'{found}' is undefined" for found, _ in undefined)
            issues.extend(
                Issue(
                    IssueCode.TEMPLATE_SYNTAX,
                    f"template error in the included {name}: {problem}; {HINT}",
                    where,
                )
                for problem in problems
            )
        return issues

    def _calls_by_expression(
        self, text: str, first_line: int, shadowed: frozenset[str]
    ) -> list[MacroCall] | None:
        """`macro_calls` of a text without block tags or comments, expression by expression.

        None if an expression does not parse alone (the whole text is parsed instead).
        """
        pieces = expressions(text, self.settings.variable_start, self.settings.variable_end)
        if pieces is None:
            return None
        calls: list[MacroCall] = []
        line, last = first_line, 0
        cache = self._expression_calls
        for start, expression in pieces:
            if "(" not in expression:
                continue
            found = cache[expression] if expression in cache else self._parse_calls(expression)
            cache[expression] = found
            if found is None:
                return None
            line += text.count("\n", last, start)
            last = start
            here = line - 1
            calls.extend(c._replace(line=here + c.line) for c in found if c.name not in shadowed)
        return calls

    def _parse_calls(self, expression: str) -> tuple[MacroCall, ...] | None:
        try:
            calls = calls_in(self.env.parse(expression), 1)
        except TemplateSyntaxError:
            return None
        return tuple(c for c in calls if c.worth_keeping(self.kinds))

    def _clean_expressions(
        self, text: str, known: frozenset[str], parameters: Collection[str] | None
    ) -> bool:
        """Whether a text without block tags or comments certainly has nothing to report.

        Without them, each `{{ ... }}` is an expression of its own: parsed one by one (and
        remembered, pages repeat the same calls), they cost a fraction of compiling the whole
        text. Any doubt (an expression that does not parse alone, an unknown filter or name)
        sends the text to the full reading, which says what and where.
        """
        s = self.settings
        checks_names = s.undefined_is_error and s.names_known
        pieces = expressions(text, s.variable_start, s.variable_end)
        if pieces is None:
            return False
        for _, expression in pieces:
            found = self._expression_names(expression)
            if found is None:
                return False
            names, named = found
            if checks_names and not names <= known:
                return False
            if checks_names and parameters is not None and any(n not in parameters for n in named):
                return False
        return True

    def _expression_names(self, expression: str) -> tuple[frozenset[str], frozenset[str]] | None:
        """The names `{{ expression }}` reads, and the parameters it names on `params`.

        None if it does not parse alone, or uses a filter or test the environment lacks.
        """
        cache = self._expressions
        if expression in cache:
            return cache[expression]
        env = self.env
        found: tuple[frozenset[str], frozenset[str]] | None
        try:
            tree = env.parse(expression)
        except TemplateSyntaxError:
            found = None
        else:
            names = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
            named = frozenset(n for n, _ in params_named(tree)) if PARAMS in names else None
            found = (names, named or frozenset())
            if _first_private_name(tree) or (
                self.settings.names_known
                and (
                    any(f.name not in env.filters for f in tree.find_all(nodes.Filter))
                    or any(t.name not in env.tests for t in tree.find_all(nodes.Test))
                )
            ):
                found = None
        cache[expression] = found
        return found

    def _undefined(
        self,
        tree: nodes.Template,
        undeclared: set[str],
        uri: str,
        first_line: int,
        page_names: Iterable[str],
    ) -> list[Issue]:
        return [
            Issue(
                IssueCode.TEMPLATE_SYNTAX,
                undefined_message(name),
                SourceLocation(uri, first_line + line - 1),
            )
            for name, line in self._undefined_names(tree, undeclared, page_names)
        ]

    def _undefined_names(
        self, tree: nodes.Template, undeclared: set[str], page_names: Iterable[str]
    ) -> list[tuple[str, int]]:
        """`(name, line)` of each name `tree` reads that rendering would not know, in order."""
        missing = undeclared - self.settings.names - set(page_names)
        if not missing:
            return []
        # `{% if x is defined %}` is how a template asks; asking is not using.
        asked = {
            test.node.name
            for test in tree.find_all(nodes.Test)
            if test.name in ("defined", "undefined") and isinstance(test.node, nodes.Name)
        }
        first: dict[str, int] = {}
        for name in tree.find_all(nodes.Name):
            if name.ctx == "load" and name.name in missing and name.name not in asked:
                first.setdefault(name.name, name.lineno)
        return sorted(first.items(), key=lambda item: item[1])
