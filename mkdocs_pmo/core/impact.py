"""What a change does to the catalogue: compare two `Corpus` objects (base and head).

Pure: no git, no files. Documents are matched by ID. A document whose ID stayed the same
but whose path changed is *moved*; a file whose path stayed the same but whose ID changed
(and the old ID is gone) is *renumbered*, which breaks every link to the old ID
(`pmo.id-changed`). A body change without a `version` change is `pmo.unversioned-change`,
except for documents that were still drafts at the base (drafts are not in force) or that
had no `version` to bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.issues import Issue, IssueCode, Report, Severity

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs_pmo.core.model import Corpus, Document


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
    blast_radius: list[Dependents] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.renumbered or self.modified)

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
) -> ImpactReport:
    """Compare the catalogue at `base` with `head` and find what changed and who depends on it.

    Args:
        base: the catalogue at the base ref.
        head: the catalogue being proposed (usually the working tree).
        base_label: how messages name the base, e.g. `origin/main`.
        levels: issue level overrides from the `validation:` option.
    """
    report = ImpactReport()
    issues = Report(levels=levels or {})
    renumbered_old: set[str] = set()
    renumbered_new: set[str] = set()
    for uri, new in sorted(head.by_uri.items()):
        old = base.by_uri.get(uri)
        if old is None or old.id == new.id or old.id in head.by_id or new.id in base.by_id:
            continue
        if base.by_id.get(old.id) is not old or head.by_id.get(new.id) is not new:
            continue  # a duplicate ID; `pmo check` reports it
        renumbered_old.add(old.id)
        renumbered_new.add(new.id)
        report.renumbered.append(ValueChange(DocRef.of(new), old.id, new.id))
        issues.add(
            IssueCode.ID_CHANGED,
            f"ID changed from {old.id} to {new.id} since {base_label}: IDs are permanent and "
            f"every link to {old.id} breaks; restore the ID, or add a new document that "
            f"supersedes {old.id}",
            new.where("id"),
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
        if body_changed and old.version and old.version == new.version and old.status != "draft":
            issues.add(
                IssueCode.UNVERSIONED_CHANGE,
                f"{new.id}'s text changed since {base_label} but its version is still "
                f'"{new.version}": bump `version` (MINOR for wording and clarifications, '
                "MAJOR when what it requires changes)",
                new.where("version") if "version" in new.meta else new.location,
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


def _add_dependents(report: ImpactReport, corpus: Corpus, doc: Document, why: str) -> None:
    incoming = {
        label: tuple(DocRef.of(d) for d in docs)
        for label, docs in corpus.incoming(doc.id).items()
        if docs
    }
    if incoming:
        report.blast_radius.append(Dependents(DocRef.of(doc), why, incoming))
