"""HTML safety by one allowlist: the sanitiser of rendered pages and the checker of Markdown.

The allowlist below is data. `sanitize_html` hands it to nh3 (the ammonia sanitiser, parsing as
browsers do) and removes from a rendered page every element and attribute it does not name;
`check_html` reads the same data and reports, with file line and column, each element and
attribute in a document's Markdown that the sanitiser would remove, so nothing disappears
from the site without a located error first.

What the allowlist admits is what mkdocs-material and the pymdown extensions render (admonitions,
details, tabs, task lists, highlighted code, emoji SVGs, tables, footnotes, definition lists,
abbreviations, permalinks, `attr_list` classes and ids) and the usual prose elements. URLs in
`href` and `src` may be relative or use `http`, `https`, `mailto` or `tel`. Not admitted: scripts
and styles (with their content), frames, objects, forms, buttons, `<link>`, `<meta>`, `<base>`,
SVG animation, event handlers, an `<input>` `type` other than the checkbox and radio of task
lists and tabs (the input stays, as an inert text box), `style` (except the `text-align` that
Markdown tables write), an `id`, `name` or `for` starting with `__` (mkdocs-material's own
elements' names; those the Markdown extensions write are kept) and every other attribute not
named. The abrupt comments `<!-->` and `<!--->` are reported too: the page shows what
python-markdown took as their content.

What python-markdown reads as Markdown though it holds `<…>` (reference definitions, autolinks,
email links) is told from raw HTML by the model of its parse (`mkdocs_pmo.core.mdmodel`).

Known limits of the check (each errs towards reporting, or is harmless): it reads the Markdown
with the standard library's HTML tokenizer, not a full HTML5 tree builder, so it reports inside
`<noscript>` what browsers take as text; `attr_list` attributes are checked where
python-markdown applies them in practice (after an inline element, at the end of a heading, a
table cell or a definition term, or on a line of their own), and where the element cannot be
told from the Markdown, only attributes that no element may carry are reported; a heading's id
is taken as python-markdown's own `slugify` makes it; URLs are checked for a well-formed host
approximately as the WHATWG URL parser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

import nh3

from mkdocs_pmo.core.mdmodel import parse

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

# --- The allowlist -------------------------------------------------------------------------

#: HTML elements kept on a page.
HTML_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
        "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
#: SVG elements kept inside `<svg>`: the drawing shapes of icon sets (Material's emoji and icon
#: shortcodes render `<svg><path d=…></svg>`). No `<use>`, `<image>`, `<foreignObject>`,
#: `<animate>`/`<set>` or `<style>`: they load, run or restyle things.
SVG_TAGS = frozenset(
    {"svg", "g", "path", "circle", "ellipse", "line", "polygon", "polyline", "rect"}
)
TAGS = HTML_TAGS | SVG_TAGS
#: Elements removed together with their content (code, not fallback text).
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})

#: Attributes kept on every allowed element.
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role"})
#: Attribute name prefixes kept on every allowed element (ARIA, and `data-*` used by
#: pymdown-extensions' tabs and Material).
GENERIC_ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})

_SVG_PRESENTATION = frozenset(
    {
        "fill", "fill-rule", "fill-opacity", "clip-rule", "stroke", "stroke-width",
        "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity", "transform",
    }
)  # fmt: skip
#: Attributes kept on particular elements, with any value. SVG attribute names are spelled as
#: HTML parsers deliver them (`viewBox`: the parser fixes the case of SVG attributes).
TAG_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "input": frozenset({"checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "svg": frozenset({"xmlns", "viewBox", "width", "height", "preserveAspectRatio"})
    | _SVG_PRESENTATION,
    "g": _SVG_PRESENTATION,
    "path": frozenset({"d", "pathLength"}) | _SVG_PRESENTATION,
    "circle": frozenset({"cx", "cy", "r"}) | _SVG_PRESENTATION,
    "ellipse": frozenset({"cx", "cy", "rx", "ry"}) | _SVG_PRESENTATION,
    "line": frozenset({"x1", "y1", "x2", "y2"}) | _SVG_PRESENTATION,
    "polygon": frozenset({"points"}) | _SVG_PRESENTATION,
    "polyline": frozenset({"points"}) | _SVG_PRESENTATION,
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry"}) | _SVG_PRESENTATION,
}

#: The `text-align` that python-markdown's tables write, the only `style` kept (tables need
#: nothing else, and a free `style` can overlay the page or load URLs).
_TEXT_ALIGN = frozenset(f"text-align: {side};" for side in ("left", "center", "right"))
#: Attributes kept on particular elements only with one of these values (compared ignoring
#: case): task lists and tabs need checkbox and radio inputs, no other kind of control.
TAG_ATTRIBUTE_VALUES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "input": {"type": frozenset({"checkbox", "radio"})},
    "td": {"style": _TEXT_ALIGN, "align": frozenset({"left", "center", "right"})},
    "th": {"style": _TEXT_ALIGN, "align": frozenset({"left", "center", "right"})},
    "img": {"align": frozenset({"left", "right"})},
    "a": {"target": frozenset({"_blank"})},
}

#: Schemes of absolute URLs kept in `href` and `src`; relative URLs are kept too.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Attributes whose value the sanitiser reads as a URL (ammonia's `is_url_attr`; of these only
#: `href` and `src` are allowed at all).
URL_ATTRIBUTES = frozenset({"href", "src"})
#: Elements whose `markdown` attribute md_in_html reads (and removes) when the tag starts a
#: line; elsewhere the attribute stays in the page, and the sanitiser removes it.
MARKDOWN_BLOCK_TAGS = frozenset(
    {
        "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "li", "ol", "p", "section", "summary", "table", "ul",
    }
)  # fmt: skip

#: Attributes that name an element, for scripts and for `<label>`s to find.
NAME_ATTRIBUTES = frozenset({"id", "name", "for"})
#: mkdocs-material reserves names starting with `__` for its own elements, and its scripts find
#: them by name: the first `#__config` holds the runtime configuration (base URL, search),
#: `#__search`, `#__drawer`, `#__toc`, `[name=__palette]`, `__nav_*`, `__consent`, `__code_*`...
#: An element of a page with such an `id`, `name` or `for` could stand in for one of them.
RESERVED_NAME_PREFIX = "__"
#: The reserved names the site's Markdown extensions write themselves, which the sanitiser keeps
#: (the check still reports an author who writes them): pymdownx.tabbed's inputs and labels
#: (`__tabbed_1_2`, `name="__tabbed_1"`), pymdownx.highlight's line anchors (`__codelineno-0-1`,
#: `__span-0-1`) and code ids (`__code_0`).
EXTENSION_NAMES = re.compile(r"__(?:tabbed_\d+(?:_\d+)?|codelineno-\d+-\d+|span-\d+-\d+|code_\d+)")


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: drop a reserved name the extensions do not write."""
    if (
        value.startswith(RESERVED_NAME_PREFIX)
        and name in NAME_ATTRIBUTES
        and EXTENSION_NAMES.fullmatch(value) is None
    ):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={"*": set(GENERIC_ATTRIBUTES), **{t: set(a) for t, a in TAG_ATTRIBUTES.items()}},
    generic_attribute_prefixes=set(GENERIC_ATTRIBUTE_PREFIXES),
    tag_attribute_values={
        tag: {name: set(values) for name, values in attrs.items()}
        for tag, attrs in TAG_ATTRIBUTE_VALUES.items()
    },
    url_schemes=set(URL_SCHEMES),
    # Keep links as written: no `rel` added to internal links, and `rel` may be allowed.
    link_rel=None,
    strip_comments=True,
    attribute_filter=_keep_attribute,
)


