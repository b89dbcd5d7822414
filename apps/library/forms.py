from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import MB, check_document
from apps.pairs.models import Pair
from apps.participants.models import Participant

from .models import FORM_CHOICES, STAGE_CHOICES, Item

MAX_FILE_BYTES = 20 * MB


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    situation = forms.CharField(
        label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    actions = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    pair = forms.ModelChoiceField(label=_("Pair (optional)"), queryset=Pair.objects.none(), required=False)
    anonymised = forms.BooleanField(
        label=_("Anonymised: the case names nobody"), required=False, initial=True
    )
    named_people = forms.ModelMultipleChoiceField(
        label=_("People the case names (each needs a consent in force)"),
        queryset=Participant.objects.none(),
        required=False,
    )
    mentoring_forms = forms.MultipleChoiceField(
        label=_("Forms of mentoring"),
        choices=FORM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stages = forms.TypedMultipleChoiceField(
        label=_("Stages"),
        choices=STAGE_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Item.Visibility.choices, initial=Item.Visibility.ORGANIZATION
    )
    published = forms.BooleanField(
        label=_("Publish in the section «Наставничество» of the website"), required=False
    )

    CASE_ONLY = ("situation", "actions", "results", "pair", "anonymised", "named_people")
    NOT_FOR_CASES = ("url", "file")

    def __init__(self, *args, kind: str, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        hidden = self.NOT_FOR_CASES if kind == Item.Kind.CASE else self.CASE_ONLY
        for name in hidden:
            del self.fields[name]
        if kind == Item.Kind.CASE:
            self.fields["description"].label = _("Summary")
            self.fields["pair"].queryset = Pair.objects.filter(organization=organization).select_related(
                "mentor", "programme"
            )
            self.fields["pair"].label_from_instance = lambda pair: (
                f"{pair.mentor.short_name} · {pair.programme.title}"
            )
            self.fields["named_people"].queryset = Participant.objects.filter(
                organization=organization
            ).order_by("last_name", "first_name")
            self.fields["named_people"].label_from_instance = lambda person: person.short_name

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_document(upload, max_bytes=MAX_FILE_BYTES)
        return upload

    @classmethod
    def initial_of(cls, item: Item) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "url": item.url,
            "situation": item.situation,
            "actions": item.actions,
            "results": item.results,
            "pair": item.pair_id,
            "anonymised": item.anonymised,
            "named_people": list(item.named_people.values_list("pk", flat=True)),
            "mentoring_forms": item.forms,
            "stages": item.stages,
            "visibility": item.visibility,
            "published": item.published,
        }

    def service_fields(self) -> dict:
        """The cleaned data as the services take it (the file and people apart)."""
        data = dict(self.cleaned_data)
        data.pop("file", None)
        data.pop("named_people", None)
        data.pop("title", None)
        data["forms"] = data.pop("mentoring_forms", [])
        return data


class SearchForm(forms.Form):
    words = forms.CharField(label=_("Words"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Item.Kind.choices], required=False
    )
    form = forms.ChoiceField(
        label=_("Form of mentoring"), choices=[("", _("All forms")), *FORM_CHOICES], required=False
    )
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        choices=[("", _("All stages")), *STAGE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
