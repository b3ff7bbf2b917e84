"""What a change does to the catalogue: compare two `Corpus` objects (base and head).

Pure: no git, no files. Documents are matched by ID. A document whose ID stayed the same
but whose path changed is *moved*; a file whose path stayed the same but whose ID changed
(and the old ID is gone) is *renumbered*, which breaks every link to the old ID
(`pmo.id-changed`). A body change without a `version` change is `pmo.unversioned-change`,
except for documents that were still drafts at the base (drafts are not in force) or that
had no `version` to bump.

Requirements are compared by number, document by document: added, removed, reworded (with a
word diff of the Markdown as written), re-keyworded and re-scoped (whom they bind). A new
keyword, an added or removed requirement, or new applicability needs a MAJOR version bump;
wording alone a MINOR one; a smaller bump is `pmo.version-bump`, naming the requirements. A
number that a document used before (in its history, before the base) coming back with other
text is `pmo.req-number-reused`. Each changed parameter is listed with the requirements and
the documents that use it. The blast radius lists each dependent document once, under its
strongest relation (`RELATION_ORDER`), as document pages do.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.export import used_by, used_in
from mkdocs_pmo.core.issues import Issue, IssueCode, Report, Severity, SourceLocation
from mkdocs_pmo.core.model import RELATION_ORDER
from mkdocs_pmo.core.requirements import keywords_of

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from mkdocs_pmo.core.model import Corpus, Document
    from mkdocs_pmo.core.parameters import Parameter

    #: For a document at the base: number → (text as written, commit) of the requirements it
    #: had in earlier versions (before the base), the latest version of each.
    EarlierRequirements = Callable[[Document], Mapping[int, tuple[str, str]]]


class Bump(enum.IntEnum):
    """How much a version went up, or must go up."""

    NONE = 0
    MINOR = 1
    MAJOR = 2

    @property
    def word(self) -> str:
        return self.name


def version_bump(old: str, new: str) -> Bump:
    """How much `new` bumps `old` (`MAJOR.MINOR`); NONE if either is not a version."""
    a, b = _version(old), _version(new)
    if a is None or b is None:
        return Bump.NONE
    if b[0] > a[0]:
        return Bump.MAJOR
    if b[0] == a[0] and b[1] > a[1]:
        return Bump.MINOR
    return Bump.NONE


def _version(text: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"([0-9]+)\.([0-9]+)", text.strip())
    return (int(m[1]), int(m[2])) if m else None


@dataclass(frozen=True)
class RequirementChange:
    """One requirement that was added, removed or changed, and the bump that needs."""

    doc: DocRef
    id: str
    #: `added`, `removed` or `changed`.
    change: str
    old_keyword: str = ""
    new_keyword: str = ""
    old_text: str = ""
    new_text: str = ""
    old_applies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    new_applies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reworded: bool = False
    rekeyworded: bool = False
    rescoped: bool = False
    #: It shows other parameters (`param("x")` swapped for another): its thresholds changed.
    reparameterised: bool = False
    #: Word diff of a reworded requirement: (`=`, `-` or `+`, words).
    words: tuple[tuple[str, str], ...] = ()
    bump: Bump = Bump.NONE

    @property
    def what(self) -> list[str]:
        """What changed, in words (`reworded`, `re-keyworded`, `re-scoped`, `re-parameterised`)."""
        if self.change != "changed":
            return [self.change]
        return [
            word
            for word, flag in (
                ("re-keyworded", self.rekeyworded),
                ("re-scoped", self.rescoped),
                ("re-parameterised", self.reparameterised),
                ("reworded", self.reworded),
            )
            if flag
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.doc.id,
            "path": self.doc.uri,
            "change": self.change,
            "changes": self.what,
            "keyword": {"from": self.old_keyword or None, "to": self.new_keyword or None},
            "text": {"from": self.old_text or None, "to": self.new_text or None},
            "applies_to": {
                "from": {k: list(v) for k, v in self.old_applies.items()},
                "to": {k: list(v) for k, v in self.new_applies.items()},
            },
            "word_diff": [{"op": op, "text": text} for op, text in self.words],
            "bump": self.bump.word,
        }


@dataclass(frozen=True)
class ParameterChange:
    """A parameter added, removed or changed (value or unit), and who uses it now."""

    name: str
    change: str
    old: str
    new: str
    used_by: tuple[str, ...]
    #: IDs of the documents that show it (in prose or requirements).
    documents: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "change": self.change,
            "from": self.old or None,
            "to": self.new or None,
            "used_by": list(self.used_by),
            "documents": list(self.documents),
        }


@dataclass(frozen=True)
class DocRef:
    """A document as the report shows it."""

    id: str
    kind: str
    uri: str
    title: str
    status: str
    version: str

    @classmethod
    def of(cls, doc: Document) -> DocRef:
        return cls(doc.id, doc.kind, doc.uri, doc.title, doc.status, doc.version)

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "kind": self.kind,
            "path": self.uri,
            "title": self.title,
            "status": self.status,
            "version": self.version,
        }


@dataclass(frozen=True)
class ValueChange:
    """A field of one document that went from `old` to `new` (`""` when absent)."""

    doc: DocRef
    old: str
    new: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.doc.id, "path": self.doc.uri, "from": self.old, "to": self.new}


@dataclass(frozen=True)
class Modified:
    """A document present on both sides whose front matter or body differs."""

    doc: DocRef
    fields: tuple[str, ...]
    body_changed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc.id,
            "path": self.doc.uri,
            "fields": list(self.fields),
            "body_changed": self.body_changed,
        }


@dataclass(frozen=True)
class Dependents:
    """The documents that point at a changed document, by incoming label."""

    doc: DocRef
    why: str
    incoming: Mapping[str, tuple[DocRef, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc.id,
            "title": self.doc.title,
            "kind": self.doc.kind,
            "path": self.doc.uri,
            "change": self.why,
            "incoming": {
                label: [d.to_dict() for d in docs] for label, docs in self.incoming.items()
            },
        }


@dataclass
class ImpactReport:
    """Everything `pmo impact` reports, in stable order."""

    added: list[DocRef] = field(default_factory=list)
    removed: list[DocRef] = field(default_factory=list)
    #: Same ID, new path (`old` and `new` are paths).
    moved: list[ValueChange] = field(default_factory=list)
    #: Same path, new ID (`old` and `new` are IDs).
    renumbered: list[ValueChange] = field(default_factory=list)
    status_changes: list[ValueChange] = field(default_factory=list)
    version_changes: list[ValueChange] = field(default_factory=list)
    modified: list[Modified] = field(default_factory=list)
    requirements: list[RequirementChange] = field(default_factory=list)
    parameters: list[ParameterChange] = field(default_factory=list)
    blast_radius: list[Dependents] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.moved
            or self.renumbered
            or self.modified
            or self.parameters
        )

    def failed(self, *, strict: bool = False) -> bool:
        worst = Severity.WARNING if strict else Severity.ERROR
        return any(i.severity.rank >= worst.rank for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [d.to_dict() for d in self.added],
            "removed": [d.to_dict() for d in self.removed],
            "moved": [c.to_dict() for c in self.moved],
            "renumbered": [
                {"path": c.doc.uri, "from": c.old, "to": c.new} for c in self.renumbered
            ],
            "status_changes": [c.to_dict() for c in self.status_changes],
            "version_changes": [c.to_dict() for c in self.version_changes],
            "modified": [m.to_dict() for m in self.modified],
            "requirements": [r.to_dict() for r in self.requirements],
            "parameters": [p.to_dict() for p in self.parameters],
            "blast_radius": [d.to_dict() for d in self.blast_radius],
            "issues": [
                {
                    "code": i.code.value,
                    "severity": i.severity.value,
                    "message": i.message,
                    "path": i.location.uri,
                    "line": i.location.line,
                    "col": i.location.col,
                }
                for i in self.issues
            ],
        }


def normalise_body(body: str) -> str:
    """The body with line endings, trailing spaces and surrounding blank lines ignored."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def compare(
    base: Corpus,
    head: Corpus,
    *,
    base_label: str = "the base",
    levels: Mapping[IssueCode, Severity] | None = None,
    earlier: EarlierRequirements | None = None,
) -> ImpactReport:
    """Compare the catalogue at `base` with `head` and find what changed and who depends on it.

    Args:
        base: the catalogue at the base ref.
        head: the catalogue being proposed (usually the working tree).
        base_label: how messages name the base, e.g. `origin/main`.
        levels: issue level overrides from the `validation:` option.
        earlier: the requirements a base document had before the base (from its history),
            to find numbers reused with other text; None to skip that check.
    """
    report = ImpactReport()
    issues = Report(levels=levels or {})
    renumbered_old: set[str] = set()
    renumbered_new: set[str] = set()
    for was, now in _renumbered(base, head):
        renumbered_old.add(was.id)
        renumbered_new.add(now.id)
        report.renumbered.append(ValueChange(DocRef.of(now), was.id, now.id))
        issues.add(
            IssueCode.ID_CHANGED,
            f"ID changed from {was.id} to {now.id} since {base_label}: IDs are permanent and "
            f"every link to {was.id} breaks; restore the ID, or add a new document that "
            f"supersedes {was.id}",
            now.where("id"),
        )

    for doc in head:
        if doc.id not in base.by_id and doc.id not in renumbered_new:
            report.added.append(DocRef.of(doc))
    for doc in base:
        if doc.id not in head.by_id and doc.id not in renumbered_old:
            report.removed.append(DocRef.of(doc))

    changed: dict[str, str] = {}
    for new in head:
        old = base.get(new.id)
        if old is None:
            continue
        ref = DocRef.of(new)
        what: list[str] = []
        if old.uri != new.uri:
            report.moved.append(ValueChange(ref, old.uri, new.uri))
            what.append(f"moved from {old.uri}")
        if old.status != new.status:
            report.status_changes.append(ValueChange(ref, old.status, new.status))
            what.append(f"status {old.status} → {new.status}")
        if old.version != new.version:
            report.version_changes.append(ValueChange(ref, old.version, new.version))
            what.append(f"version {old.version or '(none)'} → {new.version or '(none)'}")
        fields = tuple(
            sorted(k for k in set(old.meta) | set(new.meta) if old.meta.get(k) != new.meta.get(k))
        )
        body_changed = normalise_body(old.body) != normalise_body(new.body)
        if fields or body_changed:
            report.modified.append(Modified(ref, fields, body_changed))
            if body_changed:
                what.append("text changed")
            elif not what:
                what.append("front matter changed: " + ", ".join(fields))
        if what:
            changed[new.id] = "; ".join(what)
        req_changes = requirement_changes(old, new, ref)
        report.requirements += req_changes
        if req_changes and "text changed" not in what:
            what.append("requirements changed")
        _moved_numbers(old, new, issues)
        if earlier is not None:
            _reused_numbers(old, new, earlier, base_label, issues)
        needed = max((c.bump for c in req_changes), default=Bump.NONE)
        in_force_before = old.version and old.status != "draft"
        bumped = version_bump(old.version, new.version)
        # Wording changed and nothing bumped: `pmo.unversioned-change` below says it.
        minor_unbumped = needed is Bump.MINOR and bumped is Bump.NONE and body_changed
        if in_force_before and needed > bumped and not minor_unbumped:
            names = ", ".join(c.id for c in req_changes if c.bump > bumped)
            done = "not bumped" if bumped is Bump.NONE else f"a {bumped.word} bump"
            issues.add(
                IssueCode.VERSION_BUMP,
                f"{new.id}: {names} changed since {base_label} "
                f"({_summary(req_changes, bumped)}): that needs a {needed.word} version bump, "
                f'the version was {done} ("{old.version}" → "{new.version}")',
                new.where("version") if "version" in new.meta else new.location,
            )
        elif body_changed and in_force_before and bumped is Bump.NONE:
            if old.version == new.version:
                state = f'its version is still "{new.version}"'
            elif new.version:
                state = f'its version went from "{old.version}" to "{new.version}"'
            else:
                state = f'its version ("{old.version}") was removed'
            changed_reqs = _summary(req_changes, bumped)
            need = (
                f" ({changed_reqs}): that needs a MINOR version bump"
                if changed_reqs
                else ": bump `version` (MINOR for wording and clarifications, MAJOR when what it "
                "requires changes)"
            )
            issues.add(
                IssueCode.UNVERSIONED_CHANGE,
                f"{new.id}'s text changed since {base_label} but {state}{need}",
                new.where("version") if "version" in new.meta else new.location,
            )

    report.parameters = parameter_changes(
        base.parameters, head.parameters, used_by(head), used_in(head)
    )
    for new in head:
        if new.id in changed:
            _add_dependents(report, head, new, changed[new.id])
    for old in base:
        if old.id not in head.by_id:
            # Who depended on it, as they were at the base: their links now dangle.
            why = "renumbered" if old.id in renumbered_old else "removed"
            _add_dependents(report, base, old, why)
    report.issues = issues.issues
    return report


