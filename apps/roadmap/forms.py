from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import check_document
from apps.organizations.models import Membership, Organization
from apps.organizations.roles import Role

from .models import Activity, Roadmap, Stage
from .selectors import current_academic_year, owner_roadmaps
from .services import HEADER_FIELDS
from .template_library import templates_for

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ROLE_CHOICES = [*Role.choices, ("committee", _("Committee"))]


def year_choices():
    year = current_academic_year()
    return [(y, f"{y}–{y + 1}") for y in (year - 1, year, year + 1)]


def owner_people(owner):
    """The people who can be responsible: the organisation's members, or the committee's."""
    users = get_user_model().objects.order_by("last_name", "first_name")
    if isinstance(owner, Organization):
        return users.filter(
            pk__in=Membership.objects.filter(organization=owner, is_active=True).values("user")
        )
    return users.filter(committee_memberships__municipality=owner, committee_memberships__is_active=True)


class RoadmapCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)
    source = forms.ChoiceField(label=_("Start from"))

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = current_academic_year()
        kind = "organization" if isinstance(owner, Organization) else "municipality"
        choices = [
            (f"template:{t['key']}", _("Model roadmap: %(name)s") % {"name": t["name"]})
            for t in templates_for(kind)
        ]
        choices += [
            (f"copy:{r.pk}", _("A copy of the roadmap of %(period)s") % {"period": r.period_label})
            for r in owner_roadmaps(owner)
        ]
        choices.append(("blank", _("An empty roadmap")))
        self.fields["source"].choices = choices


class RoadmapImportForm(forms.Form):
    file = forms.FileField(label=_("Word (.docx) or Excel (.xlsx) file"))
    year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = current_academic_year()


class RoadmapHeaderForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = list(HEADER_FIELDS)
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "approval_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accepted_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "annex": forms.Textarea(attrs={"rows": 2}),
        }


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["number", "title", "note"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(forms.ModelForm):
    # Declared here: a default ModelChoiceField would query stages outside any tenant scope.
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    content_text = forms.CharField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line."),
    )
    deadline = forms.CharField(
        label=_("Deadline"),
        required=False,
        max_length=255,
        help_text=_("As you write it: «Сентябрь 2026», «До 15.10.2026», «В течение учебного года»."),
    )
    responsible_users = forms.ModelMultipleChoiceField(
        label=_("Responsible people"), queryset=get_user_model().objects.none(), required=False
    )
    responsible_roles = forms.MultipleChoiceField(
        label=_("Responsible roles"), choices=ROLE_CHOICES, required=False
    )
    responsible_names = forms.CharField(
        label=_("Other responsible"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names or bodies not in the portal, one per line."),
    )

    class Meta:
        model = Activity
        fields = ["stage", "number", "title", "result", "indicator", "event"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = roadmap.stages.all()
        self.fields["responsible_users"].queryset = owner_people(roadmap.owner)
        self.fields["responsible_users"].label_from_instance = lambda user: user.full_name
        activity = self.instance
        if activity.pk:
            entries = list(activity.responsibles.all())
            self.initial.update(
                content_text="\n".join(activity.content),
                deadline=activity.deadline_text,
                responsible_users=[e.user_id for e in entries if e.user_id],
                responsible_roles=[e.role for e in entries if e.role and not e.user_id],
                responsible_names="\n".join(e.name for e in entries if not e.user_id and not e.role),
            )

    def activity_values(self) -> dict:
        data = self.cleaned_data
        values = {f: data[f] for f in ("stage", "number", "title", "result", "indicator", "event")}
        values["content"] = [line.strip() for line in data["content_text"].splitlines() if line.strip()]
        values["deadline"] = data["deadline"].strip()
        return values

    def responsible_entries(self) -> list[dict]:
        data = self.cleaned_data
        labels = dict(ROLE_CHOICES)
        entries = [{"user_id": user.pk, "text": user.short_name} for user in data["responsible_users"]]
        entries += [{"role": role, "text": str(labels[role])} for role in data["responsible_roles"]]
        entries += [{"text": line.strip()} for line in data["responsible_names"].splitlines() if line.strip()]
        return entries


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    evidence_note = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(label=_("File"), required=False)
    evidence_link = forms.CharField(
        label=_("Link to a page of the portal"),
        required=False,
        max_length=500,
        help_text=_("For example the order or the pairs board: copy the address of the page."),
    )

    def __init__(self, *args, tenant_prefix: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant_prefix = tenant_prefix

    def clean_evidence_link(self):
        link = self.cleaned_data["evidence_link"].strip()
        if not link:
            return ""
        # Accept the full address copied from the browser, keep the path of this tenant only.
        path = "/" + link.split("://", 1)[-1].split("/", 1)[-1] if "://" in link else link
        if not path.startswith(self.tenant_prefix):
            raise ValidationError(_("Give the address of a page of this portal, in this organisation."))
        return path

    def clean_evidence_file(self):
        upload = self.cleaned_data["evidence_file"]
        if upload:
            check_document(upload, max_bytes=MAX_EVIDENCE_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("status") == Activity.Status.DONE and not (
            data.get("evidence_note") or data.get("evidence_file") or data.get("evidence_link")
        ):
            raise ValidationError(_("Say what shows it is done: a note, a file or a link."))
        return data


class ActivityFilterForm(forms.Form):
    STATES = [("", _("Any status")), *Activity.Status.choices, (Activity.OVERDUE, _("Overdue"))]
    state = forms.ChoiceField(label=_("Status"), choices=STATES, required=False)
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(f"user:{u.pk}", u.full_name) for u in owner_people(owner)]
        roles = [(f"role:{code}", label) for code, label in ROLE_CHOICES]
        self.fields["responsible"].choices = [("", _("Anyone")), ("me", _("Me")), *roles, *people]
