"""Tenancy and people: who works where, in which teams, with which roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.common.models import BaseModel, TenantModel
from officina.organisations.access_cache import AccessQuerySet


class Organisation(BaseModel):
    """The tenant: a union of municipalities, or a single comune. Nothing crosses organisations."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    require_two_factor_for_admins = models.BooleanField(
        _("require two-factor authentication for administrators"),
        default=False,
        help_text=_("IT administrators, HR and DPO must set up an authenticator app to continue."),
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Ente(TenantModel):
    """An employer and data controller inside the organisation: the Union or one comune."""

    class Kind(models.TextChoices):
        UNION = "union", _("Union of municipalities")
        COMUNE = "comune", _("Municipality")
        OTHER = "other", _("Other body")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMUNE)
    name = models.CharField(_("name"), max_length=200)
    # Optional, never invented: left empty until the ente's real codes are entered.
    codice_fiscale = models.CharField(_("tax code"), max_length=16, blank=True)
    codice_ipa = models.CharField(_("IPA code"), max_length=20, blank=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        ordering = ("organisation", "kind", "name")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="ente_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnit(TenantModel):
    """A settore, servizio or ufficio of an ente, in a tree.

    `path` is a materialised path ("/3/17/42/") kept by the service that creates or moves the
    unit, so "this unit and everything below it" is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        SETTORE = "settore", _("Department")
        SERVIZIO = "servizio", _("Service")
        UFFICIO = "ufficio", _("Office")

    ente = models.ForeignKey(
        Ente, on_delete=models.CASCADE, related_name="org_units", verbose_name=_("public body")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SERVIZIO)
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(_("tree path"), max_length=255, blank=True, editable=False)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ("organisation", "path")
        indexes = [models.Index(fields=["organisation", "path"], name="orgunit_org_path")]

    def __str__(self) -> str:
        return self.name


class Employment(TenantModel):
    """A person's job in one ente of the organisation (at most one per organisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employments",
        verbose_name=_("person"),
    )
    ente = models.ForeignKey(
        Ente, on_delete=models.PROTECT, related_name="employments", verbose_name=_("public body")
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employments",
        verbose_name=_("unit"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ("organisation", "user__last_name", "user__first_name")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="employment_one_per_org"),
        ]
        indexes = [models.Index(fields=["organisation", "ente"], name="employment_org_ente")]

    def __str__(self) -> str:
        return f"{self.user} ({self.ente})"


class Team(TenantModel):
    """People working together, possibly from several enti of the same organisation."""

    class Visibility(models.TextChoices):
        TEAM = "team", _("Team members only")
        ENTI = "enti", _("Members of the chosen public bodies")
        ORGANISATION = "organisation", _("The whole organisation")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("responsible unit"),
        help_text=_("The managers of this unit (and of the units above it) see the team."),
    )
    visibility = models.CharField(
        _("visible to"), max_length=15, choices=Visibility.choices, default=Visibility.TEAM
    )
    shared_with_enti = models.ManyToManyField(
        Ente, blank=True, related_name="shared_teams", verbose_name=_("shared with public bodies")
    )
    members: "models.ManyToManyField[User, TeamMembership]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="teams",
        verbose_name=_("members"),
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ("organisation", "name")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(TenantModel):
    """A person's place in a team. Guests (e.g. an external supplier) see only their teams."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Team lead")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Guest")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ("team", "role", "user__last_name")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "user"], name="teammember_org_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"


class RoleAssignment(TenantModel):
    """A role with its scope: the organisation, one ente (HR) or one unit and below (manager)."""

    class Role(models.TextChoices):
        IT_ADMIN = "it_admin", _("IT administrator")
        HR = "hr", _("HR office")
        MANAGER = "manager", _("Manager (dirigente)")
        DPO = "dpo", _("DPO / auditor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    ente = models.ForeignKey(
        Ente,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("public body"),
        help_text=_("For HR: the public body the office acts for."),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("For managers: the unit they lead (units below it are included)."),
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ("organisation", "role", "user__last_name")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="hr") | Q(ente__isnull=False), name="role_hr_needs_ente"
            ),
            models.CheckConstraint(
                condition=~Q(role="manager") | Q(org_unit__isnull=False),
                name="role_manager_needs_unit",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "user"], name="role_org_user")]

    def __str__(self) -> str:
        scope = self.org_unit or self.ente or self.organisation
        return f"{self.user}: {self.get_role_display()} ({scope})"


class OrganisationInvitation(TenantModel):
    """An offer to join the organisation, made to a person whose account it does not answer for.

    An import never links an existing account that belongs elsewhere (or to nobody yet): it
    records here the job and teams it asked for, and the person decides. Accepting creates the
    employment and team memberships (`services.invitations.organisation_invitation_accept`);
    declining closes the offer. Pending means neither accepted nor declined; one pending per person.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_invitations",
        verbose_name=_("person"),
    )
    ente = models.ForeignKey(
        Ente, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("public body")
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("unit"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    teams = models.ManyToManyField(
        Team, blank=True, related_name="invitations", verbose_name=_("teams")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True),
                name="invitation_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"

    def clean(self) -> None:
        """The ente, unit and teams belong to the invitation's organisation."""
        if self.ente.organisation_id != self.organisation_id:
            raise ValidationError({"ente": _("This choice belongs to another organisation.")})
        if self.org_unit is not None and self.org_unit.ente_id != self.ente_id:
            raise ValidationError({"org_unit": _("The unit belongs to another public body.")})

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class AccessGeneration(models.Model):
    """One row whose random token changes with every change that access depends on: cached
    actors and board access are keyed by it (`access_cache.py`)."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("access generation")
        verbose_name_plural = _("access generations")

    def __str__(self) -> str:
        return self.token
