"""The catalogue's data model: kinds, link types, documents and the corpus with backlinks."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from mkdocs_pmo.core.issues import SourceLocation
from mkdocs_pmo.core.load import compose, locate

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from mkdocs_pmo.core.facets import Facet
    from mkdocs_pmo.core.macro_calls import MacroCall
    from mkdocs_pmo.core.parameters import ParamCall, Parameter

STATUSES = ("draft", "proposed", "active", "deprecated", "superseded", "retired")
#: Statuses whose documents are in force (reviews are tracked for these).
IN_FORCE = frozenset({"active", "deprecated"})


@dataclass(frozen=True)
class KindSpec:
    """A kind of document: where it lives, its ID prefix and schema."""

    name: str
    folder: str
    prefix: str
    schema: str
    why_required: bool = True
    label: str = ""

    @property
    def title(self) -> str:
        """The plural label, as a heading shows it: `Standards`, `SOPs`."""
        return self.label or self.name.replace("_", " ").capitalize() + "s"

    @property
    def plural(self) -> str:
        """The plural label inside a sentence: `standards`, `work instructions`, `SOPs`.

        Every sentence about a kind's documents uses this (never `title.lower()`, which makes
        `sops` of `SOPs`).
        """
        return in_sentence(self.title)

    @property
    def singular(self) -> str:
        """One document of the kind inside a sentence: `standard`, `work instruction`, `SOP`.

        From the label when it is the name's plural (`SOPs` for `sop` keeps its capitals),
        else from the name.
        """
        name = self.name.replace("_", " ")
        if self.label and self.label.casefold() == f"{name}s".casefold():
            return in_sentence(self.label[:-1])
        return name


def in_sentence(label: str) -> str:
    """`label` as written inside a sentence: `Standards` → `standards`.

    The first letter goes to lower case unless the first word is an acronym (`SOPs`,
    `IT policies`: a second capital).
    """
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class LinkType:
    """A front-matter relation between documents and the labels of both of its directions."""

    name: str
    outgoing: str
    incoming: str
    target_kinds: tuple[str, ...] = ()
    #: False for relations whose inverse is declared by hand (supersession): no backlink.
    backlink: bool = True


DEFAULT_LINK_TYPES: tuple[LinkType, ...] = (
    LinkType("standards", "Implements", "Implemented by", ("standard",)),
    LinkType("related", "Related", "Referenced by"),
    LinkType("supersedes", "Supersedes", "Superseded by", backlink=False),
    LinkType("superseded_by", "Superseded by", "Supersedes", backlink=False),
)
#: Relation labels, strongest first: a document related to another in several ways is listed
#: under the first (document pages, `pmo impact`'s blast radius); other labels follow.
RELATION_ORDER = (
    "Superseded by",
    "Supersedes",
    "Implements",
    "Implemented by",
    "Related",
    "Referenced by",
)
#: The label under which body `[[ID]]` links appear on their targets.
BODY_LINK_INCOMING = "Referenced by"


class BodyLink(NamedTuple):
    """An `[[ID]]`, `[[ID|text]]` or `[[ID#anchor]]` reference found in a body.

    A named tuple (immutable, like a frozen dataclass, and three times cheaper to make): one
    is made for every reference of every document.
    """

    target: str
    line: int
    col: int
    anchor: str = ""
    text: str = ""
    #: For `[[STD-004.R3]]`: the requirement's number (0: a link to the document or a heading;
    #: -1: a number written with a leading zero).
    requirement: int = 0


def requirement_number(written: str | None) -> int:
    """The number of `[[ID.R3]]` (`"3"` → 3); -1 for one written with a leading zero (`R03`)."""
    if not written:
        return 0
    return int(written) if written[0] != "0" else -1


class NearMiss(NamedTuple):
    """`[[...]]` text shaped like an ID that the reference pattern does not take (`[[std-18]]`).

    The renderer leaves it as text.
    """

    #: What is between the brackets, as written.
    text: str
    line: int
    col: int
    #: A reference with `|text` in a table row, whose `|` ends the cell: no link is made.
    in_table: bool = False


class PlainLink(NamedTuple):
    """A Markdown link `[text](href)` found in a body: its destination as written."""

    href: str
    line: int
    col: int


class Heading(NamedTuple):
    """A heading as the renderer makes it (ATX, setext, or in HTML with `markdown`)."""

    level: int
    #: As written, without closing `#`s or a trailing `{ attr_list }`.
    text: str
    line: int


class Requirement:
    """One requirement of a document (`**R3** — ...` in its `## Requirements` section).

    Immutable by convention. Its plain `text` is made when first read: `pmo check` needs only
    the keyword and the numbers, pages and exports need the text.
    """

    __slots__ = (
        "_text",
        "_values",
        "applies_to",
        "col",
        "doc_id",
        "end_line",
        "keyword",
        "line",
        "number",
        "parameters",
        "source",
    )

    def __init__(
        self,
        doc_id: str,
        number: int,
        line: int,
        col: int,
        source: str,
        keyword: str,
        applies_to: Mapping[str, tuple[str, ...]],
        parameters: tuple[str, ...] = (),
        end_line: int = 0,
        *,
        values: Mapping[str, Parameter] | None = None,
        text: str | None = None,
    ) -> None:
        self.doc_id = doc_id
        self.number = number
        #: File position of the `**R3**` that opens it.
        self.line = line
        self.col = col
        #: Its Markdown as written, after the number and separator (nested lines dedented).
        self.source = source
        #: Its first RFC 2119 keyword (`MUST`, `MUST NOT`, `SHOULD`, `SHOULD NOT`, `MAY`), or "".
        self.keyword = keyword
        #: Whom it binds: every configured facet with its values.
        self.applies_to = applies_to
        #: Names of the parameters its text uses, in order of first use.
        self.parameters = parameters
        #: The last file line it spans.
        self.end_line = end_line
        self._values = values
        self._text = text

    @property
    def text(self) -> str:
        """Plain text (`core/plaintext.py`): markup removed, parameters with their values.

        Inline code keeps its backticks.
        """
        if self._text is None:
            from mkdocs_pmo.core.plaintext import plain_text

            self._text = plain_text(self.source, self._values or {})
        return self._text

    @property
    def id(self) -> str:
        return f"{self.doc_id}.R{self.number}"

    @property
    def anchor(self) -> str:
        return f"R{self.number}"

    def __repr__(self) -> str:
        return f"Requirement({self.id}, {self.keyword or 'no keyword'}, {self.source[:40]!r})"


@dataclass(frozen=True)
class ReviewState:
    """A document's next review as seen on a given day."""

    due: dt.date
    #: Days from that day to `due`: 0 when due that day, negative once overdue.
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


