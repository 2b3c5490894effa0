"""The authorization policy of every staff page, every API operation and every admin page, in
three tables.

`test_authz_matrix.py` finds the endpoints itself (the staff pages from the URL conf, the API
operations from the OpenAPI schema, the admin's addresses from the admin site) and tries each one
as every kind of caller: anonymous, each role in the akimat that owns the object (Akzhar), the same
role in another akimat (Aiyrtau), and a superuser. It expects:

- anonymous: a redirect to the sign-in page (pages) or 401 (API);
- a role in `allowed`: let through (whatever the answer then is: a page, a redirect, a 400 for a
  form it did not fill in);
- any other role: refused, 403 or 404 (out of scope reads as "not found");
- the same role in another akimat: refused too when the endpoint acts on the object (`scoped`),
  let through when it shows the caller's own things (their inbox, their desk);
- a superuser: let through, unless `superuser=False` (the page is about one's own desk).

An endpoint that is not in this table fails the test ("not in the policy matrix"): adding a page or
an operation means saying here who may use it. Keep the table in step with each app's
`permissions.py`; docs/security.md explains how to read and extend it.
"""

from dataclasses import dataclass, field

from openakimat.common.roles import ALL_ROLES, Role


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str] = frozenset()
    scoped: bool = True  # acts on an object of one akimat: the same role elsewhere is refused
    methods: tuple[str, ...] = ("get",)
    public: bool = False  # no sign-in needed, nobody refused
    superuser: bool = True  # a superuser is let through (False: the page needs a grant of one's own)
    params: dict[str, str] = field(default_factory=dict)  # fixed values for path parameters
    writers: frozenset[str] | None = None  # roles let through on POST, if not those of `allowed`
    superuser_writes: bool = True  # a superuser's POST is let through (False: nobody may change it)
    query: tuple[str, ...] = ()  # values of the cast sent as the query string (e.g. the offering)


def public(*methods: str) -> Rule:
    return Rule(public=True, methods=methods or ("get",))


EVERY_ROLE = frozenset(ALL_ROLES)
CASE_READERS = frozenset({Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER})
DESK = frozenset({Role.OPERATOR})
DEPARTMENT = frozenset({Role.SPECIALIST, Role.HEAD})
HEAD = frozenset({Role.HEAD})
CHANGE_AKIMAT = frozenset({Role.AKIM, Role.ADMIN})
INSTRUCTION_READERS = frozenset({Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN})
RECEPTION_DESK = frozenset({Role.AKIM, Role.ADMIN, Role.OPERATOR})
RECEPTION_READERS = RECEPTION_DESK | {Role.OBSERVER}
PROBLEM_READERS = EVERY_ROLE - {Role.FINANCE, Role.SECRETARIAT}  # problems/permissions.py VIEW
PROBLEM_ACCEPT = frozenset({Role.OPERATOR, Role.AKIM, Role.ADMIN})
PROBLEM_TRIAGE = PROBLEM_ACCEPT | {Role.HEAD}
# Appeals (openakimat/appeals/permissions.py): the cast's appeal is routed to Akzhar's construction.
APPEAL_READERS = frozenset({Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER, Role.ADMIN})
APPEAL_OFFICE = frozenset({Role.OPERATOR, Role.AKIM, Role.ADMIN})
APPEAL_DRAFTERS = frozenset({Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.ADMIN})
# Meetings (openakimat/meetings/permissions.py): the secretariat and the administrators keep them,
# every staff role of the akimat reads them, drafts included.
MEETING_DESK = frozenset({Role.SECRETARIAT, Role.ADMIN})
# News (openakimat/news/permissions.py): every staff role of the territory reads drafts; the
# secretariat and the administrators write, publish and pin.
NEWS_WRITERS = frozenset({Role.SECRETARIAT, Role.ADMIN})
# The electronic queue (openakimat/queueing/permissions.py): every staff role of the territory sees
# the hall's day; the front office and the administrators work at its desks; the administrators
# configure it and set it up.
QUEUE_DESK = frozenset({Role.OPERATOR, Role.ADMIN})
QUEUE_ADMIN = frozenset({Role.ADMIN})
# Residents' comments on ratings (openakimat/feedback/permissions.py): the akim, the department heads,
# the secretariat and the administrators, within their grants.
RATING_READERS = frozenset({Role.AKIM, Role.HEAD, Role.SECRETARIAT, Role.ADMIN})
# Corruption reports (openakimat/feedback/permissions.py): the territory's observers only.
OBSERVERS = frozenset({Role.OBSERVER})
# Residents' comments (openakimat/feedback/permissions_comments.py): the akimat's moderators and
# administrators moderate them.
COMMENT_MODERATORS = frozenset({Role.MODERATOR, Role.ADMIN})

