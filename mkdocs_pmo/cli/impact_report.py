"""Rendering an `ImpactReport` as Markdown (PR comments, `$GITHUB_STEP_SUMMARY`) or JSON."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs_pmo.core.impact import (
        DocRef,
        ImpactReport,
        ParameterChange,
        RequirementChange,
        ValueChange,
    )

#: Characters that would turn inline text into Markdown syntax (links, emphasis, tables, code).
#: Line-start syntax (`#`, `-`) cannot occur: document text never starts a line here.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


@dataclass(frozen=True)
class ImpactContext:
    """What was compared with what, for the report header."""

    base_ref: str
    base_commit: str
    #: The commit actually compared: the merge base of the base ref and HEAD.
    compared_commit: str
    head_commit: str
    #: Content files with uncommitted changes (they are included in the comparison).
    uncommitted: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": {
                "ref": self.base_ref,
                "commit": self.base_commit,
                "compared_commit": self.compared_commit,
            },
            "head": {
                "commit": self.head_commit,
                "working_tree": True,
                "dirty": bool(self.uncommitted),
                "uncommitted": list(self.uncommitted),
            },
            "notes": list(self.notes),
        }


def md(text: str) -> str:
    """Text from a document, safe inside Markdown: HTML-escaped and Markdown-escaped.

    Quotes stay as written: in Markdown text (never an attribute) they are harmless.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def code(text: str) -> str:
    """A path or ID as inline code (backticks inside are replaced, never interpreted)."""
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def _doc(doc: DocRef) -> str:
    return f"**{md(doc.id)}** {md(doc.title)}"


def _short(sha: str) -> str:
    return sha[:12]


def render_json(report: ImpactReport, context: ImpactContext) -> str:
    data = {**context.to_dict(), **report.to_dict(), "failed": report.failed()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_markdown(report: ImpactReport, context: ImpactContext) -> str:
    """A self-contained Markdown report: header, issues, changes, then the blast radius."""
    out: list[str] = ["## Catalogue impact", ""]
    compared = f"{code(context.base_ref)} ({code(_short(context.base_commit))})"
    if context.compared_commit != context.base_commit:
        compared += (
            f", from where this branch left it (merge base {code(_short(context.compared_commit))})"
        )
    head = f"the **working tree** (HEAD {code(_short(context.head_commit))})"
    out.append(f"Compared {compared} with {head}.")
    if context.uncommitted:
        n = len(context.uncommitted)
        files = ", ".join(code(p) for p in context.uncommitted[:10])
        more = f" and {n - 10} more" if n > 10 else ""
        out += [
            "",
            f"> **Uncommitted changes are included:** {n} content "
            f"file{'s differ' if n != 1 else ' differs'} from HEAD ({files}{more}).",
        ]
    for note in context.notes:
        out += ["", f"> {md(note)}"]
    out.append("")

    if report.issues:
        counts = Counter(i.severity.value for i in report.issues)
        shown = ", ".join(
            f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}"
            for level in ("error", "warning", "info")
            if counts[level]
        )
        out.append(f"### Problems ({shown})")
        out.append("")
        for issue in report.issues:
            loc = issue.location
            out.append(
                f"- **{issue.severity.value}** {code(f'{loc.uri}:{loc.line}')}: "
                f"{md(issue.message)} {code(issue.code.value)}"
            )
        out.append("")

    if report.empty:
        out += ["No standards or playbooks changed.", ""]
        return "\n".join(out)

    out += [
        "| Added | Removed | Moved | Renumbered | Status changes | Version changes | Changed |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(report.added)} | {len(report.removed)} | {len(report.moved)} "
        f"| {len(report.renumbered)} | {len(report.status_changes)} "
        f"| {len(report.version_changes)} | {len(report.modified)} |",
        "",
    ]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend([f"### {title}", "", *lines, ""])

    section(
        "Added",
        [f"- {_doc(d)}: {md(d.kind)}, {md(d.status)} ({code(d.uri)})" for d in report.added],
    )
    section(
        "Removed",
        [f"- {_doc(d)}: was {md(d.status)} ({code(d.uri)})" for d in report.removed],
    )
    section(
        "Moved (same ID, new path)",
        [f"- {_doc(c.doc)}: {code(c.old)} → {code(c.new)}" for c in report.moved],
    )
    section(
        "Renumbered (same path, new ID)",
        [f"- {code(c.doc.uri)}: {md(c.old)} → {md(c.new)}" for c in report.renumbered],
    )
    section("Status changes", [_change(c) for c in report.status_changes])
    section("Version changes", [_change(c) for c in report.version_changes])
    section(
        "Changed documents",
        [
            f"- {_doc(m.doc)}: "
            + ", ".join(
                ([f"front matter ({', '.join(code(f) for f in m.fields)})"] if m.fields else [])
                + (["text"] if m.body_changed else [])
            )
            for m in report.modified
        ],
    )
    section("Requirements", [_requirement(c) for c in report.requirements])
    section("Parameters", [_parameter(c) for c in report.parameters])
    if report.blast_radius:
        out += [
            "### Blast radius",
            "",
            "Documents that implement, relate to or link to a changed document: "
            "check that they still hold.",
            "",
        ]
        for dep in report.blast_radius:
            out.append(f"- {_doc(dep.doc)} ({md(dep.why)})")
            for label, docs in dep.incoming.items():
                names = ", ".join(f"{md(d.id)} {md(d.title)}" for d in docs)
                out.append(f"  - {md(label)}: {names}")
        out.append("")
    return "\n".join(out)


