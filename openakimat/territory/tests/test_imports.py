"""The KATO CSV and boundary GeoJSON imports: what a good file creates, and that a bad file is
refused with every problem named by line or feature while the database stays exactly as it was."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_verify
from openakimat.territory.importers import kato as importers  # the module that saves the territories
from openakimat.territory.models import Territory
from openakimat.territory.services import territory_save

DATA = Path(__file__).parent / "data"
# The real district boundaries the project ships with its demonstration data (a file, not an import).
REAL_BOUNDARIES = Path(__file__).resolve().parents[2] / "demo" / "data" / "sko_adm2_2024.geojson"
HEADER = "kato,name_kk,name_ru,name_en,level,parent,centre_lat,centre_lon,population"


def write(tmp_path: Path, text: str, name: str = "territories.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def import_kato(path: str) -> str:
    out = StringIO()
    call_command("import_kato", path, stdout=out)
    return out.getvalue()


def import_boundaries(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_boundaries", path, *args, stdout=out)
    return out.getvalue()


def refused(command: str, path: str, *args: str) -> str:
    with pytest.raises(CommandError) as exc:
        call_command(command, path, *args, stdout=StringIO())
    return str(exc.value)


def database_state() -> tuple:
    rows = Territory.objects.order_by("kato").values_list(
        "kato",
        "level",
        "parent__kato",
        "path",
        "name_kk",
        "name_ru",
        "name_en",
        "search_text",
        "centre_lat",
        "centre_lon",
        "population",
        "boundary",
    )
    return list(rows), AuditEntry.objects.count()


@pytest.fixture
def before(talshik_okrug, aiyrtau):
    """North Kazakhstan with Akzhar (and its Talshik okrug) and Aiyrtau, as stored before a bad import."""
    return database_state()


def assert_unchanged(before: tuple) -> None:
    assert Territory.objects.count() == len(before[0])
    assert Territory.objects.get(kato="593400000").name_en == "Akzhar district"
    assert AuditEntry.objects.count() == before[1]
    assert database_state() == before


def geojson(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def feature(kato=None, coordinates=None, kind="Polygon", **properties) -> dict:
    if kato is not None:
        properties["KATO"] = kato
    ring = [[71.5, 53.4], [72.0, 53.4], [72.0, 53.9], [71.5, 53.9], [71.5, 53.4]]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": [ring] if coordinates is None else coordinates},
    }


# --- KATO CSV: good files -----------------------------------------------------------------------


def test_a_sample_file_creates_the_hierarchy_with_paths_levels_and_parents(db):
    out = import_kato(str(DATA / "kato_sample.csv"))

    assert "7 created, 0 updated, 0 unchanged" in out
    region = Territory.objects.get(kato="590000000")
    assert (region.level, region.parent, region.path) == ("region", None, "590000000/")
    akzhar = Territory.objects.get(kato="593400000")
    assert (akzhar.level, akzhar.parent, akzhar.path) == ("district", region, "590000000/593400000/")
    assert akzhar.population == 13465
    assert (akzhar.centre_lat, akzhar.centre_lon) == (Decimal("53.637"), Decimal("71.874"))
    assert "акжарский район" in akzhar.search_text
    assert Territory.objects.get(kato="591000000").level == "city"
    talshik = Territory.objects.get(kato="593430100")
    assert talshik.level == "village"
    assert talshik.path == "590000000/593400000/593430000/593430100/"
    # The Aisary rows state no level and no parent: both come from the code.
    aisary = Territory.objects.get(kato="593432100")
    assert (aisary.level, aisary.parent.kato) == ("village", "593432000")
    assert aisary.parent.level == "rural_okrug"
    assert aisary.path == "590000000/593400000/593432000/593432100/"
    entry = AuditEntry.objects.get(action="territory.import_kato")
    assert entry.actor_label == "system:import_kato"
    assert (entry.object_type, entry.object_id) == ("territory", "kato_sample.csv")
    assert entry.data == {"created": 7, "updated": 0}
    assert audit_verify() is None


def test_importing_the_same_file_again_changes_nothing_and_writes_no_audit_entry(db):
    import_kato(str(DATA / "kato_sample.csv"))
    before = database_state()

    out = import_kato(str(DATA / "kato_sample.csv"))

    assert "0 created, 0 updated, 7 unchanged" in out
    assert database_state() == before


def test_a_corrected_file_updates_changed_names_and_leaves_the_rest_alone(db, tmp_path):
    import_kato(str(DATA / "kato_sample.csv"))
    text = (DATA / "kato_sample.csv").read_text(encoding="utf-8")
    renamed = text.replace("Akzhar district", "Akzhar District").replace("Aisary,,", "Aisary village,,")

    out = import_kato(write(tmp_path, renamed, "kato_sample_v2.csv"))

    assert "0 created, 2 updated, 5 unchanged" in out
    akzhar = Territory.objects.get(kato="593400000")
    assert akzhar.name_en == "Akzhar District"
    assert "akzhar district" in akzhar.search_text
    assert Territory.objects.get(kato="593432100").name_en == "Aisary village"
    assert AuditEntry.objects.filter(action="territory.import_kato").latest("id").data == {
        "created": 0,
        "updated": 2,
    }


def test_a_utf8_bom_semicolon_file_from_a_spreadsheet_is_read(region, tmp_path):
    text = (
        "KATO;Name_KK;Name_RU;Name_EN;centre_lat;centre_lon;population\r\n"
        "593400000;Ақжар ауданы;Акжарский район, СКО;Akzhar district;53,637;71,874;13 465\r\n"
    )
    path = write(tmp_path, text, encoding="utf-8-sig")
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")

    out = import_kato(path)

    assert "1 created" in out
    akzhar = Territory.objects.get(kato="593400000")
    assert akzhar.name_ru == "Акжарский район, СКО"
    assert (akzhar.centre_lat, akzhar.centre_lon, akzhar.population) == (Decimal("53.637"), Decimal("71.874"), 13465)


def test_without_level_and_parent_columns_both_are_derived_from_the_code(region, tmp_path):
    text = (
        "kato,name_kk,name_ru,name_en\n"
        "593430100,Талшық,Талшик,Talshik\n"
        "593430000,Талшық а.о.,Талшикский с.о.,Talshik rural okrug\n"
        "593400000,Ақжар,Акжарский,Akzhar district\n"
    )

    out = import_kato(write(tmp_path, text))

    assert "3 created, 0 updated, 0 unchanged" in out
    levels = dict(Territory.objects.values_list("kato", "level"))
    assert levels == {
        "590000000": "region",
        "593400000": "district",
        "593430000": "rural_okrug",
        "593430100": "village",
    }
    village = Territory.objects.get(kato="593430100")
    assert village.parent.kato == "593430000"
    assert village.path == "590000000/593400000/593430000/593430100/"


def test_a_stored_territory_keeps_its_level_and_parent_when_the_file_does_not_state_them(region, tmp_path):
    import_kato(write(tmp_path, f"{HEADER}\n591000000,Петропавл,Петропавловск,Petropavl,city,590000000,,,\n"))

    out = import_kato(write(tmp_path, "kato,name_kk,name_ru,name_en\n591000000,Петропавл,Петропавловск,Petropavl\n"))

    assert "0 created, 0 updated, 1 unchanged" in out
    assert Territory.objects.get(kato="591000000").level == "city"


def test_empty_optional_cells_keep_the_stored_centre_and_population(akzhar, tmp_path):
    text = f"{HEADER}\n593400000,Ақжар ауданы,Акжарский район,Akzhar district,district,590000000,,,\n"

    out = import_kato(write(tmp_path, text))

    assert "0 created, 0 updated, 1 unchanged" in out
    akzhar.refresh_from_db()
    assert (akzhar.centre_lat, akzhar.centre_lon) == (Decimal("53.637"), Decimal("71.874"))


def test_moving_an_okrug_recomputes_the_paths_of_its_descendants(talshik_okrug, aiyrtau, tmp_path):
    village = Territory(kato="593430100", level="village", parent=talshik_okrug, name_en="Talshik")
    village.name_kk = village.name_ru = "Талшық"
    territory_save(village)
    assert village.path == "590000000/593400000/593430000/593430100/"
    text = f"{HEADER}\n593430000,Талшық а.о.,Талшикский с.о.,Talshik rural okrug,rural_okrug,593200000,,,\n"

    out = import_kato(write(tmp_path, text))

    assert "0 created, 1 updated, 0 unchanged" in out
    assert "paths of 1 descendant territories recomputed" in out
    talshik_okrug.refresh_from_db()
    village.refresh_from_db()
    assert talshik_okrug.path == "590000000/593200000/593430000/"
    assert village.path == "590000000/593200000/593430000/593430100/"
    assert Territory.objects.filter(path__startswith="590000000/593200000/").count() == 3


def test_a_failure_while_writing_rolls_back_everything_already_written(before, tmp_path, monkeypatch):
    real_save = importers.territory_save
    saves = []

    def failing_save(territory):
        saves.append(territory.kato)
        if len(saves) == 3:
            raise RuntimeError("disk full")
        real_save(territory)

    monkeypatch.setattr(importers, "territory_save", failing_save)
    with pytest.raises(RuntimeError):
        import_kato(str(DATA / "kato_sample.csv"))

    assert len(saves) == 3
    assert_unchanged(before)


# --- KATO CSV: bad files ------------------------------------------------------------------------


def test_a_bad_code_names_its_line_and_column_and_changes_nothing(before, tmp_path):
    text = f"{HEADER}\n593400000,Ақжар,Акжарский,Akzhar renamed,,,,,\n59340000,Қате,Ошибка,Typo,,,,,\n"

    message = refused("import_kato", write(tmp_path, text))

    assert "line 3, column kato: KATO code must be 9 digits, got '59340000'" in message
    assert "nothing was imported" in message
    assert_unchanged(before)


def test_duplicate_code_names_both_lines_and_changes_nothing(before, tmp_path):
    text = (
        f"{HEADER}\n"
        "593400000,Ақжар,Акжарский,Akzhar renamed,,,,,\n"
        "593200000,Айыртау,Айыртауский,Aiyrtau,,,,,\n"
        "593400000,Ақжар,Акжарский,Akzhar again,,,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    assert "line 4, column kato: code 593400000 appears on both line 2 and line 4" in message
    assert_unchanged(before)


def test_an_unknown_parent_names_its_line_and_changes_nothing(before, tmp_path):
    text = (
        f"{HEADER}\n"
        "593400000,Ақжар,Акжарский,Akzhar renamed,,,,,\n"
        "593430100,Талшық,Талшик,Talshik,village,593439000,,,\n"
        "596430100,Ауыл,Село,Somewhere,,,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    assert "line 3, column parent: unknown parent 593439000: it is neither in this file nor in the database" in message
    assert "line 4, column parent: unknown parent 596430000 (derived from the code)" in message
    assert_unchanged(before)


def test_a_missing_name_names_its_line_and_column_and_changes_nothing(before, tmp_path):
    text = f"{HEADER}\n593400000,Ақжар,Акжарский,Akzhar renamed,,,,,\n593200000,Айыртау,,Aiyrtau,,,,,\n"

    message = refused("import_kato", write(tmp_path, text))

    assert "line 3, column name_ru: the name is missing" in message
    assert_unchanged(before)


def test_an_unknown_level_names_its_line_and_changes_nothing(before, tmp_path):
    text = f"{HEADER}\n593400000,Ақжар,Акжарский,Akzhar renamed,raion,,,,\n"

    message = refused("import_kato", write(tmp_path, text))

    assert "line 2, column level: unknown level 'raion'" in message
    assert_unchanged(before)


def test_a_region_with_a_parent_and_a_district_without_one_are_refused(before, tmp_path):
    text = (
        f"{HEADER}\n"
        "590000000,СҚО,СКО,North Kazakhstan renamed,region,,,,\n"
        "593400000,Ақжар,Акжарский,Akzhar renamed,region,590000000,,,\n"
        "600000000,Облыс,Область,Not a district,district,,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    assert "line 3, column parent: a region has no parent, but 590000000 is given" in message
    assert "line 4, column parent: a district needs a parent" in message
    assert "line 2" not in message
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("95.1", "71.874", "line 2, column centre_lat: '95.1' is not a latitude between -90 and 90"),
        ("53.637", "north", "line 2, column centre_lon: 'north' is not a number"),
        ("53.637", "", "line 2, column centre_lon: give both centre_lat and centre_lon, or neither"),
        ("NaN", "71.874", "line 2, column centre_lat: 'NaN' is not a latitude"),
    ],
)
def test_bad_coordinates_name_their_line_and_column_and_change_nothing(before, tmp_path, lat, lon, expected):
    text = f"{HEADER}\n593400000,Ақжар,Акжарский,Akzhar renamed,,,{lat},{lon},\n"

    message = refused("import_kato", write(tmp_path, text))

    assert expected in message
    assert_unchanged(before)


def test_every_problem_in_the_file_is_reported_at_once_in_line_order(before, tmp_path):
    text = (
        f"{HEADER}\n"
        "593430100,Талшық,Талшик,Talshik,village,593439000,,,\n"
        "ABC,Қате,Ошибка,Typo,,,,,\n"
        "593200000,Айыртау,Айыртауский,,,,,,-5\n"
        "593400000,Ақжар,Акжарский,Akzhar,,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    lines = [line.strip() for line in message.splitlines()[1:]]
    assert message.startswith(f"{tmp_path / 'territories.csv'}: 5 errors; nothing was imported.")
    assert lines == [
        "line 2, column parent: unknown parent 593439000: it is neither in this file nor in the database",
        "line 3, column kato: KATO code must be 9 digits, got 'ABC'",
        "line 4, column name_en: the name is missing",
        "line 4, column population: '-5' is not a whole number of people",
        "line 5: 8 fields where the header has 9",
    ]
    assert_unchanged(before)


def test_line_numbers_are_physical_lines_across_blank_lines_and_quoted_line_breaks(before, tmp_path):
    text = (
        f"{HEADER}\n"
        '593400000,Ақжар,"Акжарский\nрайон",Akzhar district,,,,,\n'
        "\n"
        "593200000,Айыртау,Айыртауский,Aiyrtau,,,,,\n"
        "59320000X,Қате,Ошибка,Typo,,,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    assert "line 6, column kato" in message
    assert_unchanged(before)


def test_parents_that_form_a_loop_are_refused(before, tmp_path):
    text = (
        f"{HEADER}\n"
        "593400000,Ақжар,Акжарский,Akzhar,district,593430000,,,\n"
        "593430000,Талшық а.о.,Талшикский с.о.,Talshik rural okrug,rural_okrug,593400000,,,\n"
    )

    message = refused("import_kato", write(tmp_path, text))

    assert "line 2, column parent: the parents form a loop" in message
    assert_unchanged(before)


def test_a_missing_required_column_or_an_unknown_one_is_reported_on_line_1(before, tmp_path):
    text = "kato,name_kk,name_en,popluation\n593400000,Ақжар,Akzhar,13465\n"

    message = refused("import_kato", write(tmp_path, text))

    assert "line 1: unknown column(s) 'popluation'" in message
    assert "line 1: missing required column(s) name_ru" in message
    assert_unchanged(before)


def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_the_first_bad_byte(before, tmp_path):
    text = f"{HEADER}\n593200000,Aiyrtau,Aiyrtau,Aiyrtau,,,,,\n593400000,Акжар,Акжарский,Akzhar,,,,,\n"

    message = refused("import_kato", write(tmp_path, text, encoding="cp1251", name="cp1251.csv"))

    assert "line 3: the file is not valid UTF-8" in message
    assert_unchanged(before)


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    message = refused("import_kato", str(tmp_path / "nowhere.csv"))

    assert "Can't read" in message
    assert "nowhere.csv" in message


# --- Boundaries GeoJSON: good files -------------------------------------------------------------


def test_boundaries_are_imported_rounded_to_five_decimals_with_one_audit_entry(akzhar, aiyrtau):
    out = import_boundaries(str(DATA / "boundaries_sample.geojson"))

    assert "2 boundaries imported" in out
    akzhar.refresh_from_db()
    assert akzhar.boundary["type"] == "Polygon"
    assert akzhar.boundary["coordinates"][0][0] == [71.5, 53.4]
    aiyrtau.refresh_from_db()
    assert aiyrtau.boundary["type"] == "MultiPolygon"
    assert aiyrtau.boundary["coordinates"][1][0][1] == [69.2, 53.1]
    entry = AuditEntry.objects.get(action="territory.import_boundaries")
    assert (entry.actor_label, entry.object_id) == ("system:import_boundaries", "boundaries_sample.geojson")
    assert entry.data["imported"] == 2
    assert AuditEntry.objects.filter(action__startswith="territory.").count() == 1


def test_a_centroid_sets_the_centre_only_where_there_is_none(akzhar, aiyrtau):
    aiyrtau.centre_lat = aiyrtau.centre_lon = None
    aiyrtau.save()

    out = import_boundaries(str(DATA / "boundaries_sample.geojson"))

    assert "1 centres set from centroids" in out
    aiyrtau.refresh_from_db()
    assert (aiyrtau.centre_lat, aiyrtau.centre_lon, aiyrtau.centre_approximate) == (
        Decimal("53.4"),
        Decimal("68.3"),
        True,
    )
    akzhar.refresh_from_db()
    assert (akzhar.centre_lat, akzhar.centre_lon) == (Decimal("53.637"), Decimal("71.874"))


def test_importing_the_same_boundaries_again_changes_nothing(akzhar, aiyrtau):
    import_boundaries(str(DATA / "boundaries_sample.geojson"))
    before = database_state()

    out = import_boundaries(str(DATA / "boundaries_sample.geojson"))

    assert "2 boundaries imported (0 changed, 2 already up to date" in out
    assert database_state() == before


def test_the_property_option_names_the_code_property_and_lowercase_kato_is_the_fallback(akzhar, tmp_path):
    import_boundaries(write(tmp_path, geojson(feature(kato=None, code="593400000")), "a.geojson"), "--property", "code")
    akzhar.refresh_from_db()
    assert akzhar.boundary["coordinates"][0][1] == [72.0, 53.4]

    square = [[[71.0, 53.0], [71.1, 53.0], [71.1, 53.1], [71.0, 53.0]]]
    lowercase = feature(coordinates=square)
    lowercase["properties"] = {"kato": "593400000"}
    import_boundaries(write(tmp_path, geojson(lowercase), "b.geojson"))
    akzhar.refresh_from_db()
    assert akzhar.boundary["coordinates"] == square


def test_the_north_kazakhstan_districts_import_from_the_real_file(region, tmp_path):
    features = json.loads(REAL_BOUNDARIES.read_text(encoding="utf-8"))["features"]
    rows = [HEADER.split(",")[:4]] + [
        [f["properties"][k] for k in ("KATO", "ADM2_KK", "ADM2_RU", "ADM2_EN")] for f in features
    ]
    import_kato(write(tmp_path, "\n".join(";".join(r) for r in rows) + "\n"))

    out = import_boundaries(str(REAL_BOUNDARIES))

    assert "14 boundaries imported (14 changed" in out
    assert "14 centres set from centroids" in out
    stored = Territory.objects.filter(boundary__isnull=False)
    assert stored.count() == 14
    size = sum(len(json.dumps(t.boundary, separators=(",", ":"))) for t in stored)
    assert size < REAL_BOUNDARIES.stat().st_size
    kyzylzhar = Territory.objects.get(kato="595000000")
    assert kyzylzhar.boundary["type"] in ("Polygon", "MultiPolygon")


# --- Boundaries GeoJSON: bad files --------------------------------------------------------------


def test_broken_json_names_the_line_and_changes_nothing(before, tmp_path):
    text = '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",}\n]}\n'

    message = refused("import_boundaries", write(tmp_path, text, "broken.geojson"))

    assert "invalid JSON at line 3, column" in message
    assert_unchanged(before)


def test_a_file_that_is_not_a_feature_collection_is_refused(before, tmp_path):
    message = refused("import_boundaries", write(tmp_path, json.dumps(feature("593400000")), "one.geojson"))

    assert "not a GeoJSON FeatureCollection (its type is 'Feature')" in message
    assert_unchanged(before)


RING = [[71.5, 53.4], [72.0, 53.4], [72.0, 53.9], [71.5, 53.9], [71.5, 53.4]]


@pytest.mark.parametrize(
    ("kind", "coordinates", "expected"),
    [
        ("Point", [71.5, 53.4], "the geometry is 'Point'; only Polygon and MultiPolygon are accepted"),
        ("Polygon", [RING[:4]], "coordinates[0] is not closed"),
        ("Polygon", [[RING[0], RING[1], RING[0]]], "coordinates[0] has 3 positions; a ring needs at least 4"),
        ("Polygon", [[*RING[:2], [200.0, 53.9], *RING[3:]]], "coordinates[0][2]: longitude 200.0 is outside"),
        ("Polygon", [[*RING[:2], [72.0, "53.9"], *RING[3:]]], "coordinates[0][2] has a value that is not a finite"),
        ("MultiPolygon", [[RING], [[[53.4, 91.5], *RING[1:4], [53.4, 91.5]]]], "coordinates[1][0][0]: latitude 91.5"),
        ("Polygon", [], "coordinates is not a non-empty array of rings"),
    ],
)
def test_bad_geometry_names_the_feature_and_its_code_and_changes_nothing(before, tmp_path, kind, coordinates, expected):
    text = geojson(feature("593200000"), feature("593400000", coordinates, kind))

    message = refused("import_boundaries", write(tmp_path, text, "bad.geojson"))

    assert f"features[1] (KATO 593400000): bad geometry: {expected}" in message
    assert "features[0]" not in message
    assert_unchanged(before)


def test_a_duplicate_feature_code_names_both_features_and_changes_nothing(before, tmp_path):
    text = geojson(feature("593400000"), feature("593200000"), feature("593400000"))

    message = refused("import_boundaries", write(tmp_path, text, "twice.geojson"))

    assert "features[2] (KATO 593400000): duplicate code, also in features[0]" in message
    assert_unchanged(before)


def test_a_feature_without_a_code_is_named_by_its_index(before, tmp_path):
    text = geojson(feature("593400000"), feature(None, name="Nameless"), feature("5934"))

    message = refused("import_boundaries", write(tmp_path, text, "nocode.geojson"))

    assert "features[1]: no KATO code (looked for the properties 'KATO' and 'kato')" in message
    assert "features[2]: bad KATO code: KATO code must be 9 digits, got '5934'" in message
    assert_unchanged(before)


def test_unknown_codes_are_all_listed_and_nothing_is_imported(before, tmp_path):
    text = geojson(feature("593400000"), feature("599900000"), feature("596600000"))

    message = refused("import_boundaries", write(tmp_path, text, "unknown.geojson"))

    assert "2 errors" in message
    assert "features[1] (KATO 599900000): no territory has this code" in message
    assert "features[2] (KATO 596600000): no territory has this code" in message
    assert "features[0]" not in message
    assert_unchanged(before)


def test_skip_unknown_imports_the_known_features_and_reports_the_unknown_ones(before, tmp_path):
    text = geojson(feature("593400000"), feature("599900000"), feature("596600000"))

    out = import_boundaries(write(tmp_path, text, "unknown.geojson"), "--skip-unknown")

    assert "1 boundaries imported" in out
    assert "2 skipped, no territory has their code" in out
    assert "features[1] (KATO 599900000)" in out
    assert "features[2] (KATO 596600000)" in out
    assert Territory.objects.get(kato="593400000").boundary is not None
    assert Territory.objects.count() == len(before[0])
    entry = AuditEntry.objects.get(action="territory.import_boundaries")
    assert entry.data["skipped_unknown"] == ["599900000", "596600000"]


def test_skip_unknown_does_not_excuse_a_broken_feature(before, tmp_path):
    text = geojson(feature("593400000"), feature("599900000", [RING[:4]]))

    message = refused("import_boundaries", write(tmp_path, text, "unknown.geojson"), "--skip-unknown")

    assert "features[1] (KATO 599900000): bad geometry" in message
    assert_unchanged(before)
