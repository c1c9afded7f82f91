import pytest

from events.text import clean_data, clean_line, clean_text


@pytest.mark.parametrize(
    ("value", "line", "text"),
    [
        ("Smart City", "Smart City", "Smart City"),
        ("Smart\x0bCity", "Smart City", "Smart\nCity"),
        ("Erika\r\nALL ACCESS VIP", "Erika ALL ACCESS VIP", "Erika\r\nALL ACCESS VIP"),
        ("Erika\n\n  VIP  ", "Erika VIP", "Erika\n\n  VIP  "),
        ("tab\there", "tab here", "tab\there"),
        ("nul\x00bell\x07esc\x1b[0m", "nulbellesc[0m", "nulbellesc[0m"),
        ("para\u2029graph\u2028line\x85nel\x0cff", "para graph line nel ff", "para\ngraph\nline\nnel\nff"),
        ("c1\x9bdel\x7f", "c1del", "c1del"),
        ("lone\ud800surrogate\uffff", "lonesurrogate", "lonesurrogate"),
        ("Müller 🙂 – Straße\u00a01", "Müller 🙂 – Straße\u00a01", "Müller 🙂 – Straße\u00a01"),
    ],
)
def test_cleaning(value, line, text):
    assert (clean_line(value), clean_text(value)) == (line, text)


def test_clean_data_cleans_keys_and_nested_strings():
    assert clean_data({"a\x0b": ["b\x00", {"c": "d\x0c", "n": 1}]}) == {"a\n": ["b", {"c": "d\n", "n": 1}]}
