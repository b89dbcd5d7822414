from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core.idempotency import idempotent

from . import person_links, services
from .forms import MemberAddForm, MemberFilterForm, MembershipForm, OrganizationProfileForm
from .models import Membership
from .next_steps import next_steps_for
from .selectors import committee_organizations_overview, filter_members, organization_members
from .stages import STAGES
from .views_base import filters_from_session, tenant_view

MEMBERS_PER_PAGE = 50


@tenant_view(permission="organization.view")
def organization_home(request, org_slug):
    """A member's home: what to do next in this organisation, by role."""
    team = organization_members(organization=request.organization).filter(is_active=True)
    return render(
        request,
        "organizations/home.html",
        {
            "next_steps": next_steps_for(request.membership),
            "team_size": team.count(),
            "stages": STAGES,
        },
    )


@tenant_view(permission="organization.change")
def organization_profile(request, org_slug):
    organization = request.organization
    form = OrganizationProfileForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update_profile(
            organization=organization, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The profile is saved."))
        return redirect("organizations:home", org_slug=organization.slug)
    return render(request, "organizations/profile.html", {"form": form})


@tenant_view(permission="members.view")
def member_list(request, org_slug):
    filters, redirect_after_post = filters_from_session(request, MemberFilterForm, key=f"members:{org_slug}")
    if redirect_after_post:
        return redirect_after_post
    members = organization_members(organization=request.organization)
    if filters.is_bound and filters.is_valid():
        members = filter_members(members, **filters.cleaned_data)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    # Who is linked to whom: a member and the participant record they stand for.
    linked = {}
    for links in person_links.registered():
        linked.update(links.linked(organization=request.organization, user_ids=[m.user_id for m in page]))
    for member in page:
        member.linked_person = linked.get(member.user_id)
    return render(request, "organizations/member_list.html", {"page": page, "filters": filters})


def _link_candidates(organization, data):
    """People of the base with the new colleague's e-mail or name, to link the account to."""
    found = []
    for links in person_links.registered():
        found += links.candidates(
            organization=organization,
            email=data.get("email", ""),
            last_name=data.get("last_name", ""),
            first_name=data.get("first_name", ""),
        )
    return found


@tenant_view(permission="members.manage")
@idempotent
def member_add(request, org_slug):
    candidates = _link_candidates(request.organization, request.POST) if request.method == "POST" else []
    form = MemberAddForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if candidates and not values.pop("offered"):
            # The same name or e-mail is in the base: offer to link before creating the account.
            form = MemberAddForm(
                {**request.POST.dict(), "offered": "on", "person": str(candidates[0].key)},
                candidates=candidates,
            )
            form.is_valid()
            return render(request, "organizations/member_add.html", {"form": form, "candidates": candidates})
        values.pop("offered", None)
        try:
            membership = services.member_add(organization=request.organization, actor=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is added. A link to set a password is sent to %(email)s.")
                % {"name": membership.user.full_name, "email": membership.user.email},
            )
            return redirect("organizations:members", org_slug=org_slug)
    return render(request, "organizations/member_add.html", {"form": form, "candidates": candidates})


@tenant_view(permission="members.manage")
def member_edit(request, org_slug, membership_id):
    # The scoped manager only sees this organisation: another's id answers 404.
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    form = MembershipForm(
        request.POST or None,
        initial={"role": membership.role, "is_active": membership.is_active},
    )
    if request.method == "POST" and "resend_invitation" in request.POST:
        services.member_send_invitation(membership=membership, actor=request.user)
        messages.success(request, _("The invitation is sent again."))
        return redirect("organizations:member_edit", org_slug=org_slug, membership_id=membership.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(membership=membership, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("organizations:members", org_slug=org_slug)
    return render(request, "organizations/member_edit.html", {"form": form, "member": membership})


@tenant_view(permission="committee.view")
def committee_dashboard(request, municipality_slug):
    """The committee's overview of its organisations: counts, never names of people."""
    organizations = committee_organizations_overview(municipality=request.municipality)
    return render(request, "organizations/committee_dashboard.html", {"organizations": organizations})
