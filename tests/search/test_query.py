"""How a typed query is read: required words, phrases, exclusions, plain-text operators, a cap
on its length, and highlights that escape everything but their marks."""

from search.query import Item, parse, render_highlight


def test_words_are_all_required():
    assert parse("foot patrol").required == (Item(("foot",)), Item(("patrol",)))


def test_quotes_make_a_phrase():
    assert parse('"foot patrol"').required == (Item(("foot", "patrol"), phrase=True),)


def test_minus_excludes_a_word_or_phrase():
    parsed = parse('hot -"foot patrol" -robbery')
    assert parsed.required == (Item(("hot",)),)
    assert parsed.excluded == (Item(("foot", "patrol"), phrase=True), Item(("robbery",)))


def test_not_excludes_the_next_word():
    assert parse("gun NOT homicide").excluded == (Item(("homicide",)),)


def test_field_prefixes_are_dropped():
    assert parse("title:cameras nosuchfield:gun").required == (
        Item(("cameras",)),
        Item(("gun",)),
    )


def test_unbalanced_quote_runs_to_the_end():
    assert parse('"foot patrol').required == (Item(("foot", "patrol"), phrase=True),)


def test_brackets_wildcards_and_operators_are_plain_text():
    assert parse("(gun AND violence) OR * ^2 [a TO z]").required == (
        Item(("gun",)),
        Item(("violence",)),
        Item(("2",)),
        Item(("a",)),
        Item(("to",)),
        Item(("z",)),
    )


def test_other_scripts_are_words_and_emoji_are_not():
    assert parse("policía 警察 🚓").required == (Item(("policía",)), Item(("警察",)))


def test_only_exclusions_is_empty():
    assert parse("-robbery").is_empty


def test_the_number_of_items_is_capped():
    assert len(parse(" ".join(f"w{i}" for i in range(500))).required) == 32


def test_highlight_escapes_everything_but_the_marks():
    html = render_highlight('<script>alert(1)</script> \x02foot\x03 <img src=x onerror="x">')
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>foot</mark> "
        "&lt;img src=x onerror=&quot;x&quot;&gt;"
    )