def _renumbered(base: Corpus, head: Corpus) -> list[tuple[Document, Document]]:
    """`(old, new)`: a document whose ID changed, at the same path or renamed with it.

    Renamed with it: the same folder and the same name after the ID
    (`STD-029-sizing.md` → `STD-031-sizing.md`), the old ID gone and the new one new.
    """
    gone = {doc.id: doc for doc in base if doc.id not in head.by_id}
    by_name = {_after_id(doc): doc for doc in gone.values()}
    pairs = []
    for uri, new in sorted(head.by_uri.items()):
        if new.id in base.by_id or head.by_id.get(new.id) is not new:
            continue  # not new, or a duplicate ID (`pmo check` reports it)
        old = base.by_uri.get(uri) if uri in base.by_uri else by_name.get(_after_id(new))
        if old is None or old.id not in gone or base.by_id.get(old.id) is not old:
            continue
        del gone[old.id]
        by_name.pop(_after_id(old), None)
        pairs.append((old, new))
    return pairs


def _after_id(doc: Document) -> tuple[str, str]:
    """A document's folder and its file name without the ID it starts with."""
    folder, _, name = doc.uri.rpartition("/")
    return folder, name[len(doc.id) :] if name.startswith(doc.id) else f"\0{name}"


def _add_dependents(report: ImpactReport, corpus: Corpus, doc: Document, why: str) -> None:
    """Who points at `doc`, by label: each document once, under its strongest relation."""
    rank = {label: i for i, label in enumerate(RELATION_ORDER)}
    groups = corpus.incoming(doc.id)
    listed: set[str] = set()
    incoming: dict[str, tuple[DocRef, ...]] = {}
    for label in sorted(groups, key=lambda label: rank.get(label, len(rank))):
        refs = {d.id: DocRef.of(d) for d in groups[label] if d.id not in listed}
        if refs:
            listed.update(refs)
            incoming[label] = tuple(refs.values())
    if incoming:
        report.blast_radius.append(Dependents(DocRef.of(doc), why, incoming))


