import pytest
from hypothesis import given
from hypothesis import strategies as st

from openakimat.common.kato import Kato, KatoError

codes = st.from_regex(r"^[1-9][0-9]{8}$", fullmatch=True)


@pytest.mark.parametrize(
    ("code", "depth", "parent"),
    [
        ("590000000", 0, None),
        ("593400000", 1, "590000000"),
        ("593430000", 2, "593400000"),
        ("593430100", 3, "593430000"),
    ],
)
def test_code_structure_gives_depth_and_parent(code, depth, parent):
    kato = Kato.parse(code)
    assert kato.depth == depth
    assert (str(kato.structural_parent()) if kato.structural_parent() else None) == parent


@pytest.mark.parametrize("raw", ["59340000", "5934000000", "59340000a", "", "000000000", "59-340-000"])
def test_malformed_codes_are_rejected(raw):
    with pytest.raises(KatoError):
        Kato.parse(raw)


def test_spaces_inside_a_code_are_tolerated():
    assert Kato.parse(" 59 34 00 000 ").code == "593400000"


@given(codes)
def test_every_parent_is_shallower_and_a_prefix(code):
    kato = Kato.parse(code)
    parent = kato.structural_parent()
    if kato.depth == 0:
        assert parent is None
    else:
        assert parent is not None
        assert parent.depth < kato.depth
        kept = {1: 2, 2: 4, 3: 6}[kato.depth]
        assert parent.code[:kept] == kato.code[:kept]
        assert set(parent.code[kept:]) == {"0"}
