"""`pmo check` reads page templates as the build renders them: same names, same sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.site.macros import _ProbePage, _state, build_sandbox, page_variables
from mkdocs_pmo.site.mkdocs_config import load_settings
from tests.conftest import build_site, doc_text, load_site_config, mkdocs_yml, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path

MACROS = """\
  - macros:
      modules: [mkdocs_pmo.site.macros]
      on_undefined: strict
      include_yaml:
        - vars.yml
        - named: more.yml
extra:
  project_name: Apollo
  status:
    draft: Draft!
"""
WHY = "\n\n## Why\n\nBecause.\n"
PARAMETERS = "cap:\n  value: 85\n  unit: '%'\n  owner: PMO\n  why: Queues.\n"


def _site(tmp_path: Path, config: str, files: dict[str, str] | None = None) -> Path:
    return write_tree(
        tmp_path,
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n\nWelcome.\n",
            "vars.yml": "budget: 10\nteam: [a, b]\n",
            "more.yml": "x: 1\n",
            "standards/STD-001-a.md": doc_text("STD-001"),
            **(files or {}),
        },
    )


def test_the_check_knows_exactly_the_names_rendering_gives_a_page(tmp_path: Path) -> None:
    root = _site(tmp_path, mkdocs_yml() + MACROS)
    config = load_site_config(root)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        macros = config.plugins["macros"]
        sandbox = build_sandbox(macros.env, macros.macros)
        rendered = set(page_variables(macros, _ProbePage(), {})) | set(sandbox.globals)
    finally:
        config.plugins.on_shutdown()
    settings = load_settings(root / "mkdocs.yml")
    assert settings.templates is not None
    assert set(settings.templates.names) == rendered
    assert {"project_name", "budget", "team", "named", "param", "documents_table"} <= rendered
    assert _state(macros).issues == []


def test_without_the_macros_plugin_templates_are_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = doc_text("STD-002", body="{{ Project name }} {{ nothing }}" + WHY)
    root = _site(tmp_path, mkdocs_yml(), {"standards/STD-002-b.md": doc})
    assert load_settings(root / "mkdocs.yml").templates is None
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0
    build_site(root, strict=True)  # published as text: the build agrees


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{{ project_name }} {{ budget }} {{ page.title }} {{ params }} {{ owner }}", ""),
        ("{% set local = 1 %}{{ local }} {% for i in range(2) %}{{ i }}{% endfor %}", ""),
        ("{% if later is defined %}{{ later }}{% endif %}", ""),
        ("{{ projectname }}", "'projectname' is undefined"),
        ("{{ config.site_name }}", "'config' is undefined"),
        ("{{ 'x' | no_such_filter }}", "No filter named 'no_such_filter'"),
        ("{% if x %}", "template syntax error"),
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' is unsafe"),
        ("{{ page['_private'] }}", "access to attribute '_private' is unsafe"),
    ],
)
def test_a_document_s_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, problem: str
) -> None:
    doc = doc_text("STD-002", body=f"Intro.\n\n{body}" + WHY)
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"standards/STD-002-b.md": doc})
    code = main(["check", "-f", str(root / "mkdocs.yml")])
    out = capsys.readouterr().out
    if not problem:
        assert code == 0, out
        return
    line = doc.splitlines().index(body) + 1
    assert code == 1
    assert f"standards/STD-002-b.md:{line}: error: " in out
    assert problem in out and "[pmo.template]" in out


def test_pages_that_opt_out_and_lax_sites_are_read_as_the_build_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    off = "---\nrender_macros: false\n---\n# Off\n\n{{ Project name }} {{ nothing }}\n"
    lax = (mkdocs_yml() + MACROS).replace("on_undefined: strict", "on_undefined: keep")
    root = _site(tmp_path, lax, {"docs/off.md": off, "docs/on.md": "# On\n\n{{ unknown }}\n"})
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0
    (root / "docs" / "on.md").write_text("# On\n\n{{ Project name }}\n", encoding="utf-8")
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    assert "docs/on.md:3: error: template syntax error" in capsys.readouterr().out


def test_names_from_a_module_the_check_cannot_read_are_not_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `main.py` beside mkdocs.yml may define any name: only syntax is checked."""
    doc = doc_text("STD-002", body="{{ from_main }}" + WHY)
    files = {"standards/STD-002-b.md": doc, "main.py": "def define_env(env):\n    pass\n"}
    root = _site(tmp_path, mkdocs_yml() + MACROS, files)
    settings = load_settings(root / "mkdocs.yml")
    assert settings.templates is not None
    assert not settings.templates.names_known
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0


