"""Cross-document rules: IDs, references, supersession, reviews. Linear in documents + links."""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from typing import TYPE_CHECKING

from mkdocs_pmo.core.body import id_shape
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.markdown_links import anchor_hint

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from mkdocs_pmo.core.anchors import AnchorIndex
    from mkdocs_pmo.core.model import (
        BodyLink,
        Document,
        KindSpec,
        LinkType,
        NearMiss,
    )


class IdSuggester:
    """The existing ID an ID-shaped text most likely meant (`std-18`, `SDT-018` → `STD-018`).

    Built when first asked: a clean catalogue never pays for it.
    """

    def __init__(self, ids: Iterable[str]) -> None:
        self._ids = ids

    @functools.cached_property
    def _index(self) -> tuple[dict[tuple[str, int], str], dict[int, list[str]]]:
        exact: dict[tuple[str, int], str] = {}
        by_number: dict[int, list[str]] = defaultdict(list)
        for doc_id in self._ids:
            prefix, _, number = doc_id.rpartition("-")
            if number.isdigit():
                exact.setdefault((prefix.upper(), int(number)), doc_id)
                by_number[int(number)].append(doc_id)
        return exact, by_number

    def suggest(self, text: str) -> str | None:
        """An existing ID for `text`, or None if none is close.

        The same prefix ignoring case and leading zeros, else the same number with the closest
        prefix (a typo of it).
        """
        shape = id_shape(text)
        if shape is None:
            return None
        prefix, _, number = shape
        exact, by_number = self._index
        hit = exact.get((prefix.upper(), number))
        if hit is not None:
            return hit
        candidates = {c.rpartition("-")[0]: c for c in sorted(by_number.get(number, ()))}
        close = difflib.get_close_matches(prefix.upper(), list(candidates), n=1, cutoff=0.6)
        return candidates[close[0]] if close else None


def check_corpus(
    documents: Sequence[Document],
    kinds: Mapping[str, KindSpec],
    link_types: Iterable[LinkType],
    today: dt.date,
    unloaded: Mapping[str, str] | None = None,
    *,
    anchors: AnchorIndex | None = None,
) -> Iterator[Issue]:
    """Every cross-document problem of `documents` (which may hold duplicate IDs).

    `unloaded` maps the IDs of files that could not be loaded (recovered from their names) to
    their paths: a reference to one of them is a `pmo.broken-target` that names the file to
    fix, not a `pmo.dangling-ref`. With `anchors`, `[[ID#anchor]]` is checked against the
    target's anchors.
    """
    unloaded = unloaded or {}
    by_id: dict[str, Document] = {}
    for doc in documents:
        first = by_id.setdefault(doc.id, doc)
        if first is not doc:
            yield Issue(
                IssueCode.DUPLICATE_ID,
                f"ID {doc.id} is already used by {first.uri}; IDs are never reused: "
                "take the next free number",
                doc.where("id"),
            )
            yield Issue(
                IssueCode.DUPLICATE_ID,
                f"ID {doc.id} is also used by {doc.uri}",
                first.where("id"),
            )
    prefix_kind = {k.prefix: k for k in kinds.values()}
    suggester = IdSuggester(by_id)
    types = {lt.name: lt for lt in link_types}
    for doc in documents:
        kind = kinds[doc.kind]
        prefix = doc.id.rsplit("-", 1)[0]
        if prefix != kind.prefix:
            expected = prefix_kind.get(prefix)
            hint = f" (a {expected.name} ID: move it to {expected.folder}/)" if expected else ""
            yield Issue(
                IssueCode.ID_PREFIX,
                f"ID {doc.id} does not start with {kind.prefix}-, the prefix of "
                f"{kind.folder}/{hint}",
                doc.where("id"),
            )
        yield from _check_relations(doc, by_id, types, unloaded)
        yield from link_issues(
            doc.uri,
            doc.body_links,
            by_id,
            unloaded,
            self_id=doc.id,
            anchors=anchors,
            suggester=suggester,
            near=doc.near_misses,
        )
        yield from _check_supersession(doc, by_id)
        yield from _check_review(doc, today)
    yield from _supersession_cycles(by_id)


def _broken(target: str, uri: str) -> str:
    return f"{target} is defined in {uri}, which has errors (see above)"


