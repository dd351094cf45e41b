"""Error pages are friendly, translated, and never show a stack trace."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from config import urls as project_urls
from officina.common import views as common_views

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler404 = common_views.page_not_found
handler500 = common_views.server_error


def test_unknown_address_gets_italian_404_page_without_traceback(client):
    response = client.get("/indirizzo-che-non-esiste/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="it">' in page
    assert "Pagina non trovata" in page or "Page not found" in page
    assert 'href="/"' in page
    assert "Traceback" not in page


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_needs_no_request_and_hides_the_error():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert 'id="main"' in page
    assert "secret internal detail" not in page
    assert "Traceback" not in page


def test_form_sent_without_csrf_token_gets_friendly_page(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post("/i18n/setlang/", {"language": "en"})
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="main"' in page
    assert "CSRF verification failed" not in page
    assert page.count("<h1") == 1
