import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.text import in_quotes
from apps.core.uploads import check_document
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.pairs.models import Pair, Programme, TrainingSession
from apps.roadmap.models import Roadmap

from .models import Kind, NumberingScheme, OrderTemplate

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# The fields each kind of order asks for when it is drafted.
FIELDS_BY_KIND = {
    Kind.PAIRS: ["programme"],
    Kind.MENTOR_SCHOOL: ["programme"],
    Kind.CURATOR: ["curator", "curator_position"],
    Kind.ROADMAP: ["roadmap"],
    Kind.REWARD: ["people"],
    Kind.FINAL_EVENT: ["event_date", "event_place"],
}


# «Смирнова Л.М. — наставник» as typed: an em or en dash (Word's), a hyphen between spaces, or
# one right after the initials; a double surname's hyphen («Петрова-Водкина») is no separator.
NAME_AND_ROLE = re.compile(r"\s*[—–]\s*|\s+-\s+|(?<=\.)-\s*")


class OrderDraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Order"), choices=Kind.choices, widget=forms.HiddenInput)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    curator = forms.ModelChoiceField(label=_("Curator"), queryset=get_user_model().objects.none())
    curator_position = forms.CharField(
        label=_("Curator's position"), max_length=255, initial="заместитель директора"
    )
    roadmap = forms.ModelChoiceField(label=_("Roadmap"), queryset=Roadmap.objects.none())
    people = forms.CharField(
        label=_("People to reward"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: «Surname Name Patronymic — role», e.g. «Смирнова Л.М. — наставник»."),
    )
    event_date = forms.CharField(label=_("Date of the event"), max_length=100)
    event_place = forms.CharField(label=_("Place"), max_length=255)
    kept_fields: set = set()  # a subclass's own fields, which the kind does not filter

    def __init__(self, *args, organization, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        wanted = set(FIELDS_BY_KIND.get(kind, [])) | {"kind"} | self.kept_fields
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "programme" in self.fields:
            self.fields["programme"].queryset = Programme.objects.filter(organization=organization)
        if "curator" in self.fields:
            members = Membership.objects.filter(organization=organization, is_active=True)
            self.fields["curator"].queryset = get_user_model().objects.filter(
                pk__in=members.filter(role__in=[Role.CURATOR, Role.DIRECTOR, Role.STAFF]).values("user")
            )
            self.fields["curator"].label_from_instance = lambda user: user.full_name
        if "roadmap" in self.fields:
            self.fields["roadmap"].queryset = Roadmap.objects.filter(organization=organization)

    def clean_people(self):
        people = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = NAME_AND_ROLE.split(line.strip(), maxsplit=1)
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                raise ValidationError(
                    _("Line %(number)d: write the role after a dash, e.g. «Смирнова Л.М. — наставник».")
                    % {"number": number}
                )
            people.append({"name": parts[0].strip(), "role": parts[1].strip()})
        if not people:
            raise ValidationError(_("Name at least one person."))
        return people

    def draft_arguments(self) -> dict:
        data = self.cleaned_data
        details = {
            key: data[key]
            for key in ("curator_position", "people", "event_date", "event_place")
            if key in data
        }
        return {
            "programme": data.get("programme"),
            "curator": data.get("curator"),
            "roadmap": data.get("roadmap"),
            "details": details,
        }


class PairChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pair):
        mentees = ", ".join(
            member.mentee.short_name for member in pair.members.all() if member.left_at is None
        )
        return f"{pair.mentor.short_name} — {mentees or '…'} ({pair.programme.title})"


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        return f"{session.held_on:%d.%m.%Y} — {session.topic} ({session.programme.title})"


class OrderRegenerateForm(OrderDraftForm):
    """Writing a draft again asks what it is about: the drafting fields of its kind, prefilled
    from the order, and for the pairs order its pairs, for «Школа наставников» its sessions.
    Pairs and sessions must belong to the chosen programme."""

    pairs = PairChoiceField(
        label=_("Pairs and groups the order approves"),
        queryset=Pair.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = SessionChoiceField(
        label=_("Sessions of the schedule"),
        queryset=TrainingSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kept_fields = {"pairs", "sessions"}

    def __init__(self, *args, order, **kwargs):
        from .services import order_sessions

        details = order.details
        initial = {
            "programme": order.programme_id,
            "curator": order.curator_id,
            "roadmap": order.roadmap_id,
            "pairs": list(order.pairs.values_list("pk", flat=True)),
            "sessions": list(order_sessions(order).values_list("pk", flat=True)),
            "people": "\n".join(f"{p['name']} — {p['role']}" for p in details.get("people", [])),
            **{
                key: details[key]
                for key in ("curator_position", "event_date", "event_place")
                if key in details
            },
        }
        super().__init__(*args, organization=order.organization, kind=order.kind, initial=initial, **kwargs)
        self.order = order
        del self.fields["kind"]  # the order's own
        if order.kind != Kind.PAIRS:
            del self.fields["pairs"]
        else:
            self.fields["pairs"].queryset = (
                Pair.objects.filter(
                    organization=order.organization, status__in=[Pair.Status.PROPOSED, Pair.Status.APPROVED]
                )
                .select_related("mentor", "programme")
                .prefetch_related("members__mentee")
                .order_by("programme__title", "mentor__last_name", "pk")
            )
        if order.kind != Kind.MENTOR_SCHOOL:
            del self.fields["sessions"]
        else:
            self.fields["sessions"].queryset = TrainingSession.objects.filter(
                organization=order.organization
            ).select_related("programme")
            self.fields["sessions"].help_text = _(
                "Sessions are added on the programme's page («Школа наставников»)."
            )

    def clean(self):
        data = super().clean()
        programme = data.get("programme")
        if programme is None:
            return data
        for name in ("pairs", "sessions"):
            others = [item for item in data.get(name) or [] if item.programme_id != programme.pk]
            if others:
                self.add_error(
                    name,
                    _("Choose only those of the programme %(programme)s.")
                    % {"programme": in_quotes(programme.title)},
                )
        return data

    def regenerate_arguments(self) -> dict:
        arguments = self.draft_arguments()
        arguments = {key: value for key, value in arguments.items() if value not in (None, {})}
        if "pairs" in self.fields:
            arguments["pairs"] = list(self.cleaned_data["pairs"])
        if "sessions" in self.fields:
            arguments["sessions"] = list(self.cleaned_data["sessions"])
        return arguments


class OrderEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text=_(
            "Paragraphs, numbered and bulleted lists and tables are kept; anything else (colours, "
            "fonts, pictures) is removed when the order is saved."
        ),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload, max_bytes=MAX_ATTACHMENT_BYTES)
        return upload


class OrderTemplateForm(forms.ModelForm):
    class Meta:
        model = OrderTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "class": "font-monospace"})}
        help_texts = {
            "body": _(
                "The portal's data goes where the text names it in double curly braces "
                "(organization.short_name, year, curator.full_name…), and lists such as the pairs "
                "are written with for … endfor: start from the portal's wording."
            )
        }


class NumberingForm(forms.ModelForm):
    class Meta:
        model = NumberingScheme
        fields = ["pattern", "last_number"]

    def clean_pattern(self):
        pattern = self.cleaned_data["pattern"]
        if pattern.count("{n}") != 1:
            raise ValidationError(_("The pattern must hold {n} once, where the number goes."))
        return pattern
