"""The audit log in the admin: view-only for everyone, scoped like the DPO's page."""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from officina.audit.models import AuditEvent
from officina.common.admin import TenantScopedAdmin
from officina.organisations.models import Employment


@admin.register(AuditEvent)
class AuditEventAdmin(TenantScopedAdmin):
    """Events of the administered organisations, and sign-ins of their people."""

    list_display = ("created_at", "action", "actor_label", "target_label", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_label")
    date_hierarchy = "created_at"

    def scope_queryset(self, queryset: QuerySet[Any], organisation_ids: Iterable[int]) -> Any:
        ids = list(organisation_ids)
        people = Employment.objects.filter(organisation__in=ids).values("user")
        return queryset.filter(
            Q(organisation__in=ids) | Q(organisation__isnull=True, actor__in=people)
        )

    def object_organisation_ids(self, obj: Any) -> list[int | None]:
        return [obj.organisation_id]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.organisation_id is None and not self.is_global_admin(request):
            return self.get_queryset(request).filter(pk=obj.pk).exists()
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
