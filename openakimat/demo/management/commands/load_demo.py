import hashlib
import math
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from openakimat.accounts.models import RoleGrant, User
from openakimat.accounts.services import role_grant
from openakimat.applications.models import Application
from openakimat.budget.models import Budget, Project
from openakimat.catalogue.models import PublicService
from openakimat.common.actor import SystemActor
from openakimat.demo import appeals as appeals_demo
from openakimat.demo import applications as applications_demo
from openakimat.demo import budget as budget_demo
from openakimat.demo import calendar as calendar_demo
from openakimat.demo import catalogue as catalogue_demo
from openakimat.demo import meetings as meetings_demo
from openakimat.demo import news as news_demo
from openakimat.demo import problems as problems_demo
from openakimat.demo import queueing as queueing_demo
from openakimat.demo import ratings as ratings_demo
from openakimat.demo import receptions as receptions_demo
from openakimat.demo import territory as demo
from openakimat.demo.guard import DEMO_DEVICE_NAME
from openakimat.integrity.services import audit_record
from openakimat.territory.importers import import_boundaries_geojson
from openakimat.territory.models import Akimat, AkimatKind, Department, ServiceStatus, Territory, TerritoryLevel
from openakimat.territory.services import akimat_create, akimat_update, department_create, territory_save

ACTOR = SystemActor("load_demo")
# What the demo sets on a territory (`path` and `search_text` follow from these).
TERRITORY_FIELDS = (
    "level",
    "parent_id",
    "name_en",
    "name_ru",
    "name_kk",
    "centre_name_en",
    "centre_name_ru",
    "centre_name_kk",
    "centre_lat",
    "centre_lon",
    "centre_approximate",
)


def _published_key(username: str) -> str:
    """The key earlier versions gave a demo authenticator, derived from the username: anyone with
    the source could compute it. A device still holding it gets a random key."""
    return hashlib.sha256(f"open-akimat-demo:{username}".encode()).hexdigest()[:40]