def _change(change: ValueChange) -> str:
    return f"- {_doc(change.doc)}: {md(change.old or '(none)')} → {md(change.new or '(none)')}"


def _requirement(change: RequirementChange) -> str:
    """One requirement change: what changed, the bump it needs, and the detail."""
    head = f"- **{md(change.id)}** {md(', '.join(change.what))} (needs {change.bump.word})"
    if change.change == "added":
        return f"{head}: {_keyword(change.new_keyword)} {md(change.new_text)}"
    if change.change == "removed":
        return f"{head}: was {_keyword(change.old_keyword)} {md(change.old_text)}"
    lines = [head]
    if change.rekeyworded:
        lines.append(
            f"  - keyword: {_keyword(change.old_keyword)} → {_keyword(change.new_keyword)}"
        )
    if change.rescoped:
        lines.append(f"  - applies to: {_scope(change.old_applies, change.new_applies)}")
    if change.reworded:
        lines.append(f"  - text: {_words(change.words)}")
    return "\n".join(lines)


def _keyword(word: str) -> str:
    return f"**{word}**" if word else "(no keyword)"


def _scope(old: Mapping[str, tuple[str, ...]], new: Mapping[str, tuple[str, ...]]) -> str:
    parts = []
    for facet in dict.fromkeys([*old, *new]):
        before, after = old.get(facet, ()), new.get(facet, ())
        if before != after:
            parts.append(
                f"{md(facet)} {md(', '.join(before) or '(none)')} → "
                f"{md(', '.join(after) or '(none)')}"
            )
    return "; ".join(parts)


def _words(ops: tuple[tuple[str, str], ...]) -> str:
    """A word diff as Markdown: removed words struck through, added words in bold."""
    out = []
    for op, text in ops:
        if op == "-":
            out.append(f"~~{md(text)}~~")
        elif op == "+":
            out.append(f"**{md(text)}**")
        else:
            out.append(md(text))
    return " ".join(out)


def _parameter(change: ParameterChange) -> str:
    users = ", ".join(md(i) for i in change.used_by) or "no requirement"
    if change.documents:
        users += "; shown in " + ", ".join(md(i) for i in change.documents)
    else:
        users += "; shown in no document"
    if change.change == "added":
        return f"- {code(change.name)} added: {md(change.new)} (used by {users})"
    if change.change == "removed":
        return f"- {code(change.name)} removed (was {md(change.old)})"
    return f"- {code(change.name)}: {md(change.old)} → {md(change.new)}; used by {users}"


RENDERERS = {"markdown": render_markdown, "json": render_json}
