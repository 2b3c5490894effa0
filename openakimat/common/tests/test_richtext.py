"""The one allow-list of rich text (minutes, news): what nh3 keeps and what it takes out."""

from openakimat.common import richtext


def test_scripts_handlers_styles_and_bad_urls_are_removed():
    cleaned = richtext.clean(
        '<p style="color:red" onclick="steal()" class="x">Text <a href="javascript:alert(1)">a</a>'
        '<a href="JaVaScRiPt:alert(1)">b</a><a href="data:text/html,hi">c</a>'
        '<a href="https://akimat.kz/x" onmouseover="y()">d</a></p>'
        "<script>alert(1)</script><style>p{color:red}</style><img src=x onerror=alert(1)>"
        "<iframe src=https://evil.example></iframe>"
    )
    for bad in ("script", "style", "onclick", "onmouseover", "javascript", "data:", "img", "iframe", "class", "alert"):
        assert bad not in cleaned.lower()
    assert '<a href="https://akimat.kz/x" rel="noopener noreferrer nofollow">d</a>' in cleaned


def test_structure_is_kept():
    html = "<h2>Күн тәртібі</h2><ol><li><strong>Жолдар</strong></li></ol><table><tr><td>1</td></tr></table>"
    cleaned = richtext.clean(html)
    assert "<h2>Күн тәртібі</h2>" in cleaned and "<strong>Жолдар</strong>" in cleaned and "<td>1</td>" in cleaned


def test_plain_text_becomes_paragraphs_escaped():
    assert richtext.to_html("Бірінші\nжол\n\n<екінші> & x") == "<p>Бірінші<br>жол</p><p>&lt;екінші&gt; &amp; x</p>"
    assert richtext.to_html("   ") == ""
    assert richtext.plain("<p>a</p><p>b &amp; c</p>") == "a b & c"
