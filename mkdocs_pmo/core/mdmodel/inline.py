"""The inline stage: python-markdown's `InlineProcessor` up to the `[[ID]]` pattern.

python-markdown runs its inline patterns one after another over a whole text (an element's
text or tail), in priority order, each match replaced by a placeholder that later patterns
cannot look into. The `[[ID]]` processor (priority 85) therefore only sees what code spans
(`backtick`, 190), escapes (180), footnote references, links and references (175-125),
autolinks (120-110), hard line breaks (100) and inline HTML and comments (90) left, and a
link's text is run through the remaining patterns the moment the link is found: a reference
inside `[text](url)` is recorded before the ones around it. Patterns after 85 never matter.

The texts are visited as python-markdown visits them: breadth first (a queue), each element's
children's text then tail, so a paragraph after a list is processed before the list's items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs_pmo.core.mdmodel.text import Text
from mkdocs_pmo.core.mdmodel.tree import INLINE_PLACEHOLDER

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping

    from mkdocs_pmo.core.mdmodel.tree import El

# Copies of markdown.inlinepatterns' patterns (a test checks them against the installed package).
BACKTICK_RE = r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"
ESCAPE_RE = r"\\(.)"
FOOTNOTE_RE = r"\[\^([^\]]*)\]"
NOIMG = r"(?<!\!)"
LINK_RE = NOIMG + r"\["
IMAGE_LINK_RE = r"\!\["
AUTOLINK_RE = r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>"
AUTOMAIL_RE = r"<([^<> !]+@[^@<> ]+)>"
HTML_RE = (
    r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
    r"!--(?:(?!<!--|-->).)*--|"
    r"[?](?:(?!<[?]|[?]>).)*[?]|"
    r"!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\]"
    ")>)"
)
LINE_BREAK_RE = r"  \n"
#: `Markdown.ESCAPED_CHARS` with the site's extensions (tables add `|`, def_list `:`).
ESCAPED_CHARS = frozenset("\\`*_{}[]()>#+-.!:|")

_LINK_DESTINATION = re.compile(
    r"""\(\s*(?:(<[^<>]*>)\s*(?:('[^']*'|"[^"]*")\s*)?\))?""", re.DOTALL | re.UNICODE
)
_REFERENCE_ID = re.compile(r"\s?\[([^\]]*)\]", re.DOTALL | re.UNICODE)
_WHITESPACE = re.compile(r"\s+", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]]")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.DOTALL | re.UNICODE)


#: The patterns before the `[[ID]]` one, in priority order, compiled as python-markdown does.
_PATTERNS = tuple(
    _compile(p)
    for p in (
        BACKTICK_RE,
        ESCAPE_RE,
        FOOTNOTE_RE,
        LINK_RE,  # reference
        LINK_RE,  # link
        IMAGE_LINK_RE,  # image link
        IMAGE_LINK_RE,  # image reference
        LINK_RE,  # short reference
        IMAGE_LINK_RE,  # short image reference
        AUTOLINK_RE,
        AUTOMAIL_RE,
        LINE_BREAK_RE,
        HTML_RE,
    )
)


@dataclass(frozen=True, slots=True)
class Found:
    """A reference the `[[ID]]` processor meets."""

    target: str
    anchor: str
    #: The text after `|`, stripped, as the processor gets it (placeholders included).
    text: Text | None
    #: Source offset of the opening `[[`.
    offset: int
    #: The requirement number of `[[ID.R3]]` as written ("3"), or None.
    requirement: str | None = None


def find_code_spans(start: int, text: str) -> tuple[int, int | None]:
    """`InlineHilitePattern.find_code_spans`, unchanged."""
    last = len(text)
    max_ticks = 0
    while start < last and text[start] == "`":
        max_ticks += 1
        start += 1
    longest_span = 0
    end = 0
    i = start
    while i < last:
        span_length = 0
        while i < last and text[i] == "`":
            span_length += 1
            i += 1
        if not span_length:
            i += 1
            continue
        if max_ticks == span_length:
            return start, i - span_length
        if span_length > longest_span:
            longest_span = span_length
            end = i
    if 0 < longest_span < max_ticks:
        return start - (max_ticks - longest_span), end - longest_span
    return start + max_ticks, None


def _bracketed(s: str, index: int) -> tuple[int, bool]:
    """`LinkInlineProcessor.getText`: the index after the matching `]`, and whether found."""
    depth = 1
    while True:
        m = _BRACKET.search(s, index)
        if m is None:
            return len(s), False
        depth += 1 if m.group() == "[" else -1
        index = m.end()
        if depth == 0:
            return index, True


def _destination(s: str, index: int) -> tuple[int, bool, str]:
    """`LinkInlineProcessor.getLink`: the index after `(...)`, whether it is one, the href.

    The href is as written (stripped); python-markdown then resolves its placeholders.
    """
    m = _LINK_DESTINATION.match(s, pos=index)
    if m is None:
        return index, False, ""
    if m.group(1):
        return m.end(0), True, m.group(1)[1:-1].strip()
    start_index = m.end()
    href = ""
    start_quote = start_alt_quote = -1
    bracket_count = 1
    backtrack_count = 1
    index = m.end()
    last_bracket = -1
    quote = ""
    exit_quote = -1
    ignore_matches = False
    alt_quote = ""
    exit_alt_quote = -1
    last = ""
    for pos in range(index, len(s)):
        c = s[pos]
        if c == "(":
            if not ignore_matches:
                bracket_count += 1
            elif backtrack_count > 0:
                backtrack_count -= 1
        elif c == ")":
            if (exit_quote != -1 and quote == last) or (exit_alt_quote != -1 and alt_quote == last):
                bracket_count = 0
            elif not ignore_matches:
                bracket_count -= 1
            elif backtrack_count > 0:
                backtrack_count -= 1
                if backtrack_count == 0:
                    last_bracket = index + 1
        elif c in ("'", '"'):
            if not quote:
                ignore_matches = True
                backtrack_count = bracket_count
                bracket_count = 1
                start_quote = index + 1
                quote = c
            elif c != quote and not alt_quote:
                start_alt_quote = index + 1
                alt_quote = c
            elif c == quote:
                exit_quote = index + 1
            elif alt_quote and c == alt_quote:
                exit_alt_quote = index + 1
        index += 1
        if bracket_count == 0:
            if exit_quote >= 0 and quote == last:
                href = s[start_index : start_quote - 1]
            elif exit_alt_quote >= 0 and alt_quote == last:
                href = s[start_index : start_alt_quote - 1]
            else:
                href = s[start_index : index - 1]
            break
        if c != " ":
            last = c
    if bracket_count != 0 and backtrack_count == 0:
        href = s[start_index : last_bracket - 1]
        index = last_bracket
        bracket_count = 0
    return index, bracket_count == 0, href.strip()


#: What a pattern's match becomes: `(kind, start, end)`; kind None leaves the text alone and
#: moves on (python-markdown's `(None, start, end)`), a None result tries the next match.
_Result = tuple[str | None, int, int] | None


class Inline:
    """Runs the inline patterns over texts, recording references and code spans."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        references: Mapping[str, str],
        footnotes: Collection[str],
    ) -> None:
        self.references = references
        self.footnotes = footnotes
        self.found: list[Found] = []
        #: Links and images, inline (`[text](href)`) or by reference (`[text][label]`): the
        #: destination (its title left out) and the source offset of the `[` or `![`, in the
        #: order the renderer meets them. MkDocs resolves and checks each.
        self.links: list[tuple[str, int]] = []
        self._link_placeholders: list[str] = []
        #: Code spans, as the texts they cover.
        self.code: list[Text] = []
        self._stashed = 0
        handlers = (
            self._backtick,
            self._escape,
            self._footnote,
            self._reference,
            self._link,
            self._image_link,
            self._image_reference,
            self._short_reference,
            self._short_image_reference,
            self._opaque,
            self._opaque,
            self._opaque,
            self._opaque,
            self._ref,
        )
        self.patterns = list(zip((*_PATTERNS, pattern), handlers, strict=True))

    def process(self, text: Text) -> None:
        """Run the patterns over one element text or tail."""
        s = text.s
        if "[[" in s or "](" in s or (self.references and "[" in s):
            self._run(text, 0)
        elif "`" in s:
            self._run(text, 0, stop=1)

    def _possible(self, s: str) -> tuple[bool, ...]:
        """Which patterns can match in `s`: each needs some text (`](` for a link...).

        Placeholders only ever replace text, so what cannot match at the start never can.
        """
        references = bool(self.references) and "[" in s
        image = "![" in s
        html = "<" in s
        return (
            "`" in s,
            "\\" in s,
            bool(self.footnotes) and "[^" in s,
            references,
            "](" in s,
            image and "](" in s,
            references and image,
            references,
            references and image,
            html,
            html,
            "  \n" in s,
            html,
            "[[" in s,
        )

    def _run(self, data: Text, index: int, stop: int | None = None) -> Text:
        """`InlineProcessor.__handleInline` from pattern `index` (up to `stop`)."""
        start = 0
        count = len(self.patterns) if stop is None else stop
        possible = self._possible(data.s)
        last = len(self.patterns) - 1
        while index < count:
            if not possible[index]:
                index += 1
            elif index == last:
                # The `[[ID]]` pattern comes last: nothing after it needs its placeholders,
                # and replacing each match before looking for the next finds the same ones.
                regex, handle = self.patterns[index]
                for m in regex.finditer(data.s, start):
                    handle(m, data, index)
                break
            else:
                data, matched, start = self._apply(index, data, start)
                if not matched:
                    index += 1
        return data

    def _apply(self, index: int, data: Text, start: int) -> tuple[Text, bool, int]:
        regex, handle = self.patterns[index]
        for m in regex.finditer(data.s, start):
            result = handle(m, data, index)
            if result is not None:
                break
        else:
            return data, False, 0
        kind, begin, end = result
        if kind is None:
            return data, True, end
        placeholder = INLINE_PLACEHOLDER % f"{self._stashed:04d}"
        self._stashed += 1
        first = data.o[begin] if begin < len(data.o) else -1
        stand_in = Text.placeholder(placeholder, first, data.o[end - 1])
        return data[:begin] + stand_in + data[end:], True, begin + len(placeholder)

    # Patterns -----------------------------------------------------------------------------

    def _backtick(self, m: re.Match[str], data: Text, index: int) -> _Result:
        if m.group(1):
            return "str", m.start(0), m.end(0)
        begin = m.start(0)
        start, end = find_code_spans(begin, data.s)
        if end is None:
            return None, begin, start
        stop = end + (start - begin)
        self.code.append(data[begin:stop])
        return "code", begin, stop

    @staticmethod
    def _escape(m: re.Match[str], data: Text, index: int) -> _Result:
        return ("str" if m.group(1) in ESCAPED_CHARS else None), m.start(0), m.end(0)

    def _footnote(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return ("el", m.start(0), m.end(0)) if m.group(1) in self.footnotes else None

    def _reference_end(self, s: str, index: int, text: str, short: bool) -> tuple[str, int] | None:
        """`evalId`: the reference id and where the reference ends."""
        if short:
            return _WHITESPACE.sub(" ", text.lower()), index
        m = _REFERENCE_ID.match(s, pos=index)
        if m is None:
            return None
        key = m.group(1).lower() or text.lower()
        return _WHITESPACE.sub(" ", key), m.end(0)

    def _any_reference(
        self, m: re.Match[str], data: Text, index: int, *, short: bool, image: bool
    ) -> _Result:
        s = data.s
        text_start = m.end(0)
        after, handled = _bracketed(s, text_start)
        if not handled:
            return None
        found = self._reference_end(s, after, s[text_start : after - 1], short)
        if found is None:
            return None
        key, end = found
        href = self.references.get(key)
        if href is None:
            return None, m.start(0), end
        if image:
            self._swallow(s[text_start:after])
        else:
            self._run(data[text_start : after - 1], index + 1)
        self._record(href, data.o[m.start(0)])
        return "el", m.start(0), end

    def _reference(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_reference(m, data, index, short=False, image=False)

    def _image_reference(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_reference(m, data, index, short=False, image=True)

    def _short_reference(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_reference(m, data, index, short=True, image=False)

    def _short_image_reference(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_reference(m, data, index, short=True, image=True)

    def _any_link(self, m: re.Match[str], data: Text, index: int, *, image: bool) -> _Result:
        s = data.s
        text_start = m.end(0)
        after, handled = _bracketed(s, text_start)
        if not handled:
            return None
        end, handled, href = _destination(s, after)
        if not handled:
            return None
        if image:
            self._swallow(s[text_start:after])
        elif after - 1 > text_start:
            self._run(data[text_start : after - 1], index + 1)
        self._record(href, data.o[m.start(0)])
        return "el", m.start(0), end

    def _record(self, href: str, offset: int) -> None:
        """Record a link or image about to become an element."""
        if href and "\x02" not in href:  # placeholders: unsure what it resolves to
            # `_apply` replaces the element by the next placeholder: if raw HTML later takes
            # it in (`<!-- [a](x.md) -->`), the link is HTML text, never an element.
            self._link_placeholders.append(INLINE_PLACEHOLDER % f"{self._stashed:04d}")
            self.links.append((href, offset))

    def _link(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_link(m, data, index, image=False)

    def _image_link(self, m: re.Match[str], data: Text, index: int) -> _Result:
        return self._any_link(m, data, index, image=True)

    def _opaque(self, m: re.Match[str], data: Text, index: int) -> _Result:
        self._swallow(m.group(0))
        return "el", m.start(0), m.end(0)

    def _swallow(self, taken: str) -> None:
        """Forget the links whose placeholders `taken` holds.

        Raw HTML, or an image's alt text (`unescape`), takes them in as text: no element is
        left of them.
        """
        if "\x02" in taken and self._link_placeholders:
            keep = [i for i, p in enumerate(self._link_placeholders) if p not in taken]
            if len(keep) < len(self.links):
                self.links = [self.links[i] for i in keep]
                self._link_placeholders = [self._link_placeholders[i] for i in keep]

    def _ref(self, m: re.Match[str], data: Text, index: int) -> _Result:
        start, end = m.span("text")
        self.found.append(
            Found(
                m.group("id"),
                m.group("anchor") or "",
                data[start:end].strip() if start >= 0 else None,
                data.o[m.start(0)],
                m.group("req"),
            )
        )
        return "el", m.start(0), m.end(0)


_AUTOLINK = re.compile(AUTOLINK_RE)
_AUTOMAIL = re.compile(AUTOMAIL_RE)
#: python-markdown's backslash escapes (`ESCAPE_RE` on `ESCAPED_CHARS`), which run before them.
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]")


def find_autolinks(text: Text) -> list[tuple[int, int]]:
    """The source `(start, end)` ranges of the autolinks and email links in `text`.

    These are the `<https://…>` and `<a@b>` python-markdown finds in the Markdown text, in the
    order of its patterns. What the inline patterns before them take is left out (escapes here;
    code is blanked by the caller); a link's `](<url>)` is not (the caller reads it as a URL).
    """
    s = text.s
    if "<" not in s:
        return []
    s = _ESCAPE.sub(lambda m: "\x02" * len(m[0]), s)
    found: list[tuple[int, int]] = []
    offsets = text.o
    for regex in (_AUTOLINK, _AUTOMAIL):
        for m in regex.finditer(s):
            first, last = offsets[m.start()], offsets[m.end() - 1]
            if first >= 0 and last >= 0:
                found.append((first, last + 1))
        # The placeholder that replaces a link holds no `<`, `>`, space or `@`.
        s = regex.sub(lambda m: "\x02" * len(m[0]), s)
    return found


def visit_texts(root: El, handle: Callable[[Text], None]) -> None:
    """Every text and tail the inline stage processes, in its order (breadth first)."""
    queue = [root]
    i = 0
    while i < len(queue):
        element = queue[i]
        i += 1
        for child in element.children:
            text = child.text
            if text and not child.text_atomic:
                handle(text)
            tail = child.tail
            if tail and not child.tail_atomic:
                handle(tail)
            if child.children:
                queue.append(child)