def _norm(text: str) -> str:
    return " ".join(text.split())


def requirement_changes(old: Document, new: Document, ref: DocRef) -> list[RequirementChange]:
    """Requirement-level changes of one document, by number (head order, removed last)."""
    before = old.requirements_by_number
    after = new.requirements_by_number
    changes: list[RequirementChange] = []
    for number, req in after.items():
        was = before.get(number)
        if was is None:
            changes.append(
                RequirementChange(
                    ref,
                    req.id,
                    "added",
                    new_keyword=req.keyword,
                    new_text=req.text,
                    new_applies=req.applies_to,
                    bump=Bump.MAJOR,
                )
            )
            continue
        reworded = _norm(was.source) != _norm(req.source)
        # Every keyword counts: MUST → SHOULD in the second half of "MUST ... and MUST ...".
        rekeyworded = was.keyword != req.keyword or (
            reworded and keywords_of(was.source) != keywords_of(req.source)
        )
        rescoped = dict(was.applies_to) != dict(req.applies_to)
        # Another parameter shown, with another value: the threshold changed. (A number made a
        # parameter, showing the same, is wording.)
        reparameterised = (
            reworded
            and bool(was.parameters)
            and sorted(was.parameters) != sorted(req.parameters)
            and _norm(was.text) != _norm(req.text)
        )
        if not (reworded or rekeyworded or rescoped):
            continue
        changes.append(
            RequirementChange(
                ref,
                req.id,
                "changed",
                old_keyword=was.keyword,
                new_keyword=req.keyword,
                old_text=was.text,
                new_text=req.text,
                old_applies=was.applies_to,
                new_applies=req.applies_to,
                reworded=reworded,
                rekeyworded=rekeyworded,
                rescoped=rescoped,
                reparameterised=reparameterised,
                words=word_diff(was.source, req.source) if reworded else (),
                bump=Bump.MAJOR if rekeyworded or rescoped or reparameterised else Bump.MINOR,
            )
        )
    for number, was in before.items():
        if number not in after:
            changes.append(
                RequirementChange(
                    ref,
                    f"{new.id}.R{number}",
                    "removed",
                    old_keyword=was.keyword,
                    old_text=was.text,
                    old_applies=was.applies_to,
                    bump=Bump.MAJOR,
                )
            )
    return changes


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """`old` → `new` word by word: runs of kept (`=`), removed (`-`) and added (`+`) words."""
    a, b = old.split(), new.split()
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def _summary(changes: list[RequirementChange], bumped: Bump) -> str:
    parts = [f"{c.id} {'/'.join(c.what)}" for c in changes if c.bump > bumped]
    return "; ".join(parts)


