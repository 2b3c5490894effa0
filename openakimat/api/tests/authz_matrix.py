"""The authorization policy of every staff page and every API operation, in one table.

`test_authz_matrix.py` finds the endpoints itself (the staff pages from the URL conf, the API
operations from the OpenAPI schema) and tries each one as every kind of caller: anonymous, each
role in the akimat that owns the object (Akzhar), the same role in another akimat (Aiyrtau), and a
superuser. It expects:

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


def public(*methods: str) -> Rule:
    return Rule(public=True, methods=methods or ("get",))


EVERY_ROLE = frozenset(ALL_ROLES)
CASE_READERS = frozenset({Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.AKIM, Role.OBSERVER})
DESK = frozenset({Role.OPERATOR})
DEPARTMENT = frozenset({Role.SPECIALIST, Role.HEAD})
HEAD = frozenset({Role.HEAD})
CHANGE_AKIMAT = frozenset({Role.AKIM, Role.ADMIN})

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
    # consultations are logged at one's own desk, which a superuser without a grant does not have
    "cases:consultations": Rule(DESK, scoped=False, methods=("get", "post"), superuser=False),
    "cases:detail": Rule(CASE_READERS),
    "cases:receipt": Rule(DESK),
    "cases:move": Rule(DEPARTMENT, methods=("post",), params={"move": "accept"}),
    "cases:assign": Rule(HEAD, methods=("post",)),
    "cases:transfer": Rule(HEAD, methods=("post",)),
    "cases:extend": Rule(HEAD, methods=("post",)),
    "cases:add-documents": Rule(DESK, methods=("post",)),
    "cases:document": Rule(CASE_READERS),
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
]
OPERATIONS: dict[str, Rule] = {
    **{operation_id: public() for operation_id in _PUBLIC_API},
    "openakimat_applications_api_staff_list_cases": Rule(EVERY_ROLE, scoped=False),
    "openakimat_applications_api_staff_get_case": Rule(CASE_READERS),
    "openakimat_applications_api_staff_move_case": Rule(DEPARTMENT, params={"move": "accept"}),
    "openakimat_applications_api_staff_assign_case": Rule(HEAD),
    "openakimat_applications_api_staff_transfer_case": Rule(HEAD),
    "openakimat_applications_api_staff_extend_case": Rule(HEAD),
    "openakimat_accounts_api_list_grants": Rule(EVERY_ROLE),
    "openakimat_accounts_api_patch_akimat": Rule(CHANGE_AKIMAT),
}
