"""On a 390 px phone, in Russian, a resident reports a pothole on the map with a photo: a first send
without a description brings the error summary into focus with the point and the photo kept; the
thank-you page gives the private link. The front office accepts it as an instruction, the
department takes it into work and reports it done on its staff pages, and the resident confirms the
fix through the private link. Every page axe-clean; the form also in kk and en."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from openakimat.control.models import Instruction
from openakimat.problems.models import Report, Status

from .test_backoffice import signed_in

AKZHAR = "593400000"


def small_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways at {width}px"


def test_a_resident_reports_a_pothole_and_confirms_the_fix(new_context, axe):
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    page.goto(f"/ru/problems/report/{AKZHAR}/")
    expect(page.locator("h1")).to_have_text("Сообщить о проблеме")
    expect(page.locator("#report-map.map-ready")).to_have_count(1)
    no_sideways_scroll(page)
    axe(page, "the report form (ru, 390 px)")

    page.get_by_label("Дороги и тротуары").check()
    box = page.locator("#report-map").bounding_box()
    # Away from the centre, where the demo's reports are not.
    page.locator("#report-map").tap(position={"x": box["width"] - 30, "y": box["height"] - 30})
    expect(page.locator("#id_lat")).not_to_have_value("")
    point = (page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value())
    page.locator("#id_photo_1").set_input_files(
        files=[{"name": "yama.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}]
    )
    page.locator("#id_name").fill("Жителева Анна")
    page.locator("#id_phone").fill("8 701 555 0101")
    # The mistake: no description.
    page.locator(".report-form button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Ошибка:"), page.title()
    expect(summary.locator('a[href="#id_description"]')).to_have_count(1)
    expect(page.locator("#kept-photos")).to_be_visible()
    assert (page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value()) == point
    no_sideways_scroll(page)
    axe(page, "the report form with a mistake (ru, 390 px)")

    summary.locator('a[href="#id_description"]').click()
    expect(page.locator("#id_description")).to_be_focused()
    page.locator("#id_description").fill("Глубокая яма на дороге у остановки")
    page.locator(".report-form button[type=submit]").click()
    if page.locator("h1", has_text="Это одна из этих проблем?").count():  # a demo report close by
        page.get_by_role("button", name="Нет, у меня другая — отправить").click()

    expect(page.locator("h1")).to_have_text("Ваше сообщение отправлено")
    no_sideways_scroll(page)
    axe(page, "the thank-you page (ru, 390 px)")
    private = page.locator("#private-link").inner_text().strip()
    assert "/ru/problems/" in private and "/mine/#" in private
    report = Report.objects.get(description="Глубокая яма на дороге у остановки")
    assert report.photos.count() == 1 and f"{report.lat:.6f}" == f"{float(point[0]):.6f}"

    # The front office accepts it as an instruction to the roads' department, at the desk.
    desk = signed_in(new_context, "demo.operator", "ru")
    desk.goto(f"/ru/staff/problems/{report.pk}/")
    axe(desk, "the report's triage page (ru)")
    accept = desk.locator('form[action$="/accept/"]')
    accept.locator("#id_title").fill("Заделать яму у остановки")
    accept.locator("button[type=submit]").click()
    expect(desk.locator(".messages")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    instruction = Instruction.objects.get(source_kind="problems.report", source_id=report.pk)
    assert instruction.department_id == report.category.department_id

    # The department takes it into work and reports it done, on its staff page.
    department = signed_in(new_context, "demo.specialist", "ru")
    department.goto(f"/ru/staff/instructions/{instruction.number}/")
    axe(department, "the instruction's staff page (ru)")
    department.locator('form[action$="/move/start/"] button[type=submit]').click()
    complete = department.locator('form[action$="/move/complete/"]')
    complete.locator("textarea").fill("Яма заделана")
    complete.locator("button[type=submit]").click()
    expect(department.locator(".timeline > li").last).to_contain_text("Яма заделана")
    report.refresh_from_db()
    assert report.status == Status.FIXED

    # The public page: the status, the instruction, no personal data.
    page.goto(f"/ru/problems/{report.pk}/")
    expect(page.locator(".report-status")).to_have_text("Устранено")
    expect(page.locator("main")).to_contain_text(instruction.number)
    expect(page.locator("main")).not_to_contain_text("Жителева")
    expect(page.locator("#report-point-map.map-ready")).to_have_count(1)
    no_sideways_scroll(page)
    axe(page, "the public report page (ru, 390 px)")

    # The private link: its script posts the code from the fragment.
    page.goto(private)
    expect(page.locator("h2", has_text="Проблема устранена?")).to_be_visible()
    assert "#" not in page.url
    no_sideways_scroll(page)
    axe(page, "the reporter's page (ru, 390 px)")
    page.get_by_role("button", name="Да, устранено").click()
    expect(page.locator(".banner")).to_contain_text("Спасибо: сообщение закрыто.")
    axe(page, "the reporter's page after confirming (ru, 390 px)")
    report.refresh_from_db()
    assert report.status == Status.CLOSED


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_report_form_is_accessible_in_each_language(page, axe, language):
    page.goto(f"/{language}/problems/report/{AKZHAR}/")
    expect(page.locator("#report-map.map-ready")).to_have_count(1)
    assert re.search(r"<html lang=\"" + language, page.content())
    axe(page, f"the report form ({language})")
    page.locator(".report-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    axe(page, f"the report form with mistakes ({language})")
