"""E-mails to people about their place in an organisation: welcome, invitation.

Sent by the tasks in `tasks.py`, outside any request: the links start with the `site_url` the
request that caused them was made to, and the text is in the installation's language.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from officina.accounts.models import User
from officina.organisations.models import Organisation, OrganisationInvitation


def welcome_emails_send(*, user_ids: list[int], organisation_id: int, site_url: str) -> int:
    """Tell each new person that `organisation` made them an account, with a link to choose
    their password (allauth's password reset, valid once); return how many were sent."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    people = User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            _message(
                "organisations/email/welcome",
                person.email,
                {
                    "person": person,
                    "organisation": organisation,
                    "password_url": site_url + _password_path(person),
                    "login_url": site_url + reverse("account_login"),
                    "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
                },
            )
            for person in people
        ]
    return _send(messages)


def invitation_emails_send(*, invitation_ids: list[int], site_url: str) -> int:
    """Tell each invited person what they are invited to and where to answer; return how many
    were sent (an invitation answered in the meantime is skipped)."""
    invitations = (
        OrganisationInvitation.objects.filter(
            pk__in=invitation_ids,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            user__is_active=True,
        )
        .select_related("organisation", "ente", "user", "invited_by")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            _message(
                "organisations/email/invitation",
                invitation.user.email,
                {
                    "invitation": invitation,
                    "invitations_url": site_url + reverse("invitations:invitation-list"),
                },
            )
            for invitation in invitations
        ]
    return _send(messages)


def _password_path(person: User) -> str:
    """allauth's "choose a new password" page for the person, with a one-time key."""
    key = default_token_generator.make_token(person)
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": key},
    )


def _message(template: str, to: str, context: dict[str, object]) -> EmailMessage:
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_message.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        sent: int = connection.send_messages(messages)
    return sent