def _reused_numbers(
    old: Document,
    new: Document,
    earlier: EarlierRequirements,
    base_label: str,
    issues: Report,
) -> None:
    """`pmo.req-number-reused` for numbers absent at the base that the document used before."""
    added = [
        r for n, r in new.requirements_by_number.items() if n not in old.requirements_by_number
    ]
    if not added:
        return
    history = earlier(old)
    if not history:
        return
    used = set(history) | set(old.requirements_by_number) | set(new.requirements_by_number)
    for req in added:
        found = history.get(req.number)
        if found is None or _norm(found[0]) == _norm(req.source):
            continue
        text, commit = found
        issues.add(
            IssueCode.REQ_NUMBER_REUSED,
            f"{req.id}: R{req.number} was used before for other text (until {commit[:12]}: "
            f'"{_short(text)}"); numbers are never reused: take R{max(used) + 1}',
            SourceLocation(new.uri, req.line, req.col),
        )


def _moved_numbers(old: Document, new: Document, issues: Report) -> None:
    """`pmo.req-number-reused` for a requirement moved to another number in this change.

    R3 removed and R4 renumbered R3: every link to STD-009.R3 now points at another rule, and
    R4's disappear. Found when a number's text is (nearly) that of a number the change removed.
    """
    gone = {
        n: r for n, r in old.requirements_by_number.items() if n not in new.requirements_by_number
    }
    if not gone:
        return
    for number, req in new.requirements_by_number.items():
        was = old.requirements_by_number.get(number)
        text = _norm(req.source)
        if was is not None and _norm(was.source) == text:
            continue
        for moved, before in gone.items():
            if difflib.SequenceMatcher(None, _norm(before.source), text).ratio() >= 0.9:
                issues.add(
                    IssueCode.REQ_NUMBER_REUSED,
                    f"{req.id}: this is R{moved} renumbered (its text was R{moved}'s); "
                    f"numbers are permanent, links to {old.id}.R{moved} would lose it"
                    + ("" if was is None else f" and links to {req.id} would reach another rule")
                    + f": keep it as R{moved}",
                    SourceLocation(new.uri, req.line, req.col),
                )
                break


def _short(text: str, limit: int = 80) -> str:
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parameter_changes(
    base: Mapping[str, Parameter],
    head: Mapping[str, Parameter],
    users: Mapping[str, list[str]],
    documents: Mapping[str, list[str]] | None = None,
) -> list[ParameterChange]:
    """Parameters added, removed, or whose value or unit changed; with their users at head.

    `users`: requirement IDs by parameter; `documents`: document IDs by parameter.
    """
    shown = documents or {}
    changes: list[ParameterChange] = []
    for name, new in head.items():
        old = base.get(name)
        reqs, docs = tuple(users.get(name, ())), tuple(shown.get(name, ()))
        if old is None:
            changes.append(ParameterChange(name, "added", "", new.display, reqs, docs))
        elif (old.value, old.unit) != (new.value, new.unit):
            changes.append(ParameterChange(name, "changed", old.display, new.display, reqs, docs))
    for name, old in base.items():
        if name not in head:
            changes.append(ParameterChange(name, "removed", old.display, "", ()))
    return changes