# Staff pages, by URL name (everything under /<language>/staff/).
PAGES: dict[str, Rule] = {
    # signing in and out: open to anyone
    "staff-login": public("get", "post"),
    "staff-verify": public("get"),
    "staff-logout": public("post"),
    # the staff area
    "staff-home": Rule(EVERY_ROLE, scoped=False),
    "staff-akimat": Rule(EVERY_ROLE),
    "cases:inbox": Rule(EVERY_ROLE, scoped=False),
    "cases:new": Rule(DESK, scoped=False, methods=("get", "post")),
    # a returning resident's details, found by IIN for the desk of the offering's akimat (a POST)
    "cases:new-lookup": Rule(DESK, methods=("post",), query=("offering",)),
    # the consent to print for the resident, naming the offering's akimat and service
    "cases:consent-form": Rule(DESK, query=("offering",)),
    # consultations are logged at one's own desk, which a superuser without a grant does not have
    "cases:consultations": Rule(DESK, scoped=False, methods=("get", "post"), superuser=False),
    "cases:detail": Rule(CASE_READERS),
    "cases:receipt": Rule(DESK),
    # the full IIN: those who see the applicant (front office, observers); a POST, audited
    "cases:reveal-iin": Rule(frozenset({Role.OPERATOR, Role.OBSERVER}), methods=("post",)),
    "cases:move": Rule(DEPARTMENT, methods=("post",), params={"move": "accept"}),
    "cases:assign": Rule(HEAD, methods=("post",)),
    "cases:transfer": Rule(HEAD, methods=("post",)),
    "cases:extend": Rule(HEAD, methods=("post",)),
    "cases:add-documents": Rule(DESK, methods=("post",)),
    "cases:document": Rule(CASE_READERS),
    # the statement generated from the resident's answers; reading it is audited
    "cases:statement": Rule(CASE_READERS),
    # execution control: every role that works instructions reads them; the department works
    # them, the akim's office extends, reassigns and cancels (control/permissions.py)
    "control-staff:inbox": Rule(INSTRUCTION_READERS, scoped=False),
    "control-staff:detail": Rule(INSTRUCTION_READERS),
    "control-staff:move": Rule(DEPARTMENT, methods=("post",), params={"move": "start"}),
    "control-staff:report": Rule(DEPARTMENT, methods=("post",)),
    "control-staff:extend": Rule(CHANGE_AKIMAT, methods=("post",)),
    "control-staff:reassign": Rule(CHANGE_AKIMAT, methods=("post",)),
    # open receptions: the akim's office plans and cancels; the front office with it marks
    # attendance and records the problems raised; the observers read the sign-ups too
    "receptions-staff:list": Rule(RECEPTION_READERS, scoped=False),
    "receptions-staff:new": Rule(CHANGE_AKIMAT, scoped=False, methods=("get", "post")),
    "receptions-staff:detail": Rule(RECEPTION_READERS),
    "receptions-staff:mark": Rule(RECEPTION_DESK, methods=("post",)),
    "receptions-staff:problem": Rule(RECEPTION_DESK, methods=("post",)),
    "receptions-staff:assign": Rule(RECEPTION_DESK, methods=("post",)),
    "receptions-staff:close": Rule(RECEPTION_DESK, methods=("post",)),
    "receptions-staff:cancel": Rule(CHANGE_AKIMAT, methods=("post",)),
    # meetings: everyone of the akimat reads them; the secretariat and the administrators keep them,
    # moderate the hearings' questions (with their authors' names) and make decisions instructions
    "meetings-staff:list": Rule(EVERY_ROLE, scoped=False),
    "meetings-staff:new": Rule(MEETING_DESK, scoped=False, methods=("get", "post")),
    "meetings-staff:detail": Rule(EVERY_ROLE),
    "meetings-staff:document": Rule(EVERY_ROLE),
    "meetings-staff:edit": Rule(MEETING_DESK, methods=("get", "post")),
    "meetings-staff:agenda-edit": Rule(MEETING_DESK, methods=("get", "post")),
    "meetings-staff:minutes": Rule(MEETING_DESK, methods=("get", "post")),
    "meetings-staff:attendance": Rule(MEETING_DESK, methods=("get", "post")),
    "meetings-staff:transcripts": Rule(MEETING_DESK, methods=("get", "post")),
    "meetings-staff:questions": Rule(MEETING_DESK),
    **{
        f"meetings-staff:{name}": Rule(MEETING_DESK, methods=("post",))
        for name in (
            "publish",
            "cancel",
            "agenda-add",
            "agenda-move",
            "document-add",
            "document-remove",
            "minutes-publish",
            "decision-add",
            "instruct",
            "question",
        )
    },
    # problem triage (problems/permissions.py): every staff role but finance reads; the front
    # office, the akim's office and the category's department head triage; accepting gives an
    # instruction (not the head's); moderators also redact
    "problems_staff:inbox": Rule(PROBLEM_READERS, scoped=False),
    "problems_staff:report": Rule(PROBLEM_READERS),
    "problems_staff:accept": Rule(PROBLEM_ACCEPT, methods=("post",)),
    "problems_staff:merge": Rule(PROBLEM_TRIAGE, methods=("post",)),
    "problems_staff:reject": Rule(PROBLEM_TRIAGE, methods=("post",)),
    "problems_staff:update": Rule(PROBLEM_TRIAGE, methods=("post",)),
    "problems_staff:redact": Rule(PROBLEM_TRIAGE | {Role.MODERATOR}, methods=("post",)),
    # anonymous corruption reports (feedback/permissions.py): the observers whose grant covers the
    # report's akimat, and nobody else, superusers included
    "ratings-staff:comments": Rule(RATING_READERS, scoped=False),
    "corruption-staff:list": Rule(OBSERVERS, scoped=False, superuser=False),
    "corruption-staff:detail": Rule(OBSERVERS, superuser=False),
    "corruption-staff:file": Rule(OBSERVERS, superuser=False),
    "corruption-staff:status": Rule(OBSERVERS, methods=("post",), superuser=False),
    "corruption-staff:note": Rule(OBSERVERS, methods=("post",), superuser=False),
    # residents' comments: the moderation queue and a decision on one comment
    "comments-staff:queue": Rule(COMMENT_MODERATORS, scoped=False),
    "comments-staff:decide": Rule(COMMENT_MODERATORS, methods=("post",)),
    # written appeals
    "appeals-staff:inbox": Rule(APPEAL_READERS, scoped=False),
    "appeals-staff:detail": Rule(APPEAL_READERS),
    "appeals-staff:attachment": Rule(APPEAL_READERS),
    "appeals-staff:route": Rule(APPEAL_OFFICE, methods=("post",)),
    "appeals-staff:draft": Rule(APPEAL_DRAFTERS, methods=("post",)),
    "appeals-staff:extend": Rule(CHANGE_AKIMAT, methods=("post",)),
    "appeals-staff:answer": Rule(CHANGE_AKIMAT, methods=("post",)),
    "appeals-staff:publication": Rule(CHANGE_AKIMAT, methods=("post",)),
    "appeals-staff:publish": Rule(CHANGE_AKIMAT, methods=("post",)),
    # news
    "news-staff:list": Rule(EVERY_ROLE, scoped=False),
    "news-staff:new": Rule(NEWS_WRITERS, scoped=False, methods=("get", "post")),
    "news-staff:item": Rule(EVERY_ROLE),
    "news-staff:preview": Rule(EVERY_ROLE),
    "news-staff:edit": Rule(NEWS_WRITERS, methods=("get", "post")),
    "news-staff:state": Rule(NEWS_WRITERS, methods=("post",)),
    "news-staff:photo": Rule(NEWS_WRITERS, methods=("post",)),
    "news-staff:photo-remove": Rule(NEWS_WRITERS, methods=("post",)),
    "news-staff:link": Rule(NEWS_WRITERS, methods=("post",)),
    "news-staff:link-remove": Rule(NEWS_WRITERS, methods=("post",)),
    # the queue's halls and desks; setting up names its akimat in the form (none here: back to the list)
    "queue_staff:halls": Rule(EVERY_ROLE, scoped=False),
    "queue_staff:setup": Rule(QUEUE_ADMIN, scoped=False, methods=("post",)),
    "queue_staff:hall": Rule(EVERY_ROLE),
    "queue_staff:desk": Rule(QUEUE_DESK),
    "queue_staff:desk-act": Rule(QUEUE_DESK, methods=("post",), params={"action": "sign-in"}),
    "queue_staff:register": Rule(QUEUE_DESK),
    "queue_staff:configure": Rule(QUEUE_ADMIN),
    "queue_staff:hours": Rule(QUEUE_ADMIN, methods=("get", "post")),
    **{
        f"queue_staff:{name}": Rule(QUEUE_ADMIN, methods=("post",))
        for name in ("rules", "category-add", "category", "desk-add", "desk-change", "desk-remove", "priority")
    },
    # the queue's figures
    "queue_figures:index": Rule(EVERY_ROLE, scoped=False),
    "queue_figures:hall": Rule(EVERY_ROLE),
    "queue_figures:csv": Rule(EVERY_ROLE),
}