def _check_relations(
    doc: Document,
    by_id: Mapping[str, Document],
    types: Mapping[str, LinkType],
    unloaded: Mapping[str, str],
) -> Iterator[Issue]:
    for name, targets in doc.relations.items():
        link_type = types.get(name)
        for index, target in enumerate(targets):
            found = by_id.get(target)
            if target == doc.id:
                code, message = IssueCode.SELF_REF, f"{name}: {target} is this document itself"
            elif found is None and target in unloaded:
                yield Issue(
                    IssueCode.BROKEN_TARGET,
                    f"{name}: {_broken(target, unloaded[target])}",
                    doc.where(f"{name}[{index}]"),
                    cause=unloaded[target],
                )
                continue
            elif found is None:
                code, message = IssueCode.DANGLING_REF, f"{name}: no document has the ID {target}"
            elif link_type and link_type.target_kinds and found.kind not in link_type.target_kinds:
                allowed = " or ".join(link_type.target_kinds)
                code = IssueCode.WRONG_TARGET_KIND
                message = f"{name}: {target} is a {found.kind}, not a {allowed}"
            else:
                continue
            yield Issue(code, message, doc.where(f"{name}[{index}]"))


def link_issues(
    uri: str,
    links: Iterable[BodyLink],
    by_id: Mapping[str, Document],
    unloaded: Mapping[str, str],
    *,
    self_id: str = "",
    anchors: AnchorIndex | None = None,
    suggester: IdSuggester | None = None,
    near: Iterable[NearMiss] = (),
) -> Iterator[Issue]:
    """Problems of the `[[ID]]` links of the page `uri` (a document's, when `self_id` is its ID).

    Args:
        uri: The page's path from the project root.
        links: Its links, as the body scanner found them.
        by_id: Every loaded document, by ID.
        unloaded: Files that could not be loaded, by the ID in their names.
        self_id: The page's own ID, for a document (a link to itself is an error).
        anchors: The documents' anchors: `[[ID#anchor]]` must name one (unchecked if None).
        suggester: What a mistyped ID meant ("did you mean"), for unknown IDs and near misses.
        near: ID-shaped `[[...]]` text the renderer leaves as text (`[[std-018]]`).
    """
    if suggester is None:
        suggester = IdSuggester(by_id)
    for link in links:
        target = link.target
        found = by_id.get(target)
        if found is not None and link.requirement:
            if link.requirement not in found.requirements_by_number:
                yield Issue(
                    IssueCode.DANGLING_REF,
                    _missing_requirement(found, link.requirement),
                    SourceLocation(uri, link.line, link.col),
                )
        elif found is not None:
            if target == self_id and not link.anchor:
                yield Issue(
                    IssueCode.SELF_REF,
                    f"link [[{target}]] points at this document itself",
                    SourceLocation(uri, link.line, link.col),
                )
            elif link.anchor and anchors is not None:
                known = anchors.of(found)
                if known is not None and link.anchor not in known:
                    yield Issue(
                        IssueCode.MISSING_ANCHOR,
                        _missing_anchor(found, link.anchor, known),
                        SourceLocation(uri, link.line, link.col),
                    )
        elif target in unloaded:
            broken = unloaded[target]
            yield Issue(
                IssueCode.BROKEN_TARGET,
                f"link [[{target}]]: {_broken(target, broken)}",
                SourceLocation(uri, link.line, link.col),
                cause=broken,
            )
        else:
            hint = suggester.suggest(target)
            tip = f"; did you mean {hint}?" if hint else ""
            yield Issue(
                IssueCode.DANGLING_REF,
                f"link [[{target}]]: no document has this ID{tip}",
                SourceLocation(uri, link.line, link.col),
            )
    for miss in near:
        message = _in_table(miss.text) if miss.in_table else _near_miss(miss.text, suggester)
        if message:
            yield Issue(IssueCode.NEAR_MISS_REF, message, SourceLocation(uri, miss.line, miss.col))


def _in_table(text: str) -> str:
    target = text.split("|", 1)[0].rstrip("\\")
    return (
        f"[[{text}]] is not a reference: in a table, a reference cannot have text of its own "
        f"(the `|` ends the cell; escaped, it stays text); write [[{target}]] there"
    )


def _near_miss(text: str, suggester: IdSuggester) -> str:
    """What to say about `[[text]]` shaped like an ID ("" when nothing to say).

    Only text close to an existing ID is reported: `[[XYZ-001]]` with no such document nearby
    is text, most likely meant as such.
    """
    shown = f"[[{text}]] is not a reference (it is shown as plain text)"
    stripped = text.strip()
    shape = id_shape(stripped)
    if stripped != text and shape is not None and shape[0].isupper() and shape[1] == "-":
        return f"{shown}: write it without spaces inside the brackets, [[{stripped}]]"
    hint = suggester.suggest(text)
    if not hint:
        return ""
    shape = id_shape(text)
    if shape is not None and f"{shape[0]}{shape[1]}{shape[2]:03d}" == hint and hint in text:
        after = text.split(hint, 1)[1].strip()
        if after.startswith("."):
            number = "".join(c for c in after.split("|")[0] if c.isdigit())
            written = f"[[{hint}.R{number or '<n>'}]]"
            return f"{shown}: a requirement link is written {written} (a capital R, its number)"
        return f"{shown}: after the ID, an anchor holds only letters, digits and _ . : -"
    return f"{shown}: did you mean {hint}?"