def sanitize_html(html: str) -> str:
    """`html` with every element, attribute and URL the allowlist does not name removed.

    nh3 parses as a browser does and re-serialises the result, so the output is equivalent
    markup, not the same bytes (`<br />` becomes `<br>`, attributes are quoted alike).
    """
    return _CLEANER.clean(html)


# --- The check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlFinding:
    """Something in a Markdown body that the sanitiser removes from the page.

    Attributes:
        line: 1-based file line.
        col: 1-based column.
        what: what is removed, to be named in the message: `<form>`, `onerror on <img>`,
            `javascript: URL in href of <a>`.
        element: the lower-case element name (`a` and `img` for Markdown links and images).
        attribute: the lower-case attribute name, or `""` when the whole element is removed.
    """

    line: int
    col: int
    what: str
    element: str
    attribute: str = ""


#: Per-element attributes and allowed values, in lower case as the tokenizer reports them.
_ATTRS_LOWER = {tag: frozenset(a.lower() for a in attrs) for tag, attrs in TAG_ATTRIBUTES.items()}
_VALUES_LOWER = {
    tag: {name: frozenset(v.lower() for v in values) for name, values in attrs.items()}
    for tag, attrs in TAG_ATTRIBUTE_VALUES.items()
}
#: For `attr_list`, whose element is not known from the Markdown: allowed on some element.
_ANY_TAG_ATTRS = frozenset().union(*_ATTRS_LOWER.values()) - {"href", "src"}
_ANY_TAG_VALUES = {
    name: frozenset().union(*(a[name] for a in _VALUES_LOWER.values() if name in a))
    for name in {name for attrs in _VALUES_LOWER.values() for name in attrs}
}

