"""The notifications a person sees: their own only, newest first, read when opened."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from officina.accounts.models import User
from officina.notifications.context_processors import unread_notifications
from officina.notifications.models import Notification
from officina.organisations.models import Organisation
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(organisation: Organisation, recipient: User, title: str, **fields) -> Notification:
    return Notification.objects.create(
        organisation=organisation,
        recipient=recipient,
        kind=Notification.Kind.MENTION,
        title=title,
        url=fields.pop("url", f"/o/{organisation.slug}/"),
        **fields,
    )


def _unread_text(count: int) -> str:
    with translation.override("it"):
        return translation.ngettext(
            "%(counter)s unread notification", "%(counter)s unread notifications", count
        ) % {"counter": count}


def test_list_shows_my_notifications_newest_first_unread_marked(
    organisation, employee, make_employee
):
    colleague = make_employee()
    _notify(organisation, employee, "Prima menzione", read_at=timezone.now())
    _notify(organisation, employee, "Seconda menzione")
    _notify(organisation, colleague, "Non è per me")
    response = _client(employee).get(reverse("notifications:list", args=[organisation.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Seconda menzione") < page.index("Prima menzione")
    assert "Non è per me" not in page
    assert page.count("officina-notification-unread") == 1
    assert page.count("<h1") == 1


def test_list_of_another_organisation_is_not_mixed_in(organisation, employee):
    other = EnteFactory().organisation
    EmploymentFactory(user=employee, ente=EnteFactory(organisation=other), organisation=other)
    _notify(other, employee, "Dall'altra unione")
    page = _client(employee).get(reverse("notifications:list", args=[organisation.slug]))
    assert "Dall&#x27;altra unione" not in page.content.decode()


def test_empty_list_explains(organisation, employee):
    page = _client(employee).get(reverse("notifications:list", args=[organisation.slug]))
    assert "callout" in page.content.decode()


def test_header_shows_the_unread_count(organisation, employee):
    for index in range(3):
        _notify(organisation, employee, f"Menzione {index}")
    page = _client(employee).get(reverse("organisations:home", args=[organisation.slug]))
    content = page.content.decode()
    assert _unread_text(3) in content
    assert reverse("notifications:list", args=[organisation.slug]) in content


def test_header_has_no_badge_without_unread(organisation, employee):
    _notify(organisation, employee, "Letta", read_at=timezone.now())
    content = _client(employee).get(reverse("organisations:home", args=[organisation.slug]))
    assert "officina-unread-badge" not in content.content.decode()


def test_mark_all_read(organisation, employee, make_employee):
    colleague = make_employee()
    _notify(organisation, employee, "Una")
    _notify(organisation, employee, "Due")
    theirs = _notify(organisation, colleague, "Sua")
    response = _client(employee).post(reverse("notifications:mark-read", args=[organisation.slug]))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_needs_post(organisation, employee):
    url = reverse("notifications:mark-read", args=[organisation.slug])
    assert _client(employee).get(url).status_code == 405


def test_opening_marks_read_and_goes_to_the_card(organisation, employee):
    notification = _notify(
        organisation, employee, "Menzione", url="/o/x/boards/1/cards/2/#comment-3"
    )
    response = _client(employee).get(
        reverse("notifications:open", args=[organisation.slug, notification.pk])
    )
    notification.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/o/x/boards/1/cards/2/#comment-3"
    assert notification.read_at is not None


def test_opening_never_redirects_to_another_site(organisation, employee):
    notification = _notify(organisation, employee, "Strana", url="//evil.example/")
    response = _client(employee).get(
        reverse("notifications:open", args=[organisation.slug, notification.pk])
    )
    assert response["Location"] == reverse("notifications:list", args=[organisation.slug])


def test_opening_someone_elses_notification_is_404(organisation, employee, make_employee):
    colleague = make_employee()
    theirs = _notify(organisation, colleague, "Sua")
    response = _client(employee).get(
        reverse("notifications:open", args=[organisation.slug, theirs.pk])
    )
    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_list_query_count_does_not_grow(
    organisation, employee, django_assert_num_queries, session_queries
):
    client = _client(employee)
    url = reverse("notifications:list", args=[organisation.slug])
    _notify(organisation, employee, "Una")
    client.get(url)
    # user, access generation (the actor is cached), page count, page rows, unread count
    with django_assert_num_queries(5 + session_queries):
        client.get(url)
    for index in range(20):
        _notify(organisation, employee, f"Altra {index}")
    with django_assert_num_queries(5 + session_queries):
        client.get(url)


def test_context_processor_costs_one_query_and_only_on_tenant_pages(
    organisation, employee, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.actor = None  # type: ignore[attr-defined]
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
    request.actor = actor_for_user(  # type: ignore[attr-defined]
        user=employee, organisation_slug=organisation.slug
    )
    _notify(organisation, employee, "Una")
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notification_count"]() == 1
        assert context["unread_notification_count"]() == 1
