from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from apps.organizations.models import CommitteeMembership, Membership, RegionMembership

from .models import ApiToken
from .services import MAX_LIFETIME_DAYS


def workplace_choices(user) -> list[tuple[str, str]]:
    """The person's own workplaces: "o:<id>" organisations, "m:<id>" committees, "r:<id>"
    regional centres."""
    with scopes_disabled():  # the person's own memberships, across tenants
        memberships = Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        choices = [
            (f"o:{m.organization_id}", f"{m.organization.short_name} · {m.get_role_display()}")
            for m in memberships.select_related("organization").order_by("organization__short_name")
        ]
    committees = CommitteeMembership.objects.filter(user=user, is_active=True).select_related("municipality")
    choices += [
        (f"m:{c.municipality_id}", f"{c.municipality.committee_name} · {_('Committee')}") for c in committees
    ]
    regions = RegionMembership.objects.filter(user=user, is_active=True).select_related("region")
    choices += [(f"r:{r.region_id}", f"{r.region.centre_name} · {_('Regional centre')}") for r in regions]
    return choices


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. «Школьная информационная система»."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    workplace = forms.ChoiceField(label=_("Acts in"), widget=forms.Select(attrs={"class": "form-select"}))
    scopes = forms.MultipleChoiceField(
        label=_("May"),
        choices=ApiToken.Scope.choices,
        initial=[ApiToken.Scope.READ],
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(
        label=_("Valid for, days"),
        min_value=1,
        max_value=MAX_LIFETIME_DAYS,
        initial=90,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workplace"].choices = workplace_choices(user)
