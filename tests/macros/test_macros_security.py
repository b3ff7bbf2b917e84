"""Real builds with mkdocs-macros: author macros work, and page text cannot run code."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

MACROS = """\
  - macros:
      modules: [mkdocs_pmo.site.macros]
      on_undefined: strict
"""
BODY = "Intro.\n\n## Why\n\nBecause.\n\n"


def site(tmp_path: Path, files: dict[str, str], *, macros: bool = True) -> Path:
    config = mkdocs_yml() + (MACROS if macros else "")
    base = {
        "mkdocs.yml": config,
        "docs/index.md": "# Home\n\nWelcome.\n",
        "standards/STD-001-charter.md": doc_text("STD-001", "Charter"),
        "standards/STD-002-x.md": doc_text("STD-002", "<b>Bold</b> & {{ 7*7 }}", tags=["t1"]),
        "playbooks/PB-001-run.md": doc_text("PB-001", "Run it", standards=["STD-001"]),
    }
    base.update(files)
    return write_tree(tmp_path, base)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("template problem" in m for m in messages)  # the final summary
    return messages


def payloads(marker: Path) -> list[str]:
    return [
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
        "{{ self.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        f"{{{{ lipsum.__globals__['os'].system('touch {marker}') }}}}",
        "{{ config.theme.get_env().from_string('{{ 1 }}').render() }}",
        "{{ page.file.abs_src_path }}{% set x = namespace() %}{{ 'a'.format.__self__ }}",
        "{{ '{0.__class__.__mro__}'.format('') }}",
        "{{ ('a' * 100000) * 100000 }}",
        "{{ 'x'|center(50000000)|length }}",
        "{{ ('a' * 999999)|replace('a', 'aaaa') }}",
        "{{ 'x'|indent(50000000) }}",
    ]


@pytest.mark.parametrize("index", range(11))
def test_payload_in_a_standard_body_runs_nothing_and_fails_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, index: int
) -> None:
    marker = tmp_path / "MARKER"
    payload = payloads(marker)[index]
    body = BODY + f"Line seven.\n\n{payload}\n"
    text = doc_text("STD-003", "Evil", body=body)
    line = text.splitlines().index(payload) + 1
    site(tmp_path, {"standards/STD-003-evil.md": text})
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path)
    assert not marker.exists()
    (message,) = [m for m in errors(caplog) if "[pmo.template]" in m]
    assert message.startswith(f"standards/STD-003-evil.md:{line}: error:"), message


def test_include_outside_the_docs_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("TOP-SECRET", encoding="utf-8")
    # A hidden folder: MkDocs does not publish it, but Jinja's loader can read it.
    (tmp_path / "docs" / ".partials").mkdir(parents=True)
    (tmp_path / "docs" / ".partials" / "link.md").symlink_to(outside)
    files = {
        "docs/page.md": "# Page\n\n{% include '/etc/passwd' %}\n",
        "docs/other.md": "# Other\n\n{% include '.partials/link.md' %}\n",
    }
    site(tmp_path, files)
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path)
    messages = [m for m in errors(caplog) if "[pmo.template]" in m]
    assert any("docs/page.md:3: error: template not found: /etc/passwd" in m for m in messages)
    assert any(
        "docs/other.md:3: error: template not found: .partials/link.md" in m for m in messages
    )
    for path in (tmp_path / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "root:x:0" not in text
        assert "TOP-SECRET" not in text


def test_include_of_a_docs_file_still_works(tmp_path: Path) -> None:
    site(
        tmp_path,
        {"docs/part.md": "Shared *part*.\n", "docs/page.md": "# P\n\n{% include 'part.md' %}\n"},
    )
    html = read_html(build_site(tmp_path), "page/")
    assert "Shared <em>part</em>." in html


def test_payloads_in_title_and_summary_are_shown_literally(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    doc = doc_text(
        "STD-003",
        f"<script>alert(1)</script>{payload}",
        summary=f"Summary {payload} {{{{ 7*7 }}}}",
        body=BODY + "Title: {{ page.meta.title }}. Summary: {{ summary }}.\n",
    )
    built = build_site(site(tmp_path, {"standards/STD-003-evil.md": doc}))
    assert not marker.exists()
    html = read_html(built, "standards/STD-003-evil/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "cycler.__init__.__globals__" in html or "cycler.<strong>init</strong>" in html
    assert "{{ 7*7 }}" in html
    assert "Summary 49" not in html


def test_a_clear_error_and_no_traceback_from_the_command_line(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    body = (
        f"# Page\n\nok\n\n{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n"
    )
    site(tmp_path, {"docs/page.md": body, "docs/stray.md": "# Stray\n\nA {{ stray\n"})
    mkdocs = Path(sys.executable).with_name("mkdocs")
    run = subprocess.run(
        [str(mkdocs), "build", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode != 0
    assert not marker.exists()
    assert "Traceback" not in run.stderr
    assert "docs/page.md:5: error: unsafe template code refused by the sandbox" in run.stderr
    assert "docs/stray.md:3: error: template syntax error" in run.stderr
    assert "{% raw %}" in run.stderr  # says how to write literal braces
    assert "2 template problems" in run.stderr


def test_macros_render_tables_lists_and_links_relative_to_the_page(tmp_path: Path) -> None:
    page = (
        "# Overview\n\n"
        "{{ documents_table(kind='standards', tag='t1') }}\n\n"
        "{{ implemented_by('STD-001') }}\n\n"
        "Read {{ document_link('STD-001') }} or {{ document_link('PB-001', 'the playbook') }}.\n\n"
        "Count: {{ document_count(kind='standard') }}\n"
    )
    nested = "# Nested\n\n{{ document_link('STD-001') }}\n"
    built = build_site(site(tmp_path, {"docs/overview.md": page, "docs/a/b.md": nested}))
    html = read_html(built, "overview/")
    assert '<a href="../standards/STD-002-x/">STD-002</a>' in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &#123;&#123; 7*7 &#125;&#125;</a>" in html
    assert "<b>Bold</b>" not in html
    assert "STD-001-charter" not in html.split("<table>")[1].split("</table>")[0]
    assert '<a href="../playbooks/PB-001-run/">PB-001 Run it</a>' in html
    assert '<a href="../standards/STD-001-charter/">STD-001 Charter</a>' in html
    assert '<a href="../playbooks/PB-001-run/">the playbook</a>' in html
    assert "Count: 2" in html
    nested_html = read_html(built, "a/b/")
    assert '<a href="../../standards/STD-001-charter/">STD-001 Charter</a>' in nested_html


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("{{ document_link('STD-999') }}", "unknown document ID 'STD-999'"),
        ("{{ documents_table(kind='policy') }}", "unknown kind 'policy'; known kinds: standard"),
        ("{{ documents_table(status='live') }}", "unknown status 'live'"),
        ("{{ no_such_macro() }}", "'no_such_macro' is undefined"),
    ],
)
def test_macro_mistakes_name_the_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, call: str, expected: str
) -> None:
    site(tmp_path, {"docs/page.md": f"# Page\n\n{call}\n"})
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path)
    (message,) = [m for m in errors(caplog) if "[pmo.template]" in m]
    assert message.startswith("docs/page.md:3: error:")
    assert expected in message


def test_literal_braces_in_prose(tmp_path: Path) -> None:
    body = BODY + "Raw: {% raw %}{{ name }} and {% if %}{% endraw %}. Quoted: {{ '{{' }} x }}.\n"
    docs_page = "---\nrender_macros: false\n---\n# Off\n\nPlain {{ here }} and {% this %}.\n"
    built = build_site(
        site(
            tmp_path,
            {
                "standards/STD-003-lit.md": doc_text("STD-003", "Lit", body=body),
                "docs/off.md": docs_page,
            },
        )
    )
    html = read_html(built, "standards/STD-003-lit/")
    assert "Raw: {{ name }} and {% if %}. Quoted: {{ x }}." in html
    assert "Plain {{ here }} and {% this %}." in read_html(built, "off/")


def test_safe_jinja_still_works(tmp_path: Path) -> None:
    page = (
        "# J\n\n{% set ns = namespace(n=0) %}{% for x in range(3) %}{% set ns.n = ns.n + x %}"
        "{{ loop.index }}{% endfor %} n={{ ns.n }} {{ 'abc' | upper }} {{ page.title }} "
        "{{ ['b', 'a'] | sort | join(',') }} {{ '%s-%s' | format(1, 2) }}\n"
    )
    html = read_html(build_site(site(tmp_path, {"docs/j.md": page})), "j/")
    assert "123 n=3 ABC J b,a" not in html
    assert "123 n=3 ABC J a,b 1-2" in html


def test_macros_without_the_pmo_plugin_say_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = "site_name: T\nplugins:\n" + MACROS
    write_tree(
        tmp_path, {"mkdocs.yml": config, "docs/index.md": "# H\n\n{{ document_link('STD-001') }}\n"}
    )
    with pytest.raises(Exception, match="BuildError"):
        build_site(tmp_path)
    (message,) = [m for m in errors(caplog) if "[pmo.template]" in m]
    assert "need the `pmo` plugin" in message


def test_generated_pages_are_not_templates(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    title = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}} {{{{ 7*7 }}}}"
    doc = doc_text("STD-003", title, tags=["{{ 6*7 }}"])
    built = build_site(site(tmp_path, {"standards/STD-003-t.md": doc}))
    assert not marker.exists()
    for uri in ("catalogue/standards/", "catalogue/graph/", "catalogue/owners/"):
        html = read_html(built, uri)
        assert "cycler" in html, uri
        # Rendered, the payload would have failed the build in the sandbox.
        assert "7*7" in html, uri
    assert "6*7" in read_html(built, "catalogue/standards/")


def test_template_problems_can_be_downgraded_for_converted_catalogues(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Messy real prose (`{{ }}`, `<% %>`) builds with a warning when `pmo.template: warning`."""
    body = BODY + "Legacy text with {{ and }} braces, <% erb %> and {% weird.\n"
    root = site(tmp_path, {"standards/STD-003-messy.md": doc_text("STD-003", "Messy", body=body)})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - pmo:\n", "  - pmo:\n      validation:\n        pmo.template: warning\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = build_site(root)
    page = read_html(built, "standards/STD-003-messy/")
    assert "Legacy text with {{ and }} braces" in page
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        m.startswith("standards/STD-003-messy.md:") and "[pmo.template]" in m for m in warnings
    )
    with pytest.raises(Exception, match=r"Aborted|warnings"):
        build_site(root, strict=True)