# API operations, by operationId (GET /api/v1/openapi.json).
_PUBLIC_API = [
    "openakimat_territory_api_list_territories",
    "openakimat_territory_api_get_territory",
    "openakimat_territory_api_get_territory_tree",
    "openakimat_territory_api_list_akimats",
    "openakimat_territory_api_get_akimat",
    "openakimat_territory_api_region_rollout",
    "openakimat_territory_api_region_rollout_geojson",
    "openakimat_catalogue_api_list_services",
    "openakimat_catalogue_api_get_service",
    "openakimat_applications_api_submit_application",
    "openakimat_applications_api_track_application",
    "openakimat_budget_api_territory_budget",
    "openakimat_budget_api_territory_monthly",
    "openakimat_budget_api_budget_years",
    "openakimat_budget_api_project_list",
    "openakimat_budget_api_project_detail",
    "openakimat_budget_api_export_fdp",
    "openakimat_budget_api_export_csv",
    "openakimat_budget_api_geojson_projects",
    "openakimat_budget_api_geojson_territories",
    "openakimat_control_api_list_instructions",
    "openakimat_control_api_get_instruction",
    "openakimat_receptions_api_list_receptions",
    "openakimat_receptions_api_get_reception",
    "openakimat_problems_api_list_problems",
    "openakimat_appeals_api_list_appeals",
    "openakimat_appeals_api_appeal_figures",
    "openakimat_appeals_api_get_appeal",
    "openakimat_meetings_api_list_meetings",
    "openakimat_meetings_api_get_meeting",
    "openakimat_news_api_list_news",
    "openakimat_news_api_get_news_item",
    "openakimat_feedback_api_comments_list_comments",
    "openakimat_queueing_api_list_halls",
    "openakimat_queueing_api_get_hall",
    "openakimat_queueing_api_take_ticket",
    "openakimat_accountability_api_data_list_datasets",
]
OPERATIONS: dict[str, Rule] = {
    **{operation_id: public() for operation_id in _PUBLIC_API},
    "openakimat_applications_api_staff_list_cases": Rule(EVERY_ROLE, scoped=False),
    "openakimat_applications_api_staff_get_case": Rule(CASE_READERS),
    "openakimat_applications_api_staff_move_case": Rule(DEPARTMENT, params={"move": "accept"}),
    "openakimat_applications_api_staff_assign_case": Rule(HEAD),
    "openakimat_applications_api_staff_transfer_case": Rule(HEAD),
    "openakimat_applications_api_staff_extend_case": Rule(HEAD),
    "openakimat_problems_api_staff_triage_list": Rule(PROBLEM_READERS, scoped=False),
    "openakimat_problems_api_staff_triage_accept": Rule(PROBLEM_ACCEPT),
    "openakimat_problems_api_staff_triage_reject": Rule(PROBLEM_TRIAGE),
    "openakimat_problems_api_staff_triage_merge": Rule(PROBLEM_TRIAGE),
    "openakimat_problems_api_staff_triage_update": Rule(PROBLEM_TRIAGE),
    "openakimat_accounts_api_list_grants": Rule(EVERY_ROLE),
    "openakimat_accounts_api_patch_akimat": Rule(CHANGE_AKIMAT),
    # the queue: a desk's work is let through to its hall's operators (409 when not signed in at
    # the desk, or the ticket is not at theirs); the figures to every role of the territory
    **{
        f"openakimat_queueing_api_staff_{name}": Rule(QUEUE_DESK)
        for name in ("call_next", "start", "finish", "recall", "no_show")
    },
    "openakimat_queueing_api_staff_hall_figures": Rule(EVERY_ROLE),
}

