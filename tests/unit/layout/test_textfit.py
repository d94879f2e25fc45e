"""Line breaking: plain ragged-right wrapping and balanced lines for display text."""
from __future__ import annotations

from generator.layout import shaping
from generator.layout.textfit import TooWide, wrap, wrap_balanced

SENTENCE = "Do not show your face."


def test_balanced_lines_are_even_and_as_few_as_plain_ones():
    measure = shaping.measure("Do not show your", "regular", 48) + 5
    assert wrap(SENTENCE, "regular", 48, measure) == ["Do not show your", "face."]
    assert wrap_balanced(SENTENCE, "regular", 48, measure) == ["Do not show", "your face."]


def test_balancing_leaves_one_line_and_too_wide_words_alone():
    assert wrap_balanced(SENTENCE, "regular", 48, 10_000) == [SENTENCE]
    assert isinstance(wrap_balanced("moedervlekken", "regular", 48, 10), TooWide)


# --- hyphenation, soft hyphens, addresses ------------------------------------------------

SHY = "\u00ad"
COMPOUND = "arbeidsongeschiktheidsverzekering"


def test_a_word_wider_than_the_measure_is_hyphenated_at_dictionary_points():
    import pyphen

    measure = shaping.measure(COMPOUND, "regular", 9) * 0.45
    lines = wrap(f"Een {COMPOUND} nodig?", "regular", 9, measure, hyphenate="nl-NL")
    assert not isinstance(lines, TooWide)
    assert all(shaping.measure(line, "regular", 9) <= measure for line in lines)
    broken = [line for line in lines if line.endswith(SHY)]
    assert len(broken) >= 2
    assert "".join(lines).replace(SHY, "").replace(" ", "") == f"Een{COMPOUND}nodig?"
    allowed = set(pyphen.Pyphen(lang="nl_NL", left=2, right=3).positions(COMPOUND))
    at, done = [], 0
    for line in lines:  # where in the compound each break falls
        part = line.rstrip(SHY).split(" ")[-1]
        if line.endswith(SHY):
            done += len(part) if done or COMPOUND.startswith(part) else 0
            at.append(done)
    assert set(at) <= allowed and min(at) >= 2 and max(at) <= len(COMPOUND) - 3, (at, allowed)


def test_without_a_language_nothing_is_hyphenated_and_the_widths_are_honest():
    measure = shaping.measure(COMPOUND, "regular", 9) * 0.45
    result = wrap(COMPOUND, "regular", 9, measure)
    assert isinstance(result, TooWide)
    assert result.width == shaping.measure(COMPOUND, "regular", 9) and result.room == measure
    assert f"its line has {measure / (72 / 25.4):.1f} mm" in result.says(9)


def test_a_line_with_room_is_not_hyphenated_into_without_need():
    text = "Heb je contact gezocht met het meldpunt in geval van twijfel?"
    for measure in range(60, 400, 7):
        lines = wrap(text, "regular", 9, measure, hyphenate="nl-NL")
        assert not any(line.endswith(SHY) for line in lines[-1:])  # never the last word
        for line, following in zip(lines, lines[1:]):
            if line.endswith(SHY):  # only where the line would have stayed under 65 % full
                before = line.rsplit(" ", 1)[0] if " " in line else ""
                assert shaping.measure(before, "regular", 9) < 0.65 * measure


def test_a_soft_hyphen_is_invisible_unless_the_line_breaks_there():
    text = f"Blijf je voor{SHY}lichting geven?"
    assert wrap(text, "regular", 9, 1000) == ["Blijf je voorlichting geven?"]
    narrow = shaping.measure("Blijf je voor-", "regular", 9) + 1
    lines = wrap(text, "regular", 9, narrow)
    assert lines[0] == f"Blijf je voor{SHY}" and lines[1].startswith("lichting")


def test_addresses_break_after_at_dot_or_slash_never_at_their_hyphen():
    address = "meldpunt@zorggroep-voorbeeld.nl"
    for measure in range(40, 200, 3):
        lines = wrap(f"E-mail: {address}", "regular", 9, measure, hyphenate="nl-NL")
        if isinstance(lines, TooWide):
            assert lines.word in ("zorggroep-voorbeeld.", "meldpunt@", "E-mail:")
            continue
        assert "".join(lines).replace("E-mail:", "").strip() == address
        for line in lines[:-1]:  # a break only after the label, @ or a dot
            assert line == "E-mail:" or line.endswith(("@", ".")), lines
    url = "https://intranet.zorggroep-voorbeeld.nl/protocollen/sexting"
    lines = wrap(url, "regular", 9, shaping.measure("zorggroep-voorbeeld.nl/", "regular", 9))
    assert lines == ["https://intranet.", "zorggroep-voorbeeld.nl/", "protocollen/sexting"]


def test_a_caller_changing_its_lines_does_not_change_the_next_break():
    # breaks are worked out once and kept: each caller gets its own list
    first = wrap("Do not show your face to anyone", "regular", 12, 100)
    first.append("changed")
    assert wrap("Do not show your face to anyone", "regular", 12, 100) == first[:-1]


def test_the_size_search_finds_the_largest_fitting_size_in_few_attempts():
    from generator.layout.textfit import candidate_sizes, largest_fitting

    for limit in (7.0, 9.75, 12.0, 15.5, 20.0):   # fits up to `limit`: the top, within, below
        tried = []

        def attempt(size):
            tried.append(size)
            return size if size <= limit else None

        expected = max((s for s in candidate_sizes(8, 16) if s <= limit), default=None)
        found = largest_fitting(8, 16, attempt)
        assert (found[0] if found else None) == expected
        if limit >= 16:
            assert tried == [16]       # the largest size fits: one attempt
        else:
            assert len(tried) <= 7     # 33 sizes: the largest, then bisection


def test_names_numbers_ids_and_headings_break_only_at_their_spaces():
    """What a block marks as names (organisation, meldpunt, contacts, document control)
    and every heading keep a hyphen of their own inside the line, where plain text
    would break after it; an address in a contact row still breaks after @ or a dot."""
    from generator.layout.blocks import Para
    from generator.layout.setting import set_para

    for text, head in (("Stichting Zorggroep ’s-Hertogenbosch", "Stichting Zorggroep ’s-"),
                       ("Bereikbaar op 073-6123456", "Bereikbaar op 073-"),
                       ("Document-id: ZG-PRT-117", "Document-id: ZG-PRT-")):
        measure = shaping.measure(head, "regular", 9) + 1
        assert wrap(text, "regular", 9, measure)[0] == head  # plain text breaks there
        name = set_para(Para(text, "organisation.name", names=True), 9, measure, 1.2)
        assert name.lines == tuple(text.rsplit(" ", 1)), name.lines
        heading = set_para(Para(text, "title", bold=True), 9,
                           shaping.measure(head, "bold", 9) + 1, 1.2)
        assert heading.lines == tuple(text.rsplit(" ", 1)), heading.lines
    address = "E-mail: meldpunt@zorggroep-voorbeeld.nl"
    measure = max(shaping.measure(part, "regular", 9)
                  for part in ("E-mail: meldpunt@", "zorggroep-voorbeeld.nl")) + 1
    row = set_para(Para(address, "organisation.meldpunt.email", names=True), 9, measure, 1.2)
    assert row.lines == ("E-mail: meldpunt@", "zorggroep-voorbeeld.nl")
