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
        from officina.organisations.access_cache import access_model_changed

        for name in ACCESS_MODELS:
            model = self.get_model(name)
            post_save.connect(
                access_model_changed, sender=model, dispatch_uid=f"access-save-{name}"
            )
            post_delete.connect(
                access_model_changed, sender=model, dispatch_uid=f"access-del-{name}"
            )
        from officina.organisations.models import Team

        m2m_changed.connect(
            access_model_changed,
            sender=Team.shared_with_enti.through,
            dispatch_uid="access-m2m-team-enti",
        )