@dataclass(frozen=True)
class Document:
    """One standard, playbook or document of a custom kind, as loaded and validated."""

    id: str
    kind: str
    uri: str
    title: str
    status: str
    owner: str
    summary: str
    meta: Mapping[str, Any]
    body: str
    body_line: int
    relations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    body_links: tuple[BodyLink, ...] = ()
    why: str | None = None
    why_line: int = 0
    #: The front matter's YAML text, parsed again only to locate a problem found later.
    front_matter: str = field(default="", compare=False, repr=False)
    #: Requirements of its `## Requirements` section, in order of appearance.
    requirements: tuple[Requirement, ...] = ()
    #: `param("name")` calls in its body (found by Jinja's parser), in order.
    param_calls: tuple[ParamCall, ...] = ()
    #: Calls of the pmo macros in its template, when the macros plugin renders it (their
    #: document IDs are checked once every document is known).
    macro_calls: tuple[MacroCall, ...] = field(default=(), compare=False, repr=False)
    #: Templates its template includes by name: `(name, line)`, checked on every run (the
    #: included files are not part of its cached result).
    includes: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    #: Headings of its body in document order, as the renderer sees them (anchors are made
    #: from them when a link names one).
    headings: tuple[Heading, ...] = field(default=(), compare=False, repr=False)
    #: `[[...]]` text that looks like a reference but is not one (`[[SDT-018]]`).
    near_misses: tuple[NearMiss, ...] = field(default=(), compare=False, repr=False)
    #: Markdown links `[text](href)` of its body (MkDocs checks the relative ones).
    plain_links: tuple[PlainLink, ...] = field(default=(), compare=False, repr=False)

    #: Requirements by number (made from `requirements`; a number is used once).
    requirements_by_number: Mapping[int, Requirement] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.requirements and not self.requirements_by_number:
            # Frozen: set once here, as the constructor would (a dict read by every check
            # of a requirement link, cheaper than a cached property).
            object.__setattr__(
                self, "requirements_by_number", {r.number: r for r in self.requirements}
            )

    def where(self, key: str) -> SourceLocation:
        """Location of a front-matter key (`related`) or list item (`related[2]`)."""
        name, _, index = key.partition("[")
        path: list[str | int] = [name]
        if index:
            path.append(int(index.rstrip("]")))
        node = compose(self.front_matter)
        line, col = locate(node, path) if node is not None else (1, 1)
        if index and isinstance(self.meta.get(name), str):
            line, col = locate(node, [name])
        return SourceLocation(self.uri, line, col)

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.uri, 1, 1)

    @property
    def version(self) -> str:
        value = self.meta.get("version")
        return value if isinstance(value, str) else ""

    @functools.cached_property
    def tags(self) -> tuple[str, ...]:
        tags = self.meta.get("tags")
        return tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()

    def date(self, key: str) -> dt.date | None:
        value = self.meta.get(key)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return None
        return None

    @functools.cached_property
    def effective(self) -> dt.date | None:
        return self.date("effective")

    @functools.cached_property
    def last_reviewed(self) -> dt.date | None:
        return self.date("last_reviewed")

    @functools.cached_property
    def review_due(self) -> dt.date | None:
        """Next review date: `review_cycle_months` after the last review (or effective date)."""
        months = self.meta.get("review_cycle_months")
        base = self.last_reviewed or self.effective
        if not isinstance(months, int) or isinstance(months, bool) or base is None:
            return None
        return add_months(base, months)

    def review_state(self, today: dt.date) -> ReviewState | None:
        """Where the document's review stands on `today`; None unless in force and scheduled."""
        due = self.review_due
        if due is None or self.status not in IN_FORCE:
            return None
        return ReviewState(due, (due - today).days)

    def targets(self, relation: str) -> tuple[str, ...]:
        return self.relations.get(relation, ())


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Backlink:
    """A document pointing at another, under the incoming label of the relation."""

    label: str
    source: str