def _missing_anchor(doc: Document, anchor: str, known: frozenset[str]) -> str:
    return (
        f"link [[{doc.id}#{anchor}]]: {doc.uri} has no heading or anchor '{anchor}'"
        + anchor_hint(anchor, known)
    )


def _missing_requirement(doc: Document, number: int) -> str:
    if number < 0:
        return f"link to a requirement of {doc.id}: numbers have no leading zeros (R3, not R03)"
    numbers = [f"R{r.number}" for r in doc.requirements]
    have = (
        f"its requirements: {', '.join(numbers)}"
        if numbers
        else "it has no requirements (no '**R<n>**' items under '## Requirements')"
    )
    return f"link [[{doc.id}.R{number}]]: {doc.id} has no requirement R{number}; {have}"


def _check_supersession(doc: Document, by_id: Mapping[str, Document]) -> Iterator[Issue]:
    successors = doc.targets("superseded_by")
    if doc.status == "superseded" and not successors:
        yield Issue(
            IssueCode.SUPERSESSION,
            "status is superseded but superseded_by is missing: name the successor",
            doc.where("status"),
        )
    if successors and doc.status and doc.status != "superseded":
        yield Issue(
            IssueCode.SUPERSESSION,
            f"superseded_by is set but status is {doc.status}; set status: superseded",
            doc.where("status"),
        )
    for index, target in enumerate(successors):
        successor = by_id.get(target)
        if (
            successor is not None
            and successor.id != doc.id
            and doc.id not in successor.targets("supersedes")
        ):
            yield Issue(
                IssueCode.SUPERSESSION,
                f"superseded_by: {target} does not list {doc.id} in its supersedes",
                doc.where(f"superseded_by[{index}]"),
            )
    for index, target in enumerate(doc.targets("supersedes")):
        older = by_id.get(target)
        if older is None or older.id == doc.id:
            continue
        if doc.id not in older.targets("superseded_by"):
            yield Issue(
                IssueCode.SUPERSESSION,
                f"supersedes: {target} does not list {doc.id} in its superseded_by",
                doc.where(f"supersedes[{index}]"),
            )
        elif older.status != "superseded":
            yield Issue(
                IssueCode.SUPERSESSION,
                f"supersedes: {target} still has status {older.status or 'unset'}; "
                "it should be superseded",
                doc.where(f"supersedes[{index}]"),
            )


def _check_review(doc: Document, today: dt.date) -> Iterator[Issue]:
    due = doc.review_due
    if due is None or due >= today:  # the common case, decided without building a state
        return
    state = doc.review_state(today)
    if state is None or not state.overdue:
        return
    key = "last_reviewed" if doc.last_reviewed else "effective"
    since = "the last review" if key == "last_reviewed" else "the effective date"
    yield Issue(
        IssueCode.REVIEW_OVERDUE,
        f"review overdue since {state.due.isoformat()} "
        f"({doc.meta.get('review_cycle_months')} months after {since}, "
        f"{doc.meta.get(key)}); after the review, set last_reviewed to its date",
        doc.where(key),
    )


def _supersession_cycles(by_id: Mapping[str, Document]) -> Iterator[Issue]:
    """Cycles in the `supersedes` graph, each reported once, found without recursion."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(by_id, WHITE)
    for start in sorted(by_id):
        if colour[start] != WHITE:
            continue
        path: list[str] = [start]
        colour[start] = GREY
        stack: list[tuple[str, Iterator[str]]] = [(start, _predecessors(by_id, start))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = BLACK
                path.pop()
                stack.pop()
            elif colour[child] == WHITE:
                colour[child] = GREY
                path.append(child)
                stack.append((child, _predecessors(by_id, child)))
            elif colour[child] == GREY:
                cycle = path[path.index(child) :]
                first = min(cycle)
                rotated = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
                doc = by_id[first]
                chain = " → ".join([*rotated, first])
                yield Issue(
                    IssueCode.SUPERSESSION_CYCLE,
                    f"supersession cycle: {chain}",
                    doc.where("supersedes"),
                )


def _predecessors(by_id: Mapping[str, Document], doc_id: str) -> Iterator[str]:
    return iter([t for t in by_id[doc_id].targets("supersedes") if t in by_id])
