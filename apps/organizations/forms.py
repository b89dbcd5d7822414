from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Organization
from .roles import Role

User = get_user_model()


class OrganizationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["full_name", "short_name", "kind", "director_name", "address", "website", "time_zone"]


class MemberFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])


class MemberAddForm(forms.Form):
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("A link to set a password is sent to this address."),
    )
    username = forms.RegexField(
        label=_("Login"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Latin letters, digits and @ . + - _ only."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    # Offered once the name or e-mail matches people of the base (`person_links`).
    person = forms.TypedChoiceField(
        label=_("Link to the participant"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("A mentor linked to their participant record sees the pairs they mentor."),
    )
    offered = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["person"].choices = [
                *((c.key, c.name) for c in candidates),
                ("", _("Do not link")),
            ]
        else:
            del self.fields["person"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login is taken; choose another."))
        return username


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Has access"),
        required=False,
        help_text=_("Clear to withdraw access without deleting the person's history."),
    )