def test_the_macros_take_the_arguments_the_check_knows(tmp_path: Path) -> None:
    """The check binds calls to `SIGNATURES`: the macros authors call must have them."""
    import inspect

    from mkdocs_pmo.core.macro_calls import SIGNATURES

    root = _site(tmp_path, mkdocs_yml() + MACROS)
    config = load_site_config(root)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        macros = config.plugins["macros"].macros
    finally:
        config.plugins.on_shutdown()
    for name, signature in SIGNATURES.items():
        assert inspect.signature(macros[name]).parameters == signature.parameters, name


@pytest.mark.parametrize(
    ("call", "problem"),
    [
        ('{{ implemented_by("STD-999") }}', "unknown document ID 'STD-999'"),
        ('{{ document_link(doc_id="std-001") }}', "unknown document ID 'std-001'"),
        ("{{ referenced_by() }}", "referenced_by(): missing a required argument: 'doc_id'"),
        ('{{ documents_table("nope") }}', "unknown kind 'nope'; known kinds: standard, playbook"),
        ('{{ document_count(status="approved") }}', "unknown status 'approved'"),
        ("{{ recent_changes(0) }}", "recent_changes(n): n must be a whole number from 1, not 0"),
        ('{{ param("budget", 2) }}', "param(): too many positional arguments"),
        ("{{ param(1) }}", "param(name): the name is text in quotes, not 1"),
        ('{{ documents_table(kind="Standards") }} {{ document_link("STD-001", "x") }}', ""),
        ('{{ implemented_by(page.meta.x) }} {{ documents_table(**{"kind": "x"}) }}', ""),
    ],
)
def test_macro_arguments_the_build_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], call: str, problem: str
) -> None:
    page = f"# Page\n\nIntro.\n\n{call}\n"
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"docs/page.md": page})
    code = main(["check", "-f", str(root / "mkdocs.yml")])
    out = capsys.readouterr().out
    if not problem:
        assert code == 0, out
        return
    assert code == 1
    assert f"docs/page.md:5: error: template error: {problem}" in out, out


def test_computed_arguments_are_refused_when_the_page_renders(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """What the check cannot know before rendering still fails the build, at its line."""
    page = "---\nwhich: STD-404\n---\n# Page\n\nIntro.\n\n{{ implemented_by(which) }}\n"
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"docs/page.md": page})
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    with pytest.raises(Exception, match="BuildError"):
        build_site(root, strict=True)
    wanted = "docs/page.md:8: error: template error: unknown document ID 'STD-404' [pmo.template]"
    assert wanted in caplog.text


@pytest.mark.parametrize("block", ["", "{% if true %}ok{% endif %}"])
def test_macro_calls_are_located_at_their_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], block: str
) -> None:
    """Read expression by expression (no block tags) or whole: the same lines."""
    page = (
        "---\nx: 1\n---\n# Page\n\n"  # front matter: lines count from the file's first
        '{{ document_count() }} {{ implemented_by("STD-001") }}\n\n'
        f"{block}\n\n"
        '{{ x }} and\n{{ referenced_by("PB-404") }}, then {{ recent_changes(n=-1) }}\n'
    )
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"docs/page.md": page})
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    errors = [line.split(": error: ")[0] for line in out.splitlines() if ": error: " in line]
    assert errors == ["docs/page.md:11", "docs/page.md:11"], out
    assert "unknown document ID 'PB-404'" in out and "not -1" in out


def test_includes_are_read_from_the_include_folder_on_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document's result is cached; the templates it includes are looked up every time."""
    body = (
        'Intro.\n\n{% include "parts/note.md" %}\n\n{% include "gone.md" ignore missing %}\n\n'
        '{% include "../mkdocs.yml" %}' + WHY
    )
    doc = doc_text("STD-002", body=body)
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"standards/STD-002-b.md": doc})
    lines = doc.splitlines()
    note = lines.index('{% include "parts/note.md" %}') + 1
    escape = lines.index('{% include "../mkdocs.yml" %}') + 1
    args = ["check", "-f", str(root / "mkdocs.yml")]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"standards/STD-002-b.md:{note}: error: template not found: parts/note.md" in out
    assert f"standards/STD-002-b.md:{escape}: error: template not found: ../mkdocs.yml" in out
    assert "gone.md" not in out
    write_tree(root, {"docs/parts/note.md": "A note.\n"})
    assert main(args) == 1  # the document's cached result does not hide the new file
    out = capsys.readouterr().out
    assert "parts/note.md" not in out and "../mkdocs.yml" in out


def test_a_parameter_name_computed_while_rendering_fails_the_build_at_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The check cannot see `param(n)`'s name: rendering refuses it, never a silent span."""
    body = 'Intro.\n\n{% set n = "nope" %}{{ param(n) }}' + WHY
    doc = doc_text("STD-002", body=body)
    files = {"standards/STD-002-b.md": doc, "parameters.yml": PARAMETERS}
    root = _site(tmp_path, mkdocs_yml() + MACROS, files)
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    with pytest.raises(Exception, match="BuildError"):
        build_site(root, strict=True)
    line = doc.splitlines().index('{% set n = "nope" %}{{ param(n) }}') + 1
    assert f"standards/STD-002-b.md:{line}: error: unknown parameter 'nope'" in caplog.text


