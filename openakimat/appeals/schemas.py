from datetime import date, datetime

from django.utils import timezone
from ninja import Schema

from .models import Appeal


class PublishedAppealOut(Schema):
    """A published appeal: the anonymised question and answer written by staff, nothing personal."""

    number: str
    topic: str
    topic_label: str
    akimat_kato: str
    akimat: str
    question: str
    answer: str
    answered_on: date | None
    answered_in_term: bool | None
    published_at: datetime | None

    @staticmethod
    def resolve_topic_label(obj: Appeal) -> str:
        return str(obj.get_topic_display())

    @staticmethod
    def resolve_akimat_kato(obj: Appeal) -> str:
        return obj.akimat.territory.kato

    @staticmethod
    def resolve_akimat(obj: Appeal) -> str:
        return obj.akimat.name

    @staticmethod
    def resolve_question(obj: Appeal) -> str:
        return obj.public_question

    @staticmethod
    def resolve_answer(obj: Appeal) -> str:
        return obj.public_answer

    @staticmethod
    def resolve_answered_on(obj: Appeal) -> date | None:
        return timezone.localdate(obj.answered_at) if obj.answered_at else None


class AppealFiguresOut(Schema):
    answered: int
    answered_in_term: int
    in_term_percent: int | None
    median_working_days: float | None
