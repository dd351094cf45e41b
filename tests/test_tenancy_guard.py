"""Guard: only the modules whose job is the database query tenant-owned models directly.

Views, API views, consumers, template tags, forms, the board's rendering, exports and every
other module go through the selectors, which take the actor and scope by organisation in the
same query (STYLE.md §3). The checker reads the source with `ast`; the set of tenant models
comes from the app registry, so a model added later is guarded without touching this file, and
a new module is guarded unless it is one of `QUERYING_MODULES`.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

from officina.common.models import TenantModel

OFFICINA = Path(__file__).resolve().parent.parent / "officina"
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
PK_KEYWORDS = {"pk", "id"}


def tenant_model_names() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if issubclass(model, TenantModel) and not model._meta.abstract
    }


# Modules (or folders) whose job is the database, each for a reason:
QUERYING_MODULES = {
    "selectors",  # every read, scoped to the actor
    "selectors.py",
    "services",  # every write, after the actor's access is checked
    "services.py",
    "models",  # managers and model methods
    "models.py",
    "permissions.py",  # the access rules and their queryset filters
    "two_factor.py",  # the rule "admins sign in with two factors", read for one person
    "emails.py",  # mails a task sends about rows a service wrote (ids, no request)
    "history.py",  # the one writer of the boards' history
    "locking.py",  # the board's row lock
    "receivers.py",  # side concerns of saved rows (caches, redraws)
    "access_cache.py",  # the access generation's own row
    "tokens.py",  # the personal access tokens' service
    "people_import.py",  # the import's checks, read for the actor (its selector)
    "admin.py",  # the scoped admin (common/admin.py scopes every query)
    "admin_site.py",
    "demo.py",  # the demo data, written through the services
    "management",  # commands, which call services
    "migrations",
    "tests",
}


def interface_modules() -> list[Path]:
    """Every module that is not one of `QUERYING_MODULES`: views, API views, consumers,
    template tags, forms, rendering, exports, panels..."""
    return sorted(
        path
        for path in OFFICINA.rglob("*.py")
        if not QUERYING_MODULES & set(path.relative_to(OFFICINA).parts)
    )


def _local_names(tree: ast.AST, tenant_models: set[str]) -> dict[str, str]:
    """Names under which tenant models are reachable in the module (imports may alias them)."""
    names = {name: name for name in tenant_models}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in tenant_models:
                    names[alias.asname or alias.name] = alias.name
    return names


def _model_name(node: ast.expr, local_names: dict[str, str]) -> str | None:
    """`Team` or `models.Team` → "Team" when it names a tenant model."""
    if isinstance(node, ast.Name):
        return local_names.get(node.id)
    if isinstance(node, ast.Attribute):
        return local_names.get(node.attr)
    return None


def _is_fetch_by_pk(node: ast.Call) -> bool:
    """`<anything>.objects.get(pk=...)` / `.filter(id=...)`: an object fetched by id alone."""
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"get", "filter"}
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in MANAGERS
        and any(keyword.arg in PK_KEYWORDS for keyword in node.keywords)
    )


def find_direct_tenant_queries(source: str, tenant_models: set[str]) -> list[str]:
    """ "line N: what" for every direct access of a tenant model in `source`, in line order."""
    found = sorted(_offences(source, tenant_models))
    return [f"line {line}: {what}" for line, what in found]


def _empty_querysets(tree: ast.AST) -> set[int]:
    """Ids of the `X.objects` nodes that only build an empty queryset (`X.objects.none()`, the
    starting choices of a form field): they read nothing."""
    return {
        id(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "none"
    }


def _offences(source: str, tenant_models: set[str]) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    local_names = _local_names(tree, tenant_models)
    empty = _empty_querysets(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS and id(node) not in empty:
            model = _model_name(node.value, local_names)
            if model is not None:
                yield node.lineno, f"{model}.{node.attr}"
        elif isinstance(node, ast.Call):
            func_name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if func_name in SHORTCUTS and node.args:
                model = _model_name(node.args[0], local_names)
                if model is not None:
                    yield node.lineno, f"{func_name}({model}, ...)"
            if _is_fetch_by_pk(node):
                yield node.lineno, "object fetched by id without the actor"


def test_guard_knows_the_tenant_models():
    assert {"Ente", "OrgUnit", "Employment", "Team", "TeamMembership", "RoleAssignment"} <= (
        tenant_model_names()
    )


def test_guard_scans_every_module_but_those_whose_job_is_the_database():
    scanned = {path.relative_to(OFFICINA).as_posix() for path in interface_modules()}
    assert {
        "organisations/views.py",
        "organisations/api/views.py",
        "boards/rendering.py",
        "boards/consumers.py",
        "boards/templatetags/boards_tags.py",
        "boards/card_panels.py",
        "boards/exports.py",
        "boards/forms.py",
    } <= scanned
    assert not any(path.startswith(("boards/selectors/", "boards/services/")) for path in scanned)


def test_guard_lets_an_empty_queryset_through():
    snippet = """
from officina.organisations.models import Team

class TeamForm:
    team = ModelChoiceField(queryset=Team.objects.none())
"""
    assert find_direct_tenant_queries(snippet, tenant_model_names()) == []


def test_guard_flags_direct_queries_of_tenant_models():
    # given: the kinds of shortcut the guard exists to stop
    snippet = """
from django.shortcuts import get_object_or_404
from officina.organisations import models
from officina.organisations.models import Team as Squadra

def leaky(request, org_slug, team_id):
    a = Squadra.objects.get(pk=team_id)
    b = models.Employment.objects.filter(user=request.user)
    c = get_object_or_404(Squadra, pk=team_id)
    d = Squadra._default_manager.all()
    e = SomethingElse.objects.get(pk=team_id)
"""
    # when
    found = find_direct_tenant_queries(snippet, tenant_model_names())
    # then
    assert found == [
        "line 7: Team.objects",
        "line 7: object fetched by id without the actor",
        "line 8: Employment.objects",
        "line 9: get_object_or_404(Team, ...)",
        "line 10: Team._default_manager",
        "line 11: object fetched by id without the actor",
    ]


def test_guard_lets_selector_calls_through():
    snippet = """
from officina.organisations.selectors import team_get_for_actor

def fine(request, org_slug, team_id):
    return team_get_for_actor(actor=request.actor, team_id=team_id)
"""
    assert find_direct_tenant_queries(snippet, tenant_model_names()) == []


def test_no_module_outside_selectors_and_services_queries_a_tenant_model_directly():
    tenant_models = tenant_model_names()
    offences = [
        f"{path.relative_to(OFFICINA.parent)} {offence}"
        for path in interface_modules()
        for offence in find_direct_tenant_queries(path.read_text(), tenant_models)
    ]
    assert offences == [], "Use a selector that takes the actor:\n" + "\n".join(offences)
