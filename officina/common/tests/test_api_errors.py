"""The API maps domain errors to status codes by type, whatever an app names its classes."""

from django.utils import translation
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from officina.common.api import exception_handler
from officina.common.exceptions import ConflictError, DomainError


class Refused(DomainError):  # noqa: N818 - named freely on purpose: the type decides, not the name
    pass


class Stale(ConflictError):  # noqa: N818 - named freely on purpose
    pass


class _Current:
    version = 7


def _context() -> dict[str, object]:
    return {"view": APIView(), "request": APIRequestFactory().get("/")}


def test_a_domain_error_of_any_name_answers_400_with_its_sentence():
    with translation.override("en"):
        response = exception_handler(Refused("The column is closed."), _context())

    assert response is not None
    assert response.status_code == 400
    assert response.data == {"detail": "The column is closed."}


def test_a_conflict_of_any_name_answers_409_with_the_current_version():
    response = exception_handler(Stale("Changed meanwhile.", current=_Current()), _context())

    assert response is not None
    assert response.status_code == 409
    assert response.data == {"detail": "Changed meanwhile.", "current_version": 7}


def test_a_plain_exception_is_left_to_django():
    assert exception_handler(ValueError("boom"), _context()) is None
