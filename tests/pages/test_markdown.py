"""The Markdown subset escapes everything it does not build itself."""

from __future__ import annotations

from badgeservice.pages.markdown import render_markdown


def test_paragraphs_line_breaks_and_lists() -> None:
    html = render_markdown("Première ligne\nseconde\n\n- un\n- deux")
    assert str(html) == "<p>Première ligne<br>\nseconde</p>\n<ul><li>un</li><li>deux</li></ul>"


def test_strong_emphasis_and_https_links() -> None:
    html = render_markdown("**fort** et *léger* : [voir](https://example.org/a?b=1&c=2)")
    assert str(html) == (
        "<p><strong>fort</strong> et <em>léger</em> : "
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">voir</a></p>'
    )


def test_html_is_escaped() -> None:
    html = str(render_markdown('<script>alert(1)</script> <a href="x">y</a>'))
    assert "<script>" not in html
    assert "<a " not in html
    assert "&lt;script&gt;" in html


def test_links_to_other_schemes_stay_text() -> None:
    for source in ("[x](javascript:alert(1))", "[x](data:text/html,hi)", "[x](//evil.example)"):
        assert "<a " not in str(render_markdown(source)), source


def test_emphasis_never_reaches_inside_a_link_target() -> None:
    html = str(render_markdown("[a](https://example.org/**b**)"))
    assert html == '<p><a href="https://example.org/**b**" rel="nofollow noopener">a</a></p>'


def test_quotes_cannot_break_out_of_a_link() -> None:
    html = str(render_markdown('[a](https://example.org/"onmouseover="x)'))
    assert 'onmouseover="' not in html


def test_no_text_is_no_markup() -> None:
    assert str(render_markdown(None)) == ""
    assert str(render_markdown("  \n ")) == ""
