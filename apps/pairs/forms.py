from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from apps.core.academic_year import academic_year_in_full, current_academic_year
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.participants.models import Participant

from .models import Enrollment, MentoringForm, Pair, Programme
from .selectors import enrol_candidates

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "form", "academic_year", "starts_on", "ends_on", "goals", "curator"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "goals": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"form": SafeModelChoiceField, "curator": SafeModelChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.filter(organization=organization)
        curators = Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        self.fields["curator"].queryset = get_user_model().objects.filter(memberships__in=curators)
        # «2026/2027» to choose, not a number to type (typed so, it read as 20262027).
        current, own = current_academic_year(), self.instance.academic_year
        years = range(min(current - 3, own or current), max(current + 2, own or current) + 1)
        self.fields["academic_year"] = forms.TypedChoiceField(
            label=self.fields["academic_year"].label,
            choices=[(year, academic_year_in_full(year)) for year in years],
            coerce=int,
            initial=current,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] <= cleaned["starts_on"]:
            self.add_error("ends_on", _("The programme must end after it starts."))
        return cleaned


class EnrollForm(forms.Form):
    """Add people of the bases to a programme, as mentors or as mentees. The page lists the
    candidates as checkboxes itself (`selectors.enrol_candidates`): the field only checks them."""

    side = forms.ChoiceField(label=_("As"), choices=Enrollment.Side.choices)
    participants = SafeModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one person to enrol."),
            # Enrolled or gone since the page was opened (another tab, a colleague).
            "invalid_choice": _("Someone you ticked can no longer be enrolled: open the page again."),
        },
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = enrol_candidates(programme=programme)

    def clean(self):
        cleaned = super().clean()
        side, people = cleaned.get("side"), cleaned.get("participants") or []
        open_side = "mentor_open" if side == Enrollment.Side.MENTOR else "mentee_open"
        wrong = [p.full_name for p in people if not getattr(p, open_side)]
        if wrong:
            raise forms.ValidationError(
                _("They cannot be enrolled as «%(side)s» (another role, or enrolled already): %(names)s.")
                % {"side": dict(Enrollment.Side.choices)[side], "names": ", ".join(wrong)}
            )
        return cleaned


class EnrollmentForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ["selection", "capacity", "trained_on"]
        widgets = {"trained_on": DATE_INPUT}


class BoardFilterForm(forms.Form):
    programme = SafeModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    form = SafeModelChoiceField(
        label=_("Form of mentoring"), queryset=MentoringForm.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(organization=organization)
        self.fields["form"].queryset = MentoringForm.objects.filter(organization=organization)


class MentoringFormForm(forms.Form):
    name = forms.CharField(
        label=_("Form of mentoring"), max_length=100, help_text=_("For example «Выпускник – ученик».")
    )


class TrainingSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    topic = forms.CharField(label=_("Topic"), max_length=255)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


BOARD_COLUMNS = [
    Pair.Status.PROPOSED,
    Pair.Status.APPROVED,
    Pair.Status.ACTIVE,
    Pair.Status.COMPLETED,
    Pair.Status.DISSOLVED,
]
