"""The public API's answers about news: the published items, in the languages they are written in
(a language the item lacks is null, never filled by a machine). Nothing personal."""

from datetime import datetime

from ninja import Field, Schema

from openakimat.territory.schemas import Names


class Texts(Schema):
    kk: str | None
    ru: str | None
    en: str | None


class AkimatOut(Schema):
    kato: str
    name: Names


class CategoryOut(Schema):
    slug: str
    name: Names


class PhotoOut(Schema):
    url: str
    width: int
    height: int
    alt: Texts


class LinkOut(Schema):
    kind: str = Field(..., description="The registered kind, e.g. control.instruction or budget.project.")
    title: str
    url: str = Field(..., description="Its public page, or an empty string.")


class ItemOut(Schema):
    id: int
    kind: str = Field(..., description="news or announcement")
    akimat: AkimatOut
    category: CategoryOut | None
    languages: list[str] = Field(..., description="The languages the item is written in.")
    title: Texts
    lead: Texts
    pinned: bool
    published_at: datetime
    url: str = Field(..., description="The item's public page (in the language of the request's path).")


class ItemPage(Schema):
    items: list[ItemOut]
    page: int
    next_page: int | None = Field(..., description="The next page's number, or null on the last page.")


class ItemDetail(ItemOut):
    body: Texts = Field(..., description="The text as cleaned HTML (paragraphs, lists, links, headings, tables).")
    photos: list[PhotoOut]
    links: list[LinkOut]
