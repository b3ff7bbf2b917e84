"""Markdown as one line of plain text, as a reader sees it: for tooltips, tables and exports.

The one plain-text path of the catalogue: requirements' text (`Requirement.text`) and the
first sentence of each Why (`Corpus.why_first_sentence`) both come from `plain_text`.

- `{{ param("x") }}` and `{{ params.x.value }}` become the parameter's value (with its unit),
  as mkdocs-macros renders them before Markdown (inside code too);
- inline code keeps its backticks and is otherwise left as written (`## Why` stays
  `` `## Why` ``): code is what a reader must type or look for, and backticks are what marks it
  in plain text; HTML pages escape it like any other text;
- `[[ID]]` becomes the target's `ID Title` when the documents are given (as the rendered link
  reads), else `ID`; `[[ID.R3]]` becomes `ID R3`; `[[ID|text]]` its text;
- links keep their text; emphasis markers, HTML tags and backslash escapes go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs_pmo.core.model import Document
    from mkdocs_pmo.core.parameters import Parameter

#: Any character some Markdown markup needs (a text without one is already plain text).
_MARKUP = re.compile(r"[{\[`*_<\\\n&]")
_PARAM_CALL = re.compile(
    r"\{\{-?\s*param\(\s*(?:name\s*=\s*)?(['\"])(?P<name>[a-z][a-z0-9_]*)\1\s*\)\s*-?\}\}"
)
_PARAM_FIELD = re.compile(
    r"\{\{-?\s*params\.(?P<name>[a-z][a-z0-9_]*)\.(?P<field>value|unit|label|owner|why|display)"
    r"\s*-?\}\}"
)
_REF = re.compile(
    r"\[\[(?P<id>[A-Z][A-Z0-9]*-[0-9]+)(?:\.R(?P<req>[0-9]+)|#[\w.:-]*)?"
    r"(?:\|(?P<text>[^\]\n]*))?\]\]"
)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
#: A code span as python-markdown finds one (`BACKTICK_RE`): not after a backslash, closed by
#: the same number of backticks.
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
#: Where a code span is kept while the rest of the text is made plain.
_KEPT = re.compile("\x00([0-9]+)\x00")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_NESTED_ITEM = re.compile(r"[,;]?\n[ \t]*(?:[*+-]|[0-9]+\.)[ \t]+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
#: What a sentence's end is never looked for in: code, references, macros, links.
_OPAQUE = re.compile(
    r"(?<!\\)(`+).+?(?<!`)\1(?!`)|\[\[[^\]\n]*\]\]|\{\{.*?\}\}|!?\[[^\]\n]*\]\([^)\n]*\)"
)
#: A paragraph line's block markers: quote, list item.
_BLOCK_MARKERS = re.compile(r"(?:>[ \t]?|[*+-][ \t]+|[0-9]+[.)][ \t]+)+")


def plain_text(
    source: str,
    parameters: Mapping[str, Parameter],
    documents: Mapping[str, Document] | None = None,
) -> str:
    """Markdown `source` as one line of plain text (see the module's docstring).

    Args:
        source: Inline Markdown (a requirement, a sentence); nested list items are joined
            with "; ".
        parameters: The parameters, by name, for their values.
        documents: Documents by ID, to show `[[ID]]` as `ID Title`; without them, `ID`.
    """

    def param(m: re.Match[str]) -> str:
        found = parameters.get(m["name"])
        return found.display if found is not None else m["name"]

    def param_field(m: re.Match[str]) -> str:
        found = parameters.get(m["name"])
        if found is None:
            return m["name"]
        return str(found.as_dict().get(m["field"], ""))

    def ref(m: re.Match[str]) -> str:
        if m["text"] and m["text"].strip():
            return m["text"].strip()
        if m["req"]:
            return f"{m['id']} R{m['req']}"
        target = documents.get(m["id"]) if documents is not None else None
        return f"{m['id']} {target.title}" if target is not None else m["id"]

    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(f"{m[1]}{m[2].strip()}{m[1]}")
        return f"\x00{len(kept) - 1}\x00"

    # Each pattern runs only when its telltale character is there: most requirements are a
    # sentence with a link or two, and this runs for every requirement of every document.
    text = source
    if _MARKUP.search(text) is None:
        return " ".join(text.split())
    if "{{" in text:
        text = _PARAM_FIELD.sub(param_field, _PARAM_CALL.sub(param, text))
    if "\n" in text:
        text = _NESTED_ITEM.sub("; ", text)
    if "`" in text:
        # Code is set aside: nothing in it is a reference, emphasis, tag or escape.
        text = CODE_SPAN.sub(keep, text)
    if "[" in text:
        text = _REF.sub(ref, text)
        if "](" in text:
            text = _IMAGE_OR_LINK.sub(r"\1", text)
        if "][" in text:
            text = _REF_LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EM.sub(r"\2", _STRONG.sub(r"\2", text))
    if "<" in text:
        text = _TAG.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = " ".join(text.split())
    if kept:
        text = _KEPT.sub(lambda m: kept[int(m[1])], text)
    return text.replace(":;", ":")


def first_sentence(markdown: str) -> str:
    """The first sentence of the first paragraph of a Markdown fragment, still Markdown.

    Admonitions, fences, indented blocks, headings, tables and HTML blocks before it are
    skipped; quote and list markers are dropped. A sentence ends at `.`, `!` or `?` followed
    by a space, never inside code, a reference, a macro call or a link.
    """
    paragraph: list[str] = []
    for raw in markdown.strip().splitlines():
        line = raw.strip()
        if not line:
            if paragraph:
                break
            continue
        if not paragraph and (
            line.startswith(("!!!", "???", "```", "~~~", "#", "|", "<"))
            or raw.startswith(("    ", "\t"))  # an admonition's body, indented code
        ):
            continue
        marker = _BLOCK_MARKERS.match(line)
        paragraph.append(line[marker.end() :].strip() if marker else line)
    text = " ".join(paragraph)
    masked = text
    if "`" in text or "[" in text or "{{" in text:
        masked = _OPAQUE.sub(lambda m: "x" * len(m[0]), text)
    ends = [cut for cut in (masked.find(end) for end in (". ", "! ", "? ")) if cut != -1]
    return text[: min(ends) + 1] if ends else text


def shorten(text: str, limit: int = 200) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
