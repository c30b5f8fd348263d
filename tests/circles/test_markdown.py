"""The markdown subset: rendered HTML never carries executable markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.circles import markdown
from services.errors import DomainError

EXECUTABLE = re.compile(r"<(?!/?(p|br|strong|em|a|ul|ol|li)[ >])|javascript:|\son\w+=", re.I)


def test_renders_the_small_subset():
    source = "第一段 **粗体** 和 *斜体*\n第二行\n\n- 一\n- 二\n\n1. first\n2. [link](https://example.com/a?b=1&c=2)"
    assert markdown.render(source) == (
        "<p>第一段 <strong>粗体</strong> 和 <em>斜体</em><br>第二行</p>"
        "<ul><li>一</li><li>二</li></ul>"
        '<ol><li>first</li><li><a href="https://example.com/a?b=1&amp;c=2" '
        'rel="nofollow noopener noreferrer">link</a></li></ol>'
    )


def test_everything_else_is_escaped():
    html = markdown.render('1 < 2 & "quotes" [x](ftp://a) <b>bold</b>')
    assert html == ("<p>1 &lt; 2 &amp; &quot;quotes&quot; [x](ftp://a) &lt;b&gt;bold&lt;/b&gt;</p>")


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "hi <SCRIPT src=//x></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        '<a href="#" onclick=alert(1)>x</a>',
        "[x](javascript:alert(1))",
        "<iframe src=//evil>",
        "<svg/onload=alert(1)>",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_script_laden_bodies_are_refused(body):
    with pytest.raises(DomainError) as caught:
        markdown.clean(body, field="body", max_length=1000)
    assert caught.value.message_key == "post.script"


def test_length_limits():
    with pytest.raises(DomainError):
        markdown.clean("   ", field="body", max_length=10)
    with pytest.raises(DomainError):
        markdown.clean("x" * 11, field="body", max_length=10)
    assert markdown.clean("  ok \r\n", field="body", max_length=10) == "ok"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'&*[]()/:=\n -ajvscriptonerhtp1.")), max_size=80))
def test_rendered_html_never_has_executable_markup(source):
    html = markdown.render(source)
    assert not EXECUTABLE.search(html), (source, html)