class Command(BaseCommand):
    help = (
        "Load the demonstration data set (North Kazakhstan, Akzhar district). Safe to run again. "
        "Development only: refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with a published password; it runs only with DEBUG=true. "
                "With DEBUG off, Open Akimat refuses to start while demo accounts exist "
                "(see `manage.py remove_demo`)."
            )
        with transaction.atomic():
            territories = self._territories()
            import_boundaries_geojson(demo.BOUNDARIES.read_bytes(), source_name=demo.BOUNDARIES.name)
            akimats = self._akimats(territories)
            self._staff(akimats)
            catalogue_demo.load(ACTOR, akimats[demo.AKZHAR])
            applications_demo.load(ACTOR, akimats[demo.AKZHAR])
            budget_demo.load(ACTOR, akimats)
            receptions_demo.load(ACTOR, akimats[demo.AKZHAR])
            calendar_demo.load(ACTOR, akimats[demo.AKZHAR])
            problems_demo.load(ACTOR, akimats[demo.AKZHAR])
            appeals_demo.load(ACTOR, akimats[demo.AKZHAR])
            meetings_demo.load(ACTOR, akimats[demo.AKZHAR])
            news_demo.load(ACTOR, akimats[demo.AKZHAR])
            queueing_demo.load(ACTOR, akimats[demo.AKZHAR])
            ratings_demo.load(ACTOR, akimats[demo.AKZHAR])
            audit_record(actor=ACTOR, action="demo.load", object_type="demo", object_id="north-kazakhstan")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Territory.objects.count()} territories "
                f"({Territory.objects.filter(boundary__isnull=False).count()} with a boundary), "
                f"{Akimat.objects.count()} akimats, "
                f"{Department.objects.count()} departments, {RoleGrant.objects.count()} role grants, "
                f"{PublicService.objects.count()} public services, "
                f"{Application.objects.count()} demonstration applications, "
                f"{Budget.objects.count()} budgets and {Project.objects.count()} projects."
            )
        )

    def _territory(self, *, kato, level, parent, en, ru, kk, centre=None, lat=None, lon=None, approximate=False):
        t = Territory.objects.filter(kato=kato).first() or Territory(kato=kato)
        before = [getattr(t, name) for name in TERRITORY_FIELDS]
        t.level, t.parent = level, parent
        t.name_en, t.name_ru, t.name_kk = en, ru, kk
        if centre:
            t.centre_name_en, t.centre_name_ru, t.centre_name_kk = centre
        if lat is not None:
            t.centre_lat, t.centre_lon = Decimal(str(round(lat, 5))), Decimal(str(round(lon, 5)))
            t.centre_approximate = approximate
        # Written only when new or different: loading the demo again rewrites nothing.
        stale = t.path != t.compute_path() or t.search_text != t.compute_search_text()
        if t.pk is None or stale or before != [getattr(t, name) for name in TERRITORY_FIELDS]:
            territory_save(t)
        return t

    def _territories(self) -> dict[str, Territory]:
        r = demo.REGION
        region = self._territory(
            kato=r["kato"],
            level=TerritoryLevel.REGION,
            parent=None,
            en=r["en"],
            ru=r["ru"],
            kk=r["kk"],
            centre=r["centre"],
            lat=r["lat"],
            lon=r["lon"],
        )
        result = {region.kato: region}
        for kato, level, en, ru, kk, centre, lat, lon in demo.DISTRICTS:
            result[kato] = self._territory(
                kato=kato, level=level, parent=region, en=en, ru=ru, kk=kk, centre=centre, lat=lat, lon=lon
            )
        akzhar = result[demo.AKZHAR]
        if (akzhar.population, akzhar.population_year) != demo.AKZHAR_POPULATION:
            akzhar.population, akzhar.population_year = demo.AKZHAR_POPULATION
            akzhar.save(update_fields=["population", "population_year", "updated_at"])
        base_lat, base_lon = 53.637, 71.874
        outline = demo.district_outline(demo.AKZHAR)
        for i, (kato, en, ru, kk, villages) in enumerate(demo.AKZHAR_OKRUGS):
            # Okrug and village positions are INVENTED: placed around Talshik, within the district's
            # real boundary, marked approximate.
            angle, dist = 2 * math.pi * i / len(demo.AKZHAR_OKRUGS), 0.0 if i == 0 else 0.35 + 0.1 * (i % 3)
            lat, lon = base_lat + dist * math.sin(angle), base_lon + 1.6 * dist * math.cos(angle)
            lat, lon = demo.pulled_inside(lat, lon, (base_lat, base_lon), outline)
            okrug = self._territory(
                kato=kato,
                level=TerritoryLevel.RURAL_OKRUG,
                parent=akzhar,
                en=f"{en} rural okrug",
                ru=f"{ru} сельский округ",
                kk=f"{kk} ауылдық округі",
                centre=villages[0],
                lat=lat,
                lon=lon,
                approximate=True,
            )
            result[kato] = okrug
            for j, (ven, vru, vkk) in enumerate(villages):
                vkato = f"{kato[:6]}{(j + 1) * 100:03d}"  # INVENTED settlement digits
                exact = kato == "593430000" and j == 0  # Talshik's own coordinates are known
                village_at = demo.pulled_inside(lat + 0.04 * j, lon + 0.05 * j, (base_lat, base_lon), outline)
                result[vkato] = self._territory(
                    kato=vkato,
                    level=TerritoryLevel.VILLAGE,
                    parent=okrug,
                    en=ven,
                    ru=vru,
                    kk=vkk,
                    lat=village_at[0],
                    lon=village_at[1],
                    approximate=not exact,
                )
        # Populations: INVENTED for all but Akzhar; filled in where none is recorded, never replacing one.
        okrug_villages = {
            kato: [f"{kato[:6]}{(j + 1) * 100:03d}" for j in range(len(villages))]
            for kato, _en, _ru, _kk, villages in demo.AKZHAR_OKRUGS
        }
        for kato, population in demo.invented_populations(okrug_villages).items():
            territory = result[kato]
            if territory.population is None:
                territory.population, territory.population_year = population, demo.POPULATION_YEAR
                territory.save(update_fields=["population", "population_year", "updated_at"])
        return result

    def _akimat(self, territory, kind, en, ru, kk, **fields) -> Akimat:
        existing = Akimat.objects.filter(territory=territory).first()
        if existing is None:
            return akimat_create(
                actor=ACTOR, territory=territory, kind=kind, name_en=en, name_ru=ru, name_kk=kk, **fields
            )
        return akimat_update(actor=ACTOR, akimat=existing, name_en=en, name_ru=ru, name_kk=kk, **fields)

    def _akimats(self, territories: dict[str, Territory]) -> dict[str, Akimat]:
        r = demo.REGION
        region = territories[r["kato"]]
        result = {
            region.kato: self._akimat(
                region,
                AkimatKind.REGION,
                "Akimat of North Kazakhstan region",
                "Акимат Северо-Казахстанской области",
                "Солтүстік Қазақстан облысының әкімдігі",
            )
        }
        for kato, level, en, ru, kk, _centre, _lat, _lon in demo.DISTRICTS:
            opened = demo.SERVICE_AKIMATS_OPEN.get(kato)
            status = {
                "service_status": ServiceStatus.OPEN if opened else ServiceStatus.PLANNED,
                "service_opened_on": opened,
                "open_space": bool(opened),
                "case_prefix": demo.CASE_PREFIXES[kato],
            }
            if kato == demo.AKZHAR:
                status.update(demo.AKZHAR_AKIMAT)
            kind = AkimatKind.CITY if level == TerritoryLevel.CITY else AkimatKind.DISTRICT
            if level == TerritoryLevel.CITY:
                names = (
                    f"Akimat of {en}",
                    "Акимат города Петропавловска",
                    f"{kk.replace(' қаласы', '')} қаласының әкімдігі",
                )
            else:
                names = (
                    f"Akimat of {en}",
                    f"Акимат {ru.replace('ский район', 'ского района').replace('Район ', 'района ')}",
                    f"{kk}ның әкімдігі",
                )
            a = self._akimat(territories[kato], kind, *names, **status)
            result[kato] = a
            if opened:
                self._departments(a, en.replace(" district", ""), ru, kk)
        for index, (kato, en, ru, kk, villages) in enumerate(demo.AKZHAR_OKRUGS):
            okrug = territories[kato]
            details = demo.okrug_akimat_details(index, villages[0])
            details.update(location_lat=okrug.centre_lat, location_lon=okrug.centre_lon)
            result[kato] = self._akimat(
                okrug,
                AkimatKind.RURAL_OKRUG,
                f"Akimat of {en} rural okrug",
                f"Аппарат акима {ru.replace('ий', 'ого').replace('ый', 'ого')} сельского округа",
                f"{kk} ауылдық округі әкімінің аппараты",
                **details,
            )
        return result

    def _departments(self, akimat: Akimat, en: str, ru: str, kk: str) -> None:
        have = set(akimat.departments.values_list("kind", flat=True))
        for kind, name_en, name_ru, name_kk in demo.DEPARTMENTS:
            if kind in have:
                continue
            department_create(
                actor=ACTOR,
                akimat=akimat,
                kind=kind,
                name_en=name_en.format(en=en),
                name_ru=name_ru.format(ru=ru),
                name_kk=name_kk.format(kk=kk),
            )

    def _staff(self, akimats: dict[str, Akimat]) -> None:
        for username, role, department_kind, kato, first, last in demo.DEMO_STAFF:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created or not user.check_password(demo.DEMO_PASSWORD):
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            akimat = akimats[kato]
            department = Department.objects.get(akimat=akimat, kind=department_kind) if department_kind else None
            if not RoleGrant.objects.filter(user=user, role=role, akimat=akimat, department=department).exists():
                role_grant(actor=ACTOR, user=user, role=role, akimat=akimat, department=department)
            # A random key per install; `manage.py totp_code` reads it from the database.
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, name=DEMO_DEVICE_NAME, defaults={"key": random_hex(20), "confirmed": True}
            )
            if device.key == _published_key(username):
                device.key = random_hex(20)
                device.save(update_fields=["key"])
