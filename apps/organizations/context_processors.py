from django.utils.functional import SimpleLazyObject

from .roles import COMMITTEE_PERMISSIONS, PERMISSIONS_BY_ROLE, REGION_PERMISSIONS
from .selectors import user_workplaces


def tenant(request):
    """The current tenant and the user's workplaces, for the navigation bar. The workplaces are
    read when a template shows them: not for an htmx fragment, an error page, or a view that
    passes its own."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "current_organization": getattr(request, "organization", None),
        "current_membership": membership,
        "current_municipality": getattr(request, "municipality", None),
        "current_region": getattr(request, "region", None),
        "workplaces": SimpleLazyObject(lambda: user_workplaces(user=user)) if user is not None else [],
        "can": _permissions(
            membership, getattr(request, "municipality", None), getattr(request, "region", None)
        ),
    }


def _permissions(membership, municipality, region=None) -> dict[str, bool]:
    """`{% if can.members_manage %}` in templates: what the current role may do."""
    if region is not None:
        return {p.replace(".", "_"): True for p in REGION_PERMISSIONS}
    if municipality is not None:
        return {p.replace(".", "_"): True for p in COMMITTEE_PERMISSIONS}
    if membership is None or not membership.is_active:
        return {}
    return {p.replace(".", "_"): True for p in PERMISSIONS_BY_ROLE[membership.role]}
