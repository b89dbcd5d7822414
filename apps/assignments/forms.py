from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import check_document
from apps.orders.models import Order
from apps.roadmap.forms import MAX_EVIDENCE_BYTES

from .models import AssignedItem
from .selectors import assignable_activities

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        return f"{activity.number} {activity.title}".strip()[:150]


class AssignForm(forms.Form):
    activity = ActivityChoiceField(label=_("Item of the committee's roadmap"), queryset=None)
    everyone = forms.BooleanField(label=_("Every organisation of the municipality"), required=False)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Left empty: the activity's own deadline."),
    )
    note = forms.CharField(
        label=_("What the committee asks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = assignable_activities(municipality)
        self.fields["organizations"].queryset = municipality.organizations.order_by("short_name")

    def clean(self):
        data = super().clean()
        if data.get("everyone"):
            data["organizations"] = list(self.fields["organizations"].queryset)
        elif not data.get("organizations") and "organizations" not in self.errors:
            self.add_error("organizations", _("Choose at least one organisation."))
        activity = data.get("activity")
        if activity is not None and data.get("due_on") is None:
            if activity.due_on is None:
                raise ValidationError(_("The activity has no date of its own: give the deadline."))
            data["due_on"] = activity.due_on
        return data


class OrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, order):
        return f"№ {order.number} от {order.date:%d.%m.%Y} «{order.title}»"


class CloseForm(forms.Form):
    evidence_kind = forms.ChoiceField(
        label=_("What shows it is done"), choices=AssignedItem.Evidence.choices, widget=forms.RadioSelect
    )
    order = OrderChoiceField(label=_("Approved order"), queryset=None, required=False)
    title = forms.CharField(label=_("Title of the document"), required=False, max_length=500)
    number = forms.CharField(label=_("Number"), required=False, max_length=50)
    evidence_date = forms.DateField(label=_("Date of the document"), required=False, widget=DATE_WIDGET)
    url = forms.URLField(label=_("Address (link)"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(
            organization=organization, status=Order.Status.APPROVED
        ).order_by("-date", "-pk")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            check_document(upload, max_bytes=MAX_EVIDENCE_BYTES)
        return upload