def test_a_parameter_s_value_is_shown_as_text(tmp_path: Path) -> None:
    """A value is data: no Markdown, no `[[ID]]`, no link is made of it."""
    hostile = (
        'cap:\n  value: "[[STD-999]] **b** [x](javascript:alert(1))"\n  owner: PMO\n  why: W.\n'
    )
    doc = doc_text("STD-002", body='Keep under {{ param("cap") }}.' + WHY)
    files = {"standards/STD-002-b.md": doc, "parameters.yml": hostile}
    root = _site(tmp_path, mkdocs_yml() + MACROS, files)
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0
    html = read_html(build_site(root, strict=True), "standards/STD-002-b/")
    shown = html.split('class="pmo-param"', 1)[1].split("</a>", 1)[0]
    assert shown.endswith(">[[STD-999]] **b** [x](javascript:alert(1))")  # text, not Markdown
    assert "pmo-broken" not in html and "<strong>b</strong>" not in html


def test_a_link_in_a_template_comment_is_no_link(tmp_path: Path) -> None:
    """mkdocs-macros drops `{# ... #}` before Markdown: check and build agree it is nothing."""
    doc = doc_text("STD-002", body="Intro.\n\n{# see [[STD-999]]\nand [x](nope.md) #}" + WHY)
    page = "# Page\n\n{# [[STD-998]] #} Text.\n"
    files = {"standards/STD-002-b.md": doc, "docs/page.md": page}
    root = _site(tmp_path, mkdocs_yml() + MACROS, files)
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0
    build_site(root, strict=True)
    # In a raw block the comment is text, and its link a link.
    write_tree(root, {"docs/page.md": "# Page\n\n{% raw %}{# [[STD-998]] #}{% endraw %}\n"})
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 1


def test_a_reference_only_the_template_makes_fails_the_build_at_the_template_s_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The check cannot see `[[...]]` that rendering makes; the build names its template line."""
    made = '{{ "[[STD-" ~ "998]]" }} here.'
    lines_made = '{{ "One.\\n\\nTwo [[STD-" ~ "997]]." }}'  # three lines from one
    body = f"Intro.\n\n{lines_made}\n\nSee {made}\n\nEnd." + WHY
    doc = doc_text("STD-002", body=body)
    root = _site(tmp_path, mkdocs_yml() + MACROS, {"standards/STD-002-b.md": doc})
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    with pytest.raises(Exception, match="BuildError"):
        build_site(root, strict=True)
    lines = doc.splitlines()
    for line, ref in (
        (lines.index(lines_made) + 1, "STD-997"),
        (lines.index(f"See {made}") + 1, "STD-998"),
    ):
        wanted = (
            f"mkdocs_pmo: standards/STD-002-b.md:{line}: link [[{ref}]] (made by the page's template): "
            f"no document has the ID {ref} [pmo.dangling-ref]"
        )
        assert wanted in caplog.text, caplog.text


def test_an_included_template_is_checked_as_the_page_is_at_the_include(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its undefined names (the including page's own names known) and private attributes."""
    options = "      on_undefined: strict\n"
    config = mkdocs_yml() + MACROS.replace(options, options + "      include_dir: snippets\n")
    body = 'Intro.\n\n{% include "a.md" %}\n\n{% include "b.md" %}' + WHY
    doc = doc_text("STD-002", body=body)
    files = {
        "standards/STD-002-b.md": doc,
        "snippets/a.md": "Part {{ nope_var }} by {{ owner }} for {{ project_name }}.\n",
        "snippets/b.md": "{{ ''|attr('__class__') }}\n",
    }
    root = _site(tmp_path, config, files)
    lines = doc.splitlines()
    first = lines.index('{% include "a.md" %}') + 1
    second = lines.index('{% include "b.md" %}') + 1
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    wanted = [
        f"standards/STD-002-b.md:{first}: error: template error in the included a.md: "
        "'nope_var' is undefined",
        f"standards/STD-002-b.md:{second}: error: template error in the included b.md: "
        "access to attribute '__class__' is unsafe",
    ]
    assert all(w in out for w in wanted), out
    assert "'owner'" not in out and "'project_name'" not in out
    monkeypatch.chdir(root)  # mkdocs-macros reads include_dir from the working folder
    with pytest.raises(Exception, match="BuildError"):
        build_site(root, strict=True)
    assert f"standards/STD-002-b.md:{first}" in caplog.text