def test_sandbox_violations_stay_errors_whatever_the_level(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    body = BODY + payloads(marker)[0] + "\n"
    root = site(tmp_path, {"standards/STD-003-evil.md": doc_text("STD-003", "Evil", body=body)})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - pmo:\n", "  - pmo:\n      validation:\n        pmo.template: ignore\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(Exception, match=r"BuildError|template problem"):
        build_site(root)
    assert not marker.exists()


def test_a_mkdocs_macros_that_bypasses_the_sandbox_fails_the_build_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a future mkdocs-macros rendered pages with its own environment, nothing renders."""
    from mkdocs_macros.plugin import MacrosPlugin

    marker = tmp_path / "MARKER"

    def unsandboxed(
        self: MacrosPlugin, markdown: str, page: object, config: object, **kw: object
    ) -> str:
        return self.env.from_string(markdown).render(**self.variables)

    monkeypatch.setattr(MacrosPlugin, "on_page_markdown", unsandboxed)
    payload = f"{{{{ lipsum.__globals__['os'].system('touch {marker}') }}}}"
    root = site(
        tmp_path, {"standards/STD-003-x.md": doc_text("STD-003", body=payload + "\n\n" + BODY)}
    )
    with pytest.raises(Abort):
        build_site(root)
    assert "renders pages without the pmo sandbox" in caplog.text
    assert not marker.exists()
    assert not (root / "site" / "standards").exists()  # failed before any page


def test_macros_without_the_pmo_module_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = site(tmp_path, {})
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        config.replace("modules: [mkdocs_pmo.site.macros]", "modules: []")
    )
    with pytest.raises(Abort):
        build_site(root)
    assert "add `modules: [mkdocs_pmo.site.macros]`" in caplog.text
