"""Background tasks of the organisations app: thin wrappers, enqueued after a commit."""

from django_tasks import task

from officina.organisations.emails import invitation_emails_send, welcome_emails_send


@task()
def people_welcome_send(*, user_ids: list[int], organisation_id: int, site_url: str) -> int:
    """E-mail each imported new person a link to choose their password."""
    return welcome_emails_send(
        user_ids=user_ids, organisation_id=organisation_id, site_url=site_url
    )


@task()
def invitations_send(*, invitation_ids: list[int], site_url: str) -> int:
    """E-mail each invited person the invitation waiting for them."""
    return invitation_emails_send(invitation_ids=invitation_ids, site_url=site_url)
