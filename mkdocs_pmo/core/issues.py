"""Problems as values: a closed set of codes, their default levels, and located issues."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping


class Severity(enum.Enum):
    """How much an issue matters. `IGNORE` drops it from reports."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    IGNORE = "ignore"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1, "ignore": 0}[self.value]


class Trait(enum.Flag):
    """What kind of finding a code is, beyond its level."""

    NONE = 0
    #: Found because of the calendar, not because of a change: shown and listed, never a
    #: reason to fail `pmo check` or the build (a review falling due must not block merges).
    DATE_DRIVEN = enum.auto()
    #: A consequence of problems reported in another file: listed after every other issue,
    #: so the cause is read first.
    CONSEQUENCE = enum.auto()


class IssueCode(enum.Enum):
    """Every problem mkdocs-pmo can report: `(code, default level, description[, traits])`."""

    def __new__(
        cls, code: str, level: Severity, description: str, traits: Trait = Trait.NONE
    ) -> IssueCode:
        obj = object.__new__(cls)
        obj._value_ = code
        obj.default = level
        obj.description = description
        obj.traits = traits
        return obj

    default: Severity
    description: str
    traits: Trait

    @property
    def date_driven(self) -> bool:
        """Whether the finding comes from the calendar (never fails a check or a build)."""
        return bool(self.traits & Trait.DATE_DRIVEN)

    @property
    def consequence(self) -> bool:
        """Whether the finding follows from problems in another file (reported after them)."""
        return bool(self.traits & Trait.CONSEQUENCE)

    # Reading files
    UNREADABLE = ("pmo.unreadable", Severity.ERROR, "The file cannot be read.")
    ENCODING = ("pmo.encoding", Severity.ERROR, "The file is not valid UTF-8.")
    EMPTY_FILE = ("pmo.empty-file", Severity.ERROR, "The file is empty.")
    NO_FRONT_MATTER = (
        "pmo.no-front-matter",
        Severity.ERROR,
        "A document must start with a `---` line opening its YAML front matter.",
    )
    UNTERMINATED_FRONT_MATTER = (
        "pmo.unterminated-front-matter",
        Severity.ERROR,
        "The front matter has no closing `---` line.",
    )
    YAML_SYNTAX = ("pmo.yaml-syntax", Severity.ERROR, "The front matter is not valid YAML.")
    YAML_TAB = ("pmo.yaml-tab", Severity.ERROR, "The front matter is indented with a tab.")
    YAML_DUPLICATE_KEY = (
        "pmo.duplicate-key",
        Severity.ERROR,
        "A front-matter key appears twice (YAML would silently keep the last one).",
    )
    YAML_UNSAFE_TAG = (
        "pmo.yaml-tag",
        Severity.ERROR,
        "The front matter uses a YAML tag such as `!!python/object`; nothing is constructed.",
    )
    YAML_ALIAS = (
        "pmo.yaml-alias",
        Severity.ERROR,
        "YAML anchors and aliases are not allowed in front matter (they can expand without bound).",
    )
    FRONT_MATTER_NOT_MAPPING = (
        "pmo.front-matter-type",
        Severity.ERROR,
        "The front matter must be a mapping of `key: value` lines, not a list or a scalar.",
    )
    FRONT_MATTER_TOO_LARGE = (
        "pmo.front-matter-size",
        Severity.ERROR,
        "The front matter is larger than the configured limit.",
    )
    FILE_TOO_LARGE = ("pmo.file-size", Severity.ERROR, "The file is larger than the limit.")
    UNSAFE_CHARACTER = (
        "pmo.unsafe-char",
        Severity.ERROR,
        "A NUL or bidirectional-override character that can hide what text really says.",
    )
    PATH_TOO_LONG = ("pmo.path-length", Severity.ERROR, "A file name longer than the limit.")
    SYMLINK_OUTSIDE = (
        "pmo.symlink",
        Severity.ERROR,
        "A symbolic link that points outside the repository (not followed).",
    )
    # Front-matter schema
    SCHEMA = ("pmo.schema", Severity.ERROR, "A front-matter value breaks the kind's schema.")
    MISSING_FIELD = ("pmo.missing-field", Severity.ERROR, "A required field is missing.")
    EMPTY_FIELD = ("pmo.empty-field", Severity.ERROR, "A required field is null or empty.")
    UNKNOWN_FIELD = ("pmo.unknown-field", Severity.ERROR, "A key the kind's schema does not know.")
    UNKNOWN_OPTION = (
        "pmo.unknown-option",
        Severity.WARNING,
        "A key of `mkdocs.yml`, or an option of the pmo plugin, that MkDocs does not know (a "
        "typo): MkDocs warns about it too, which `--strict` refuses.",
    )
    VERSION_NOT_STRING = (
        "pmo.version-type",
        Severity.ERROR,
        "`version` was read as a number; quote it so `1.10` stays `1.10`.",
    )
    INVALID_DATE = ("pmo.invalid-date", Severity.ERROR, "A date that is not a real YYYY-MM-DD.")
    # Cross-document rules
    DUPLICATE_ID = ("pmo.duplicate-id", Severity.ERROR, "Two documents share an ID.")
    ID_PREFIX = (
        "pmo.id-prefix",
        Severity.ERROR,
        "The ID's prefix does not match the kind of the folder the document is in.",
    )
    DANGLING_REF = ("pmo.dangling-ref", Severity.ERROR, "A reference to an ID that does not exist.")
    BROKEN_TARGET = (
        "pmo.broken-target",
        Severity.ERROR,
        "A reference to a document that has errors and could not be loaded (fix that file first).",
        Trait.CONSEQUENCE,
    )
    NEAR_MISS_REF = (
        "pmo.near-miss-ref",
        Severity.WARNING,
        "`[[...]]` text shaped like an ID that is not a reference (unknown prefix, wrong case, "
        "missing zeros: `[[std-18]]`); the page shows it as plain text.",
    )
    MISSING_ANCHOR = (
        "pmo.missing-anchor",
        Severity.INFO,
        "`[[ID#anchor]]` names no heading or anchor of the target. Its level follows MkDocs' "
        "`validation.anchors` (info by default) unless `validation:` of the plugin sets it.",
    )
    BROKEN_LINK = (
        "pmo.broken-link",
        Severity.WARNING,
        "A Markdown link or image (`[text](page.md)`, `![alt](x.png)`, `[text][ref]`) to a file "
        "the site does not have, or out of the site; its level follows MkDocs' "
        "`validation.links.not_found` (warn by default, which `--strict` refuses) unless "
        "`validation:` of the plugin sets it.",
    )
    ABSOLUTE_LINK = (
        "pmo.absolute-link",
        Severity.INFO,
        "A Markdown link starting with `/`, which MkDocs leaves as is; its level follows "
        "`validation.links.absolute_links` (info by default).",
    )
    UNRECOGNIZED_LINK = (
        "pmo.unrecognized-link",
        Severity.INFO,
        "A Markdown link without a file extension (`other`, `sub/`) that names no file of the "
        "site, which MkDocs leaves as is; its level follows `validation.links.unrecognized_links` "
        "(info by default).",
    )
    SELF_REF = ("pmo.self-ref", Severity.ERROR, "A document refers to itself.")
    WRONG_TARGET_KIND = (
        "pmo.target-kind",
        Severity.ERROR,
        "A relation points at a document of the wrong kind (e.g. a playbook in `standards`).",
    )
    SUPERSESSION = (
        "pmo.supersession",
        Severity.ERROR,
        "`supersedes`, `superseded_by` and `status` disagree.",
    )
    SUPERSESSION_CYCLE = (
        "pmo.supersession-cycle",
        Severity.ERROR,
        "Documents supersede each other in a cycle.",
    )
    MISSING_WHY = ("pmo.missing-why", Severity.ERROR, "The document has no `## Why` section.")
    EMPTY_WHY = ("pmo.empty-why", Severity.ERROR, "The `## Why` section has no text.")
    REVIEW_OVERDUE = (
        "pmo.review-overdue",
        Severity.WARNING,
        "A document in force is past its review due date (shown, never fails a check or build).",
        Trait.DATE_DRIVEN,
    )
    UNSAFE_HTML = (
        "pmo.unsafe-html",
        Severity.ERROR,
        "HTML in a document body that the allowlist sanitiser removes from the page (an element, "
        "attribute or URL it does not admit), located so nothing disappears silently.",
    )
    APPLIES_TO = (
        "pmo.applies-to",
        Severity.ERROR,
        "`applies_to` or `requirements` names an unknown facet, facet value or requirement.",
    )
    PARAMETERS = (
        "pmo.parameters",
        Severity.ERROR,
        "`parameters.yml` cannot be read or breaks its schema.",
    )
    UNKNOWN_PARAMETER = (
        "pmo.unknown-parameter",
        Severity.ERROR,
        '`param("name")` names a parameter that `parameters.yml` does not define.',
    )
    NO_MACROS = (
        "pmo.no-macros",
        Severity.ERROR,
        '`param("name")` in a document of a site without the macros plugin, which would show '
        "the call as written instead of the value.",
    )
    REQ_DUPLICATE = (
        "pmo.req-duplicate",
        Severity.ERROR,
        "Two requirements of one document have the same number.",
    )
    REQ_NO_KEYWORD = (
        "pmo.req-no-keyword",
        Severity.ERROR,
        "A requirement without an RFC 2119 keyword (MUST, MUST NOT, SHOULD, SHOULD NOT, MAY).",
    )
    REQ_MIXED_KEYWORDS = (
        "pmo.req-mixed-keywords",
        Severity.WARNING,
        "A requirement with two different keywords (split it into two requirements).",
    )
    REQ_MAY_PROHIBITION = (
        "pmo.req-may-prohibition",
        Severity.ERROR,
        'MAY used to forbid ("nobody MAY", "MAY not"): write MUST NOT.',
    )
    TEMPLATE_SYNTAX = (
        "pmo.template",
        Severity.ERROR,
        "Template syntax in a document that the sandboxed macro engine refuses or cannot parse.",
    )

    # Change impact (`pmo impact`): comparing the catalogue with a git ref
    UNVERSIONED_CHANGE = (
        "pmo.unversioned-change",
        Severity.ERROR,
        "A document's text changed since the base ref but its `version` was not bumped.",
    )
    REQ_NUMBER_REUSED = (
        "pmo.req-number-reused",
        Severity.ERROR,
        "A removed requirement's number came back with other text; numbers are never reused.",
    )
    VERSION_BUMP = (
        "pmo.version-bump",
        Severity.ERROR,
        "A document's requirements changed more than its version bump says (MAJOR or MINOR).",
    )
    ID_CHANGED = (
        "pmo.id-changed",
        Severity.WARNING,
        "A file kept its path but changed its ID; IDs are permanent, links to the old one break.",
    )

    @classmethod
    def from_code(cls, code: str) -> IssueCode:
        for member in cls:
            if member.value == code:
                return member
        raise KeyError(code)


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where something is: a `/`-separated path relative to the project root, 1-based."""

    uri: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.uri}:{self.line}:{self.col}"
        if self.line:
            return f"{self.uri}:{self.line}"
        return self.uri


@dataclass(frozen=True)
class Issue:
    """One problem, located and levelled."""

    code: IssueCode
    message: str
    location: SourceLocation
    severity: Severity = Severity.ERROR
    #: For a consequence (`IssueCode.consequence`): the file whose problems cause it.
    cause: str = ""

    def format(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code.value}]"

    def sort_key(self) -> tuple[bool, str, int, int, str, str]:
        """Causes first: consequences after every other issue, each group by file:line:col."""
        loc = self.location
        return (self.code.consequence, loc.uri, loc.line, loc.col, self.code.value, self.message)

    @property
    def gates(self) -> bool:
        """Whether this issue may fail a run at all (date-driven findings never do)."""
        return not self.code.date_driven and self.severity is not Severity.IGNORE

    @property
    def build_log_severity(self) -> Severity:
        """The level to log in a build: a date-driven finding at most INFO.

        `mkdocs build --strict` aborts on any warning, so a review falling due would stop
        publishing with no change to the site; logged as INFO it is still seen.
        """
        if self.code.date_driven and self.severity.rank > Severity.INFO.rank:
            return Severity.INFO
        return self.severity


@dataclass
class Report:
    """All issues of one run, levelled by the configured overrides."""

    levels: Mapping[IssueCode, Severity] = field(default_factory=dict)
    _issues: list[Issue] = field(default_factory=list)
    #: Set when the kinds' folders hold no Markdown file at all (and nothing in them failed to
    #: be read): where it looked, as a message. `pmo check` and the build both stop on it
    #: before showing any issue (the pages' links to missing documents follow from it).
    no_documents: str | None = None
    #: How many document files were read, loaded or not (what `pmo check` says it checked).
    files_read: int = 0

    def add(
        self, code: IssueCode, message: str, location: SourceLocation, *, cause: str = ""
    ) -> None:
        severity = self.levels.get(code, code.default)
        if severity is not Severity.IGNORE:
            self._issues.append(Issue(code, message, location, severity, cause))

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue.code, issue.message, issue.location, cause=issue.cause)

    @property
    def issues(self) -> list[Issue]:
        return sorted(self._issues, key=Issue.sort_key)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self._issues)

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self._issues if i.severity is severity)

    @property
    def has_errors(self) -> bool:
        """Any error-level issue that can fail a run (see `failed`)."""
        return self.failed()

    def failed(self, *, strict: bool = False) -> bool:
        """True if the run should fail: any error, or with `strict` any warning.

        Date-driven findings (`IssueCode.date_driven`) never count, whatever their level.
        """
        return failed(self._issues, strict=strict)


def failed(issues: Iterable[Issue], *, strict: bool = False) -> bool:
    """Whether `issues` fail a run: any error, or with `strict` any warning; dates never do."""
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(i.gates and i.severity.rank >= worst.rank for i in issues)
