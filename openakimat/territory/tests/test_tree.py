"""The territory tree keeps every node, also one whose code sorts before its parent's: an import
can move a territory under another parent, so codes do not follow the tree."""

from conftest import make_territory
from openakimat.territory.models import TerritoryLevel


def test_an_okrug_moved_under_a_parent_with_a_later_code_is_in_the_tree(client, akzhar, aiyrtau):
    # 593230000 sorts before Akzhar's 593400000, but Akzhar is its parent.
    moved = make_territory("593230000", TerritoryLevel.RURAL_OKRUG, akzhar, "Moved rural okrug")
    make_territory("593230100", TerritoryLevel.VILLAGE, moved, "Moved village")
    assert moved.path == "590000000/593400000/593230000/"

    tree = client.get("/api/v1/territories/590000000/tree", {"depth": 3}).json()
    districts = {d["kato"]: d for d in tree["children"]}
    assert list(districts) == ["593200000", "593400000"]
    assert [o["kato"] for o in districts["593400000"]["children"]] == ["593230000"]
    assert [v["kato"] for v in districts["593400000"]["children"][0]["children"]] == ["593230100"]
    assert districts["593200000"]["children"] == []

    subtree = client.get("/api/v1/territories/593400000/tree", {"depth": 1}).json()
    assert [o["kato"] for o in subtree["children"]] == ["593230000"]
    assert subtree["children"][0]["children"] == []
