"""The public API's answers about news: the published items, in the languages they are written in
(a language the item lacks is null, never filled by a machine). Nothing personal."""

from datetime import datetime

from ninja import Field, Schema

from openakimat.territory.schemas import Names


class NewsTexts(Schema):
    kk: str | None
    ru: str | None
    en: str | None


class NewsAkimatOut(Schema):
    kato: str
    name: Names


class NewsCategoryOut(Schema):
    slug: str
    name: Names


class NewsPhotoOut(Schema):
    url: str
    width: int
    height: int
    alt: NewsTexts


class NewsLinkOut(Schema):
    kind: str = Field(..., description="The registered kind, e.g. control.instruction or budget.project.")
    title: str
    url: str = Field(..., description="Its public page, or an empty string.")


class NewsItemOut(Schema):
    id: int
    kind: str = Field(..., description="news or announcement")
    akimat: NewsAkimatOut
    category: NewsCategoryOut | None
    languages: list[str] = Field(..., description="The languages the item is written in.")
    title: NewsTexts
    lead: NewsTexts
    pinned: bool
    published_at: datetime
    url: str = Field(..., description="The item's public page (in the language of the request's path).")


class NewsItemPage(Schema):
    items: list[NewsItemOut]
    page: int
    next_page: int | None = Field(..., description="The next page's number, or null on the last page.")


class NewsItemDetail(NewsItemOut):
    body: NewsTexts = Field(..., description="The text as cleaned HTML (paragraphs, lists, links, headings, tables).")
    photos: list[NewsPhotoOut]
    links: list[NewsLinkOut]