# The admin site (/admin/), by URL name: the site's own views, then every registered model's
# pages. An admin page is "let through" when it answers (a page, a form with errors, a redirect
# after a change); "refused" is 403, 404, or the admin's "this object does not exist" redirect to
# its index. A new model in the admin, or a new view of a model admin, fails the test until it is
# listed here.
NOBODY: frozenset[str] = frozenset()
ADMIN_ROLE = frozenset({Role.ADMIN})
AUDIT_READERS = frozenset({Role.ADMIN, Role.AKIM, Role.OBSERVER})
BUDGET_WRITERS = frozenset({Role.ADMIN, Role.FINANCE})


def model_admin(
    label: str,
    *,
    view: frozenset[str],
    add: frozenset[str] = NOBODY,
    change: frozenset[str] = NOBODY,
    delete: frozenset[str] = NOBODY,
    scoped: bool = True,
    superuser_adds: bool = False,
    superuser_changes: bool = False,
    superuser_deletes: bool = False,
) -> dict[str, Rule]:
    """The pages of one model admin ("<app>_<model>"): who lists and opens its objects (`view`),
    adds, changes and deletes them; `scoped`: an object of another akimat reads as not found."""
    return {
        f"admin:{label}_changelist": Rule(view, scoped=False),
        f"admin:{label}_add": Rule(add, scoped=False, methods=("get", "post"), superuser=superuser_adds),
        f"admin:{label}_change": Rule(
            view | change, scoped=scoped, methods=("get", "post"), writers=change, superuser_writes=superuser_changes
        ),
        f"admin:{label}_history": Rule(view | change, scoped=scoped),
        f"admin:{label}_delete": Rule(delete, scoped=scoped, methods=("get", "post"), superuser=superuser_deletes),
    }


