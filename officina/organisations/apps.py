from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# Models whose rows decide who may do what (the actor, team and board access).
ACCESS_MODELS = (
    "Organisation",
    "Ente",
    "OrgUnit",
    "Employment",
    "Team",
    "TeamMembership",
    "RoleAssignment",
)


class OrganisationsConfig(AppConfig):
    name = "officina.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        for name in ACCESS_MODELS:
            model = self.get_model(name)
            post_save.connect(_access_changed, sender=model, dispatch_uid=f"access-save-{name}")
            post_delete.connect(_access_changed, sender=model, dispatch_uid=f"access-del-{name}")
        from officina.organisations.models import Team

        m2m_changed.connect(
            _access_changed,
            sender=Team.shared_with_enti.through,
            dispatch_uid="access-m2m-team-enti",
        )


def _access_changed(sender: type, **kwargs: Any) -> None:
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: act once, after
        return
    from officina.organisations.access_cache import access_changed

    access_changed()
