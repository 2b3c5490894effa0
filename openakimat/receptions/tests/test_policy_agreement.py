"""The page, the service and `permissions.py` give the same answer for every role, in the reception's
akimat and in another: marking attendance, recording a problem, planning."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff, verified_client
from openakimat.common.roles import DEPARTMENT_ROLES, Role
from openakimat.receptions import permissions, services

from .conftest import confirmed, plan

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def people(akzhar_construction, aiyrtau_construction):
    found = []
    for department in (akzhar_construction, aiyrtau_construction):
        for role in Role:
            dept = department if role in DEPARTMENT_ROLES else None
            user = make_staff(f"{role}.{department.akimat.case_prefix}", role, department.akimat, dept)
            found.append(user)
    return found


def rolled_back(action):
    """What `action` answered, with its changes undone."""
    try:
        with transaction.atomic():
            raise RolledBack(action())
    except RolledBack as done:
        return done.args[0]


def service_allows(action) -> bool:
    try:
        rolled_back(action)
    except PermissionDenied:
        return False
    return True


def test_marking_and_recording_agree_across_page_service_and_policy(
    reception, talshik, akzhar_construction, aiyrtau_construction
):
    signup, _ = confirmed(reception, talshik)
    deadline = timezone.localdate() + timedelta(days=10)
    for user in people(akzhar_construction, aiyrtau_construction):
        client = verified_client(user)
        policy = permissions.can_manage_signups(user, reception)
        service = service_allows(lambda u=user: services.signup_mark(actor=u, signup=signup, move="no_show"))
        page = rolled_back(
            lambda c=client: c.post(
                reverse("receptions-staff:mark", kwargs={"reception": reception.pk}),
                {"signup": signup.pk, "move": "no_show"},
            )
        ).status_code
        assert policy == service == (page == 302), (user.username, policy, service, page)

        policy = permissions.can_record_problems(user, reception)
        service = service_allows(
            lambda u=user: services.problem_record(
                actor=u,
                reception=reception,
                text="Water",
                topic="utilities",
                department=akzhar_construction,
                deadline=deadline,
            )
        )
        assert policy == service, (user.username, policy, service)


def test_planning_agrees_across_page_service_and_policy(akzhar_akimat, akzhar_construction, aiyrtau_construction):
    for user in people(akzhar_construction, aiyrtau_construction):
        policy = permissions.can_plan(user, akzhar_akimat)
        service = service_allows(lambda u=user: services.reception_plan(actor=u, akimat=akzhar_akimat, plan=plan()))
        page = verified_client(user).get(reverse("receptions-staff:new")).status_code
        # the page opens for those who may plan somewhere; at Akzhar the service decides the same
        assert policy == service, (user.username, policy, service)
        assert (page == 200) == permissions.can_plan_any(user), (user.username, page)