#: Start tags that end SVG and MathML content ("breakout" tags of the HTML standard).
#: Elements whose content HTML parsers read as text up to their end tag, besides `<script>` and
#: `<style>` (which the standard library's tokenizer already reads so).
_TEXT_CONTENT_TAGS = frozenset({"textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_FOREIGN_BREAKOUT = frozenset(
    {
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
        "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing",
        "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong",
        "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    }
)  # fmt: skip
#: Allowed elements that may also stand inside SVG content (SVG has an `<a>` of its own).
_IN_SVG = SVG_TAGS | {"a"}

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: Tabs and newlines, which URL parsers drop, with the indentation after a newline, which
#: Markdown removes inside admonitions, lists and other indented blocks.
_TAB_NEWLINE = re.compile(r"[\t\r]|\n[ \t]*")
_C0_AND_SPACE = "".join(map(chr, range(33)))
#: Code points a host may not contain (WHATWG "forbidden host code point"), and those a domain
#: may not contain after percent-decoding ("forbidden domain code point").
_FORBIDDEN_HOST = re.compile(r"[\x00\t\n\r #/:<>?@\[\\\]^|]")
_FORBIDDEN_DOMAIN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_IPV4_PART = re.compile(r"0[xX][0-9A-Fa-f]*|[0-9]+")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")

#: python-markdown's automatic links; they are links, not HTML tags.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>")
_COMMENT_END = re.compile(r"--!?>")
_LINK_SYNTAX = re.compile(r"\][(:]")
_INLINE_LINK = re.compile(r"\]\(")
_ANGLE_URL = re.compile(r"(\]\([ \t]*\n?[ \t]*)(<[^<>\n]*>)")
#: A pattern that matches nothing: the model of the parse finds no `[[ID]]` references for it.
_NO_REFERENCES = re.compile(r"(?!)")
_DEFINITION = re.compile(r"\]:")
#: A reference definition's label and URL, inside the span the model found (its URL may
#: follow on the next line, after a blockquote's `>`).
_DEFINITION_URL = re.compile(r"\[([^\[\]]*)\]:[ ]*(?:\n[ >\t]*)?(\S+)")
_LINK_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""")
#: An `attr_list` group, `{: #id .class key=value }` (python-markdown's `BASE_RE`, up to the
#: first `}` outside quotes).
_ATTR_GROUP = re.compile(r"""\{:?[ ]*([^}\n "'](?:[^}\n"']|"[^"\n]*"|'[^'\n]*')*?)[ ]*\}""")
_ATTR_ITEM = re.compile(r"""([^ =}]+)(?:=("[^"]*"|'[^']*'|[^ =}]+))?""")
#: What follows the line of `Term { … }` to make it a definition term (more terms, maybe a
#: blank line, then `:   definition`, as `def_list` reads it) or a setext heading's text.
_FOLLOWING_LINES = re.compile(
    r"\n(?:(?P<setext>=+|-+)[ ]*(?:\n|$)|(?:[ ]*\S[^\n]*\n)*?\n?[ ]{0,3}:[ ]{1,3}\S)"
)
#: A table's delimiter row, after its header row (`|---|:--:|`).
_DELIMITER_ROW = re.compile(r"\n[ ]*\|?[ ]*:?-+:?[ ]*(?:\||\n|$)")
#: Characters that close an inline element, after which `{...}` is an `attr_list` group.
_INLINE_END = frozenset("*_)]`~=^+:>")


def url_problem(url: str) -> str | None:
    """Why the sanitiser drops `url` from `href` or `src`, or None if it keeps it.

    `url` is the attribute value with character references decoded. As browsers (and the
    WHATWG URL parser the sanitiser follows) do, tabs and newlines anywhere and leading or
    trailing control characters and spaces are ignored.

    Returns:
        `"javascript: URL"`, `"data: URL"`... for a scheme not allowed, `"malformed URL"` for a
        URL whose host cannot be parsed, or None.
    """
    # HTML parsers read NUL as U+FFFD, which is no scheme character.
    compact = _TAB_NEWLINE.sub("", url.replace("\x00", "\ufffd")).strip(_C0_AND_SPACE)
    match = _SCHEME.match(compact)
    if match is None:
        return None  # relative
    scheme = match[1].lower()
    if scheme not in URL_SCHEMES:
        return f"{scheme}: URL"
    if not _host_parses(compact[match.end() :], special=scheme in ("http", "https")):
        return "malformed URL"
    return None


def _host_parses(rest: str, *, special: bool) -> bool:
    """Whether the host of `scheme:` + `rest` is one the WHATWG URL parser accepts.

    An approximation that knows the common failures: forbidden characters, a bad port or
    IPv6 literal, an IPv4 address out of range. `http(s)` URLs always have a host; others only
    after `//`.
    """
    if special:
        rest = rest.lstrip("/\\")
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        return True
    authority = re.split(r"[/\\?#]" if special else r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        inside, bracket, after = host[1:].partition("]")
        if not bracket or re.fullmatch(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*", inside) is None:
            return False
        if after and not after.startswith(":"):
            return False
        port = after[1:]
    else:
        host, _, port = host.partition(":")
        if special:
            host = _PERCENT.sub(lambda m: chr(int(m[1], 16)), host)
            if not host or _FORBIDDEN_DOMAIN.search(host) or not _ipv4_parses(host):
                return False
        elif _FORBIDDEN_HOST.search(host):
            return False
    return not port or (port.isdigit() and int(port) <= 65535)


def _ipv4_parses(host: str) -> bool:
    """False for a host that ends in a number but is no valid IPv4 address (`1.2.3.999`)."""
    parts = host.removesuffix(".").split(".")
    if not _IPV4_PART.fullmatch(parts[-1]):
        return True  # a domain name
    if len(parts) > 4:
        return False
    numbers = []
    for part in parts:
        match = _IPV4_PART.fullmatch(part)
        if match is None:
            return False
        base = 16 if part[:2].lower() == "0x" else 8 if len(part) > 1 and part[0] == "0" else 10
        digits = part[2:] if base == 16 else part
        try:
            numbers.append(int(digits or "0", base))
        except ValueError:
            return False
    if any(n > 255 for n in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))


class _TagChecker(HTMLParser):
    """Reports each start tag and attribute the allowlist does not admit, with its position."""

    def __init__(self, first_line: int, first_col: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.first_col = first_col  # of the text's first line (0-based)
        self.findings: list[HtmlFinding] = []
        #: Open `<svg>` and `<math>` elements: foreign content, parsed by other rules.
        self.foreign: list[str] = []

    def _add(self, line: int, col: int, what: str, element: str, attribute: str = "") -> None:
        col += self.first_col if line == 1 else 0
        self.findings.append(
            HtmlFinding(self.first_line + line - 1, col + 1, what, element, attribute)
        )

    def parse_html_declaration(self, i: int) -> int:
        """`<![...>` as browsers read it in HTML: a bogus comment up to the next `>`.

        (The standard library reads it as an SGML marked section and fails on `<![:`.) The
        sanitiser strips comments, so nothing inside one is reported.
        """
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            return -1 if end == -1 else end + 1
        return super().parse_html_declaration(i)

    def parse_comment(self, i: int, report: bool = True) -> int:
        """A comment ends as in browsers: `<!-->` and `<!--->` are whole, `--!>` ends one too.

        (Older standard libraries read `<!--> <img onerror=…> -->` as one comment.) An author
        never means such an abrupt comment: python-markdown reads on to the next `-->`, so the
        text up to it looks commented out in the Markdown but shows on the page; it is reported.
        """
        rawdata = self.rawdata
        start = i + 4
        if rawdata.startswith(">", start) or rawdata.startswith("->", start):
            stop = rawdata.index(">", start) + 1
            line, col = self.getpos()
            what = f"the comment {rawdata[i:stop]} (it ends at once; what follows shows as text)"
            self._add(line, col, what, "!--")
            return stop
        end = _COMMENT_END.search(rawdata, start)
        return -1 if end is None else end.end()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, opens=True)
        if tag in _TEXT_CONTENT_TAGS:
            # Browsers read the content as text up to the closing tag (RCDATA, RAWTEXT): a
            # `<script>` there is not an element, and what follows the closing tag is markup.
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, opens=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.foreign:
            del self.foreign[len(self.foreign) - 1 - self.foreign[::-1].index(tag) :]

    def set_cdata_mode(self, *args: Any, **kwargs: Any) -> None:
        """Read `<script>` and `<style>` content as text, except in SVG and MathML.

        There they hold markup, as in browsers: `<svg><style><img onerror=…>` runs the handler.
        """
        if not self.foreign:
            super().set_cdata_mode(*args, **kwargs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], *, opens: bool) -> None:
        line, col = self.getpos()
        if self.foreign and tag in _FOREIGN_BREAKOUT:
            self.foreign.clear()
        in_svg = bool(self.foreign) and self.foreign[-1] == "svg"
        if tag in ("svg", "math") and opens:
            self.foreign.append(tag)
        if not in_svg and tag == "image":
            tag = "img"  # HTML parsers read `<image>` as `<img>`
        if "<" in tag:
            self._check_inner(line, col)
        if tag not in TAGS:
            extra = " and its content" if tag in CLEAN_CONTENT_TAGS else ""
            self._add(line, col, f"<{tag}>{extra}", tag)
            return
        if in_svg and tag not in _IN_SVG:
            self._add(line, col, f"<{tag}> inside <svg>", tag)
            return
        if not in_svg and tag in SVG_TAGS and tag != "svg":
            self._add(line, col, f"<{tag}> outside <svg>", tag)
            return
        if not attrs:
            return
        positions: list[int] | None = None  # found only for a tag with a finding
        for index, (name, value) in enumerate(attrs):
            if name == "markdown":
                if tag in MARKDOWN_BLOCK_TAGS and col == 0:
                    continue
                problem: str | None = f"markdown on <{tag}> not at the start of a line"
            else:
                problem = _attribute_problem(tag, name, value)
            if problem is not None:
                tag_text = self.get_starttag_text() or ""
                if positions is None:
                    positions = _attribute_positions(tag_text)
                offset = positions[index] if index < len(positions) else 0
                aline, acol = _advance(tag_text, offset, line, col)
                self._add(aline, acol, problem, tag, name)

    def _check_inner(self, line: int, col: int) -> None:
        """Check the tag that python-markdown finds inside `<scr<script>` (from the last `<`)."""
        text = self.get_starttag_text() or ""
        start = text.rfind("<")
        inner_line, inner_col = _advance(text, start, line, col)
        inner = _TagChecker(self.first_line + inner_line - 1, inner_col)
        inner.feed(text[start:])
        inner.close()
        self.findings.extend(inner.findings)


def _attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    """What the sanitiser removes from attribute `name="value"` of `<tag>`, if anything."""
    allowed_values = _VALUES_LOWER.get(tag, {}).get(name)
    if allowed_values is not None:
        if (value or "").lower() in allowed_values:
            return None
        return f'{name}="{value or ""}" on <{tag}>'
    if not (
        name in GENERIC_ATTRIBUTES
        or name in _ATTRS_LOWER.get(tag, ())
        or name.startswith(("aria-", "data-"))
    ):
        return f"{name} on <{tag}>"
    if name in URL_ATTRIBUTES and value is not None:
        problem = url_problem(value)
        if problem is not None:
            return f"{problem} in {name} of <{tag}>"
    reserved = _reserved_name(name, value)
    return None if reserved is None else f"{reserved} on <{tag}>"


_HEADING_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")


def reserved_heading_id(text: str) -> str | None:
    """The id toc gives a heading of `text` (as written) if it is a reserved name, else None.

    python-markdown's own `slugify` is assumed (a configured one may spell the id otherwise);
    a heading whose `attr_list` sets its id is not given one by toc (the caller skips it).
    """
    if "_" not in text:
        return None
    from markdown.extensions.toc import slugify

    from mkdocs_pmo.core.anchors import rendered_heading_text

    # Escaped characters are text, not emphasis (`\\_\\_config` shows as `__config`).
    text = _HEADING_ESCAPE.sub(lambda m: "\ue000" if m[1] == "_" else m[1], text)
    slug = slugify(rendered_heading_text(text).replace("\ue000", "_"), "-")
    if slug.startswith(RESERVED_NAME_PREFIX) and EXTENSION_NAMES.fullmatch(slug) is None:
        return slug
    return None


def _reserved_name(name: str, value: str | None) -> str | None:
    """`id="__config" (…)` for a name that mkdocs-material reserves, else None."""
    if name in NAME_ATTRIBUTES and value and value.startswith(RESERVED_NAME_PREFIX):
        return (
            f'{name}="{value}" (names starting with "{RESERVED_NAME_PREFIX}" are reserved for'
            " the theme's own elements)"
        )
    return None


def _attribute_positions(tag_text: str) -> list[int]:
    """Offsets of the attribute names in `tag_text`, found as `HTMLParser` finds them."""
    match = tagfind_tolerant.match(tag_text, 1)
    if match is None:
        return []
    positions = []
    pos = match.end()
    while (m := attrfind_tolerant.match(tag_text, pos)) and m.end() > pos:
        positions.append(m.start(1))
        pos = m.end()
    return positions


def _advance(text: str, offset: int, line: int, col: int) -> tuple[int, int]:
    """The line and 0-based column of `text[offset]`, `text` starting at (`line`, `col`)."""
    newlines = text.count("\n", 0, offset)
    if not newlines:
        return line, col + offset
    return line + newlines, offset - text.rfind("\n", 0, offset) - 1


def check_html(
    text: str,
    first_line: int,
    definitions: Sequence[tuple[int, int]] | None = None,
    autolinks: Sequence[tuple[int, int]] | None = None,
    source: str | None = None,
) -> list[HtmlFinding]:
    """Everything in the Markdown `text` that the sanitiser would remove from its page.

    Args:
        text: a document body with code spans and blocks blanked out (offsets kept), so code
            examples are not reported.
        first_line: the file line of the first line of `text`.
        definitions: the `(start, end)` offsets of the reference definitions python-markdown
            reads in the body (`BodyScan.definitions`, from the model of its parse).
        autolinks: likewise of its autolinks and email links (`BodyScan.autolinks`).
        source: the body as written (offsets as in `text`): an attribute list right after a
            code span, blanked in `text`, goes to its `<code>`.
            Without them, they are found by modelling the parse of `text` (slower, and code
            blanked to spaces can make the line after it look indented).

    Returns:
        The findings, by line and column: elements and attributes of HTML tags, URLs of
        autolinks, Markdown links, images and reference definitions, `attr_list` attributes.
    """
    has_tag = "<" in text
    # A regex, not `"](" in text`: Python's substring search is slow on text full of `]`
    # (`[[ID]]` links), and the regex engine jumps from `]` to `]`.
    has_link = _LINK_SYNTAX.search(text) is not None
    has_attr_list = "{" in text
    if not (has_tag or has_link or has_attr_list):
        return []
    findings: list[HtmlFinding] = []
    lines = _LineIndex(text, first_line)
    if has_tag:
        spans = None if definitions is None or autolinks is None else (definitions, autolinks)
        unquoted = _without_quote_markers(text) if ">" in text else text
        findings.extend(_check_tags(unquoted, spans, first_line, lines, has_link=has_link))
    if has_link:
        findings.extend(_check_markdown_urls(text, lines, definitions))
    if has_attr_list:
        unquoted = _without_quote_markers(text) if ">" in text else text
        findings.extend(_check_attr_lists(unquoted, lines, source))
    findings.sort(key=lambda f: (f.line, f.col))
    return findings


class _LineIndex:
    """File line and 1-based column of offsets in `text`."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        text = self.text
        line = self.first_line + text.count("\n", 0, offset)
        return line, offset - text.rfind("\n", 0, offset)


def _check_tags(
    text: str,
    spans: tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]] | None,
    first_line: int,
    lines: _LineIndex,
    *,
    has_link: bool,
) -> Iterator[HtmlFinding]:
    findings: list[HtmlFinding] = []
    if spans is None and ("]:" in text or "@" in text or "://" in text):
        # What python-markdown takes as Markdown, not as tags: reference definitions (their
        # URLs are checked below), autolinks and email links (`<a href>`, URL checked here).
        # The model of its parse tells them from raw HTML, where they are tags.
        parsed = parse(text, _NO_REFERENCES)
        body_offset = parsed.source.body_offset
        spans = (
            [(body_offset(start), body_offset(end - 1) + 1) for start, end in parsed.definitions],
            [(body_offset(start), body_offset(end - 1) + 1) for start, end in parsed.autolinks],
        )
    if spans is not None and (spans[0] or spans[1]):
        definitions, autolinks = spans
        for first, stop in autolinks:
            m = _AUTOLINK.fullmatch(text, first, stop)
            problem = url_problem(unescape(m[1])) if m else None
            if problem is not None:
                line, col = lines(first)
                findings.append(HtmlFinding(line, col, f"{problem} in an autolink", "a", "href"))
        text = _blank_ranges(text, [*definitions, *autolinks])
    if has_link:
        # `[x](<url>)` holds a URL (checked below), not a tag; without an opening `[` (escaped,
        # or in code) it is no link, and the tag is HTML.
        text = _ANGLE_URL.sub(
            lambda m: _blank_url(m) if _has_label(text, m.start()) else m[0], text
        )
    checker = _TagChecker(first_line)
    checker.feed(text)
    checker.close()
    return iter(checker.findings + findings)


#: The `>` markers (and the space after each) that open a blockquote's line.
_QUOTE_MARKERS = re.compile(r"^[ ]{0,3}(?:>[ ]?)+", re.MULTILINE)


def _without_quote_markers(text: str) -> str:
    """`text` with the `>` markers of its blockquotes blanked (offsets kept).

    python-markdown strips them before it reads the quote's HTML, so a tag may continue on the
    next quoted line (`> <img src=x` / `> onerror=...>`). Only in blocks that start as a quote:
    a `>` opening a line after `<img` closes that tag.
    """
    out = []
    for block in re.split(r"(\n[ \t]*\n)", text):
        if block.lstrip(" ").startswith(">"):
            block = _QUOTE_MARKERS.sub(lambda m: " " * len(m[0]), block)
        out.append(block)
    return "".join(out)


def _blank_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    """`text` with the `(start, end)` ranges as spaces, line breaks kept."""
    out: list[str] = []
    done = 0
    for start, end in sorted(ranges):
        start = max(start, done)
        if end <= start:
            continue
        out.append(text[done:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        done = end
    out.append(text[done:])
    return "".join(out)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match[0])


def _blank_url(match: re.Match[str]) -> str:
    return match[1] + " " * len(match[2])


def _check_markdown_urls(
    text: str, lines: _LineIndex, definitions: Sequence[tuple[int, int]] | None
) -> Iterator[HtmlFinding]:
    """URLs of Markdown links, images and reference definitions the sanitiser would drop.

    Reference definitions are those python-markdown reads (`definitions`, from the model of
    its parse; modelled here when not given): in a blockquote or a list item too.
    """
    for m in _INLINE_LINK.finditer(text):
        pos = m.start()
        url = _link_destination(text, pos + 2)
        problem = url_problem(unescape(url)) if url else None
        if problem is not None:
            image = _is_image(text, pos)
            line, col = lines(pos + 2)
            kind, element, attribute = ("image", "img", "src") if image else ("link", "a", "href")
            yield HtmlFinding(line, col, f"{problem} in a Markdown {kind}", element, attribute)
    if not _DEFINITION.search(text):
        return
    if definitions is None:
        parsed = parse(text, _NO_REFERENCES)
        body_offset = parsed.source.body_offset
        definitions = [
            (body_offset(start), body_offset(end - 1) + 1) for start, end in parsed.definitions
        ]
    for start, end in definitions:
        found = _DEFINITION_URL.search(text, start, end)
        if found is None or found[1].startswith("^"):
            continue  # a footnote, not a link
        problem = url_problem(unescape(found[2].removeprefix("<").removesuffix(">")))
        if problem is not None:
            line, col = lines(found.start(2))
            yield HtmlFinding(
                line, col, f"{problem} in a Markdown reference definition", "a", "href"
            )


def _link_destination(text: str, start: int) -> str:
    """The URL of an inline link whose `(` ends at `start`, as python-markdown reads it."""
    end = min(len(text), start + 2000)
    while start < end and text[start] in " \t\n":
        start += 1
    if start < end and text[start] == "<":
        close = text.find(">", start, end)
        return text[start + 1 : close] if close != -1 else ""
    depth = 0
    pos = start
    while pos < end:
        char = text[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                break
            depth -= 1
        elif char == "\n" and text.startswith("\n", pos + 1):
            break  # a blank line ends the paragraph
        pos += 1
    return _LINK_TITLE.sub("", text[start:pos]).strip()


def _is_image(text: str, close: int) -> bool:
    """Whether the `]` at `close` ends the text of an image (`![...]`)."""
    depth = 0
    pos = close - 1
    limit = max(0, close - 2000)
    while pos >= limit:
        char = text[pos]
        if char == "]":
            depth += 1
        elif char == "[":
            if not depth:
                return pos > 0 and text[pos - 1] == "!"
            depth -= 1
        pos -= 1
    return False


def _check_attr_lists(
    text: str, lines: _LineIndex, source: str | None = None
) -> Iterator[HtmlFinding]:
    for m in _ATTR_GROUP.finditer(text):
        start = m.start()
        if (start and text[start - 1] == "{") or m[1][0] in "{%" or m[1][0] == m[1][-1] == "#":
            continue  # a template expression, not an attribute list
        after_code = (
            source is not None
            and start > 0
            and len(source) == len(text)
            and source[start - 1] == "`"
            and text[start - 1] != "`"
        )
        candidates = ("code",) if after_code else _attr_list_elements(text, start, m.end())
        if candidates is None:
            continue
        for item in _ATTR_ITEM.finditer(m[1]):
            name, value = item[1].lower(), _unquote(item[2])
            value = unescape(value) if value else value  # python-markdown keeps references
            if value is None and name[0] in ".#":
                if name[0] == "#" and item[1][1:].startswith(RESERVED_NAME_PREFIX):
                    name, value = "id", item[1][1:]
                else:
                    continue
            if candidates:
                problems = (_attribute_problem(tag, name, value) for tag in candidates)
                problem = next((p for p in problems if p is not None), None)
            else:
                problem = _any_element_problem(name, value)
            if problem is not None:
                line, col = lines(m.start(1) + item.start())
                element = candidates[0] if len(candidates) == 1 else ""
                yield HtmlFinding(line, col, f"{problem} (attribute list)", element, name)


#: The element an inline attribute list after this character goes to (pymdown-extensions'
#: `~~del~~`, `==mark==`, `^^ins^^`, `++kbd++`: only generic attributes are allowed on them).
_INLINE_ELEMENT = {"*": "em", "_": "em", "~": "del", "=": "mark", "^": "sup", "+": "kbd"}


def _attr_list_elements(text: str, start: int, end: int) -> tuple[str, ...] | None:
    """The elements `attr_list` may give the group `text[start:end]` to.

    Returns:
        None where python-markdown does not read an attribute list, `()` where it does but the
        element cannot be told from the Markdown, else the possible elements.
    """
    before = text[start - 1] if start else "\n"
    if before in ")]":
        close = start - 1 if before == "]" else _opening_bracket(text, start - 1)
        if close is None:
            return ()
        return ("img",) if _is_image(text, close) else ("a",)
    if before in "*_" and start > 1 and text[start - 2] == before:
        return ("strong",) if start < 3 or text[start - 3] != before else ("strong", "em")
    if before in _INLINE_ELEMENT:
        return (_INLINE_ELEMENT[before],)
    if before in _INLINE_END:
        return ()
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start].strip(" ")
    rest = text[end:line_end].strip(" ")
    if rest:
        # Attribute lists of blocks end their line; a table cell's ends the cell.
        return _cell(text, line_end) if rest[0] == "|" and before == " " else None
    heading = re.match(r"#{1,6}(?= )", head)
    if heading:
        return (f"h{len(heading[0])}",)
    if "|" in head:
        return _cell(text, line_end)
    if head:
        if before != " ":
            return None  # `HEADER_RE` wants a space before the braces
        # A setext heading's text, or a definition list's term (`Term { … }` then `:   def`).
        following = _FOLLOWING_LINES.match(text, line_end)
        if following is None:
            return None
        if following["setext"]:
            return ("h1",) if following["setext"][0] == "=" else ("h2",)
        return ("dt",)
    block_start = text.rfind("\n\n", 0, line_start)
    first = text[block_start + 1 if block_start != -1 else 0 : line_start].strip()
    if re.match(r"(?:[-*+]|\d+[.)])(?:\s|$)", first):
        return ("li", "p")
    if first.startswith(":"):
        return ("dd", "p")
    return ("p",)


def _cell(text: str, line_end: int) -> tuple[str, ...]:
    """The cell of a table row ending at `line_end`: a header if the delimiter row follows."""
    return ("th",) if _DELIMITER_ROW.match(text, line_end) else ("td",)


def _has_label(text: str, close: int) -> bool:
    """Whether the `]` at `close` ends a link's text: an unescaped `[` opens it.

    Looked for in the same block (no blank line between), brackets balanced.
    """
    depth = 0
    pos = close - 1
    limit = max(0, close - 2000)
    while pos >= limit:
        char = text[pos]
        if text.startswith("\n\n", pos):
            return False
        if char == "]" and not _escaped(text, pos):
            depth += 1
        elif char == "[" and not _escaped(text, pos):
            if not depth:
                return True
            depth -= 1
        pos -= 1
    return False


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at `pos` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _opening_bracket(text: str, close_paren: int) -> int | None:
    """The offset of the `]` before the `(` that the `)` at `close_paren` closes."""
    depth = 0
    pos = close_paren - 1
    limit = max(0, close_paren - 2000)
    while pos >= limit:
        char = text[pos]
        if char == ")":
            depth += 1
        elif char == "(":
            if not depth:
                return pos - 1 if pos and text[pos - 1] == "]" else None
            depth -= 1
        pos -= 1
    return None


def _unquote(value: str | None) -> str | None:
    if value and value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
        return value[1:-1]
    return value


def _any_element_problem(name: str, value: str | None) -> str | None:
    """What the sanitiser removes of `name=value` wherever it lands, if anything."""
    allowed_values = _ANY_TAG_VALUES.get(name)
    if allowed_values is not None and name not in _ANY_TAG_ATTRS:
        if (value or "").lower() in allowed_values:
            return None
        return f'{name}="{value or ""}"'
    if name in URL_ATTRIBUTES:
        problem = url_problem(value or "")
        return None if problem is None else f"{problem} in {name}"
    if name in GENERIC_ATTRIBUTES or name in _ANY_TAG_ATTRS or name.startswith(("aria-", "data-")):
        return _reserved_name(name, value)
    return name