class Corpus:
    """The catalogue: documents by ID and path, and backlinks computed once, in linear time."""

    def __init__(
        self,
        documents: Iterable[Document],
        kinds: Iterable[KindSpec],
        link_types: Iterable[LinkType] = DEFAULT_LINK_TYPES,
        *,
        facets: Iterable[Facet] = (),
        parameters: Mapping[str, Parameter] | None = None,
    ) -> None:
        #: Applicability facets, in display order.
        self.facets: tuple[Facet, ...] = tuple(facets)
        #: Parameters of `parameters.yml`, by name, in the file's order.
        self.parameters: dict[str, Parameter] = dict(parameters or {})
        self.kinds: dict[str, KindSpec] = {k.name: k for k in kinds}
        self.link_types: dict[str, LinkType] = {lt.name: lt for lt in link_types}
        self.by_id: dict[str, Document] = {}
        self.by_uri: dict[str, Document] = {}
        for doc in documents:
            self.by_uri[doc.uri] = doc
            self.by_id.setdefault(doc.id, doc)
        order = {name: i for i, name in enumerate(self.kinds)}
        self._ordered: tuple[Document, ...] = tuple(
            sorted(self.by_id.values(), key=lambda d: (order.get(d.kind, 99), d.id))
        )
        self._incoming_sorted: dict[str, dict[str, list[Document]]] = {}
        self._incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for doc in self:
            for name, targets in doc.relations.items():
                link_type = self.link_types.get(name)
                if link_type is None or not link_type.backlink:
                    continue
                for target in targets:
                    self._add_backlink(target, link_type.incoming, doc.id)
            for link in doc.body_links:
                self._add_backlink(link.target, BODY_LINK_INCOMING, doc.id)

    def _add_backlink(self, target: str, label: str, source: str) -> None:
        if target == source or target not in self.by_id:
            return
        sources = self._incoming[target][label]
        if source not in sources:
            sources.append(source)

    def __iter__(self) -> Iterator[Document]:
        """Documents in a stable order: by kind order, then ID (sorted once)."""
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.by_id

    def get(self, doc_id: str) -> Document | None:
        return self.by_id.get(doc_id)

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self if d.kind == kind]

    def incoming(self, doc_id: str) -> dict[str, list[Document]]:
        """Backlinks of a document grouped by label, each list sorted by ID (a fresh copy)."""
        cached = self._incoming_sorted.get(doc_id)
        if cached is None:
            cached = {
                label: [self.by_id[s] for s in sorted(sources)]
                for label, sources in self._incoming.get(doc_id, {}).items()
            }
            self._incoming_sorted[doc_id] = cached
        return {label: list(docs) for label, docs in cached.items()}

    def outgoing(self, doc: Document) -> dict[str, list[Document]]:
        """Resolved front-matter relations of a document grouped by outgoing label."""
        result: dict[str, list[Document]] = {}
        for name, targets in doc.relations.items():
            link_type = self.link_types.get(name)
            label = link_type.outgoing if link_type else name
            found = [self.by_id[t] for t in targets if t in self.by_id and t != doc.id]
            if found:
                result.setdefault(label, []).extend(found)
        return result

    def has_relations(self, doc: Document) -> bool:
        """Whether `outgoing(doc)` or `incoming(doc.id)` would list anything (cheaper)."""
        if self._incoming.get(doc.id):
            return True
        by_id = self.by_id
        return any(
            t in by_id and t != doc.id for targets in doc.relations.values() for t in targets
        )

    def why_first_sentence(self, doc: Document) -> str:
        """The first sentence of `doc`'s Why as a reader sees it, in plain text.

        References read `ID Title`, parameters show their values (`core/plaintext.py`).
        """
        if not doc.why:
            return ""
        from mkdocs_pmo.core.plaintext import first_sentence, plain_text

        return plain_text(first_sentence(doc.why), self.parameters, self.by_id)

    def successors(self, doc: Document) -> list[Document]:
        return [self.by_id[t] for t in doc.targets("superseded_by") if t in self.by_id]