ADMIN: dict[str, Rule] = {
    "admin:index": Rule(EVERY_ROLE, scoped=False),
    # the admin's sign-in sends everyone to the staff sign-in (password and TOTP)
    "admin:login": public("get", "post"),
    "admin:logout": public("post"),
    "admin:password_change": Rule(EVERY_ROLE, scoped=False, methods=("get", "post")),
    "admin:password_change_done": Rule(EVERY_ROLE, scoped=False),
    "admin:jsi18n": Rule(EVERY_ROLE, scoped=False),
    # needs the model and field it completes; each model admin's queryset scopes the answers
    "admin:autocomplete": Rule(NOBODY, scoped=False, superuser=False),
    # no model has a public page to send anyone to
    "admin:view_on_site": Rule(NOBODY, scoped=False, superuser=False),
    # each app's list of models: shown to those who see one of its models
    "admin:app_list[accounts]": Rule(ADMIN_ROLE, scoped=False),
    "admin:app_list[appeals]": Rule(APPEAL_READERS, scoped=False),
    "admin:app_list[axes]": Rule(NOBODY, scoped=False),
    "admin:app_list[budget]": Rule(EVERY_ROLE, scoped=False),
    "admin:app_list[catalogue]": Rule(EVERY_ROLE, scoped=False),
    "admin:app_list[control]": Rule(INSTRUCTION_READERS, scoped=False),
    "admin:app_list[integrity]": Rule(AUDIT_READERS, scoped=False),
    "admin:app_list[open311]": Rule(NOBODY, scoped=False),
    "admin:app_list[receptions]": Rule(RECEPTION_READERS, scoped=False),
    "admin:app_list[territory]": Rule(EVERY_ROLE, scoped=False),
    # sign-in records (django-axes): superusers only; they are written by sign-ins, never added
    **model_admin("axes_accessattempt", view=NOBODY, superuser_changes=True, superuser_deletes=True),
    **model_admin("axes_accesslog", view=NOBODY, superuser_changes=True, superuser_deletes=True),
    **model_admin("axes_accessfailurelog", view=NOBODY, superuser_changes=True, superuser_deletes=True),
    # receptions and the problems raised: read-only, for those who open the receptions' pages
    **model_admin("receptions_reception", view=RECEPTION_READERS),
    **model_admin("receptions_raisedproblem", view=RECEPTION_READERS),
    # appeals: read-only, to those who read them on the staff pages (no personal data shown)
    **model_admin("appeals_appeal", view=APPEAL_READERS),
    # the audit log: read by the akimat's akim, observers and administrators; never changed
    **model_admin("integrity_auditentry", view=AUDIT_READERS),
    # akimats and departments: every role sees its own; the akim and administrators edit the
    # akimat, administrators its departments; neither is deleted here
    **model_admin("territory_akimat", view=EVERY_ROLE, change=CHANGE_AKIMAT, superuser_changes=True),
    **model_admin(
        "territory_department",
        view=EVERY_ROLE,
        add=ADMIN_ROLE,
        change=ADMIN_ROLE,
        superuser_adds=True,
        superuser_changes=True,
    ),
    # territories are reference data loaded from the classifier: read by all, edited by nobody
    **model_admin("territory_territory", view=EVERY_ROLE, scoped=False),
    # accounts are created and edited by superusers; roles are given by administrators
    "admin:auth_user_password_change": Rule(NOBODY, scoped=False, methods=("get", "post")),
    **model_admin("accounts_user", view=NOBODY, superuser_adds=True, superuser_changes=True, superuser_deletes=True),
    # a grant is given (added) and revoked (deleted), never edited
    **model_admin(
        "accounts_rolegrant",
        view=ADMIN_ROLE,
        add=ADMIN_ROLE,
        delete=ADMIN_ROLE,
        superuser_adds=True,
        superuser_deletes=True,
    ),
    # requests for roles: decided by a second administrator, on their own page
    **model_admin("accounts_grantrequest", view=ADMIN_ROLE),
    "admin:accounts_grantrequest_decide": Rule(ADMIN_ROLE, methods=("get", "post")),
    # the register of services: kept by superusers; each akimat's administrators choose which of
    # them its departments offer
    **model_admin("catalogue_publicservice", view=NOBODY, superuser_adds=True, superuser_changes=True),
    # life situations group the register's services: kept by superusers like the register
    **model_admin("catalogue_lifesituation", view=NOBODY, superuser_adds=True, superuser_changes=True),
    **model_admin(
        "catalogue_serviceoffering",
        view=EVERY_ROLE,
        add=ADMIN_ROLE,
        delete=ADMIN_ROLE,
        superuser_adds=True,
        superuser_deletes=True,
    ),
    # Open311 keys: issued by superusers (the key is shown once), deactivated, never deleted
    **model_admin("open311_apikey", view=NOBODY, superuser_changes=True),
    # budgets: read by all staff of the territory, loaded by file (below), never edited by hand
    **model_admin("budget_budget", view=EVERY_ROLE),
    "admin:budget_budget_import": Rule(BUDGET_WRITERS, scoped=False, methods=("get", "post")),
    # projects: read by all staff, kept by finance and administrators; reports and files are
    # added, never edited or deleted, so that the history stays as written
    **model_admin(
        "budget_project",
        view=EVERY_ROLE,
        add=BUDGET_WRITERS,
        change=BUDGET_WRITERS,
        superuser_adds=True,
        superuser_changes=True,
    ),
    **model_admin("budget_progressreport", view=EVERY_ROLE, add=BUDGET_WRITERS, superuser_adds=True),
    **model_admin("budget_projectfile", view=EVERY_ROLE, add=BUDGET_WRITERS, superuser_adds=True),
    # instructions: read by those who work them, changed only on the staff pages (the services)
    **model_admin("control_instruction", view=INSTRUCTION_READERS),
}
