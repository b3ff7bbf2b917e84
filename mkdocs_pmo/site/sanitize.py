"""Neutralising unsafe HTML in rendered document bodies.

Targeted, not a whitelist: Material's and python-markdown's markup passes through byte for byte.
Removed: `script`, `iframe`, `frame`, `frameset`, `object`, `embed`, `base`, `meta`, `applet`
elements (a script's content too; the others keep their inner fallback content), every `on*`
event-handler attribute, `srcdoc`, and URL attributes whose scheme is `javascript:`,
`vbscript:` or `data:` (except `data:image/` raster images). The core reports the same constructs
as `pmo.unsafe-html` errors with file and line; this is the second line of defence.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

UNSAFE_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "base", "meta", "applet"}
)
#: Elements whose content is dropped with them (their content is code, not fallback text).
DROP_CONTENT = frozenset({"script"})
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
        "cite", "longdesc", "ping", "dynsrc", "lowsrc", "codebase", "manifest", "icon",
        "to", "from", "values", "srcset",
    }
)  # fmt: skip
_SAFE_DATA = re.compile(r"^data:image/(?:png|jpeg|jpg|gif|webp|avif|bmp);", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
#: Cheap test: HTML that matches none of these needs no parsing (most pages). Element names
#: count only right after `<` (prose is full of "framework", "objective" and "embedded"; and
#: `< script>` is text to a browser); `script` anywhere catches `javascript:` and `vbscript:`
#: URLs. An end tag alone (`</script>`) opens nothing, so it does not call for parsing.
_UNSAFE_ELEMENT = re.compile(rb"<(?:script|iframe|frame|object|embed|base|meta|applet)")
_HANDLER = re.compile(rb"on[a-z]+\s*=")
_DATA = re.compile(rb"data\s*:")
#: Any character reference inside a tag: `&#106;`, and also named ones such as `&Tab;`.
_ENTITY_IN_TAG = re.compile(rb"<[^>]*&[#a-zA-Z]")


def _looks_suspicious(html: str) -> bool:
    """Whether `html` may hold anything the sanitiser removes (false alarms are fine).

    Works on UTF-8 bytes: HTML tag and attribute names and URL schemes are case-insensitive
    in ASCII only, and lower-casing bytes is several times faster than lower-casing text.
    """
    raw = html.encode("utf-8", "surrogatepass")
    low = raw.lower()
    if _UNSAFE_ELEMENT.search(low):
        return True
    # Browsers drop tabs and newlines anywhere in a URL: `javascr<TAB>ipt:` is `javascript:`.
    if b"script" in low.replace(b"\n", b"").replace(b"\t", b"").replace(b"\r", b""):
        return True
    if b"data" in low and _DATA.search(low):
        return True
    for match in _HANDLER.finditer(low):
        start = match.start()
        if start and (low[start - 1 : start].isspace() or low[start - 1 : start] in b"/\"'"):
            return True
    return bool(_ENTITY_IN_TAG.search(raw))


def is_unsafe_url(value: str) -> bool:
    """True for `javascript:`, `vbscript:` and non-image `data:` URLs (however obfuscated)."""
    compact = _IGNORED_IN_SCHEME.sub("", value).lower()
    if compact.startswith(("javascript:", "vbscript:", "livescript:")):
        return True
    return compact.startswith("data:") and not _SAFE_DATA.match(compact)


def sanitize_html(html: str) -> str:
    """Return `html` with unsafe elements, event handlers and script URLs removed."""
    if not _looks_suspicious(html):
        return html
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.dropping = 0  # depth inside elements whose content is dropped
        self.raw_text = False  # inside <style> etc.: data must not be re-escaped

    def _clean_attrs(self, attrs: list[tuple[str, str | None]]) -> tuple[str, bool]:
        kept = []
        changed = False
        for name, value in attrs:
            lower = name.lower()
            if lower.startswith("on") or lower == "srcdoc":
                changed = True
                continue
            if value is not None and lower in URL_ATTRIBUTES and is_unsafe_url(value):
                changed = True
                continue
            kept.append(f' {name}="{escape(value)}"' if value is not None else f" {name}")
        return "".join(kept), changed

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closing: str) -> None:
        if tag in UNSAFE_ELEMENTS:
            if tag in DROP_CONTENT and not closing:
                self.dropping += 1
            return
        if self.dropping:
            return
        text = self.get_starttag_text() or ""
        if not tag.isalnum() and not tag.replace("-", "").replace(":", "").isalnum():
            self.out.append(escape(text, quote=False))  # e.g. `<scr<script>`: text, not a tag
            return
        rendered, changed = self._clean_attrs(attrs)
        self.out.append(f"<{tag}{rendered}{closing}>" if changed else text)
        self.raw_text = tag in {"style", "textarea", "title", "xmp"} and not closing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        if tag in UNSAFE_ELEMENTS:
            if tag in DROP_CONTENT and self.dropping:
                self.dropping -= 1
            return
        if self.dropping:
            return
        self.raw_text = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.raw_text:
            self.out.append(data)
        else:
            self.out.append(data.replace("<", "&lt;").replace(">", "&gt;"))

    def handle_entityref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.dropping:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if not self.dropping:
            self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        if not self.dropping:
            self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        if not self.dropping:
            self.out.append(f"<![{data}]>")
