from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.academic_year import current_academic_year
from apps.core.uploads import check_document
from apps.organizations.models import Organization
from apps.pairs.models import Pair, Programme
from apps.participants.models import Consent, Participant, ProgrammeRole, Status
from apps.roadmap.forms import owner_people
from apps.roadmap.models import Activity
from apps.roadmap.selectors import owner_roadmaps

from .models import Event, Invitation, LetterBatch, Nomination

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_FILE_BYTES = 10 * 1024 * 1024


def _file_checked(upload):
    if upload:
        check_document(upload, max_bytes=MAX_FILE_BYTES)
    return upload


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"), queryset=Programme.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Programme of the event, description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    parents_count = forms.IntegerField(
        label=_("Parents invited (a count)"), min_value=0, initial=0, required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Evidence of the roadmap activity"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(owner, Organization):
            self.fields["programmes"].queryset = Programme.objects.order_by("-academic_year", "title")
        else:
            del self.fields["programmes"]
            del self.fields["parents_count"]
        roadmaps = owner_roadmaps(owner).values("pk")
        self.fields["activity"].queryset = (
            Activity.objects.filter(roadmap__in=roadmaps)
            .exclude(status=Activity.Status.DONE)
            .order_by("roadmap__academic_year", "stage__position", "position")
        )
        self.fields["activity"].label_from_instance = lambda a: str(a)[:120]

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("online_link")):
            raise forms.ValidationError(_("Give the place or the online link."))
        return data


class InviteForm(forms.Form):
    via = forms.ChoiceField(label=_("Invite"), choices=Invitation.Via.choices)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Persons of the base"), queryset=Participant.objects.none(), required=False
    )
    users = forms.ModelMultipleChoiceField(label=_("Team members"), queryset=None, required=False)
    names = forms.CharField(
        label=_("Guests by name, one a line"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Partners' representatives and other guests without an account get a printable invitation."
        ),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = owner_people(owner)
        self.fields["users"].label_from_instance = lambda u: u.short_name
        if isinstance(owner, Organization):
            self.fields["programme"].queryset = Programme.objects.order_by("-academic_year", "title")
            self.fields["participants"].queryset = Participant.objects.exclude(status=Status.LEFT).order_by(
                "last_name", "first_name"
            )
            self.fields["participants"].label_from_instance = lambda p: p.short_name
        else:
            self.fields["via"].choices = [
                (Invitation.Via.PERSON, Invitation.Via.PERSON.label),
                (Invitation.Via.TEAM, Invitation.Via.TEAM.label),
                (Invitation.Via.CURATORS, Invitation.Via.CURATORS.label),
            ]
            del self.fields["programme"]
            del self.fields["participants"]

    def clean(self):
        data = super().clean()
        via = data.get("via")
        if via in (
            Invitation.Via.PROGRAMME,
            Invitation.Via.MENTORS,
            Invitation.Via.MENTEES,
            Invitation.Via.PAIRS,
        ):
            if not data.get("programme"):
                raise forms.ValidationError(_("Choose the programme whose people are invited."))
        elif via in (Invitation.Via.PERSON, Invitation.Via.TEAM) and not (
            data.get("participants") or data.get("users") or data.get("names", "").strip()
        ):
            raise forms.ValidationError(_("Choose whom to invite."))
        return data


class HoldForm(forms.Form):
    parents_attended = forms.IntegerField(label=_("Parents attended"), min_value=0, initial=0, required=False)
    result_note = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")

    def clean_file(self):
        return _file_checked(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not (data.get("file") or data.get("url")):
            raise forms.ValidationError(_("Attach a file or give a link."))
        return data


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Academic year"), min_value=2020, max_value=2100)
    nominations = forms.MultipleChoiceField(
        label=_("Nominations"), choices=Nomination.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    own_nominations = forms.CharField(
        label=_("Own nominations, one a line"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    criteria = forms.CharField(
        label=_("Criteria, one a line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Результаты наставляемых\nКачество индивидуальных планов и встреч\nРаспространение опыта",
    )
    jury = forms.ModelMultipleChoiceField(label=_("Jury"), queryset=None)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jury"].queryset = owner_people(owner)
        self.fields["jury"].label_from_instance = lambda u: u.short_name
        self.fields["year"].initial = current_academic_year()
        municipal = not isinstance(owner, Organization)
        self.fields["nominations"].choices = [
            (kind, label)
            for kind, label in Nomination.Kind.choices
            if kind != Nomination.Kind.OWN and (municipal or kind != Nomination.Kind.BEST_MUNICIPAL_MENTOR)
        ]
        self.fields["nominations"].required = False

    def nomination_list(self) -> list[tuple[str, str]]:
        chosen = [
            (kind, str(Nomination.Kind(kind).label).strip("«»")) for kind in self.cleaned_data["nominations"]
        ]
        own = [
            (Nomination.Kind.OWN, line.strip()) for line in self.cleaned_data["own_nominations"].splitlines()
        ]
        return chosen + [item for item in own if item[1]]

    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["criteria"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if "nominations" in data and "own_nominations" in data and not self.nomination_list():
            raise forms.ValidationError(_("Add at least one nomination."))
        if "criteria" in data and not self.criteria_list():
            raise forms.ValidationError(_("Name at least one criterion."))
        return data


class ProposeForm(forms.Form):
    # A municipal contest's nominations are the committee's rows, outside the organisation's
    # scope: the view reads them and the form picks one by its id.
    nomination = forms.TypedChoiceField(label=_("Nomination"), coerce=int)
    participant = forms.ModelChoiceField(
        label=_("Mentor"), queryset=Participant.objects.none(), required=False
    )
    pair = forms.ModelChoiceField(label=_("Pair or group"), queryset=Pair.objects.none(), required=False)
    text = forms.CharField(label=_("Why (achievements)"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("File (portfolio)"), required=False)
    representative_name = forms.CharField(
        label=_("Legal representative (for a minor)"), max_length=255, required=False
    )
    representative_relation = forms.ChoiceField(
        label=_("Relation"), choices=[("", "—"), *Consent.Relation.choices], required=False
    )
    consent_signed_on = forms.DateField(label=_("Consent signed on"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, contest, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = {nomination.pk: nomination for nomination in nominations}
        self.fields["nomination"].choices = [(pk, n.title) for pk, n in self.nominations.items()]
        self.fields["participant"].queryset = (
            Participant.objects.filter(programme_role__in=[ProgrammeRole.MENTOR, ProgrammeRole.BOTH])
            .exclude(status=Status.LEFT)
            .order_by("last_name", "first_name")
        )
        self.fields["participant"].label_from_instance = lambda p: p.full_name
        self.fields["pair"].queryset = Pair.objects.filter(
            status__in=[Pair.Status.ACTIVE, Pair.Status.COMPLETED, Pair.Status.APPROVED]
        ).select_related("mentor", "programme")
        self.fields["pair"].label_from_instance = lambda p: f"{p.mentor.short_name} · {p.programme}"

    def clean_nomination(self):
        return self.nominations[self.cleaned_data["nomination"]]

    def clean_file(self):
        return _file_checked(self.cleaned_data.get("file"))


class LettersForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LetterBatch.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    issued_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200)
    programme = forms.ModelChoiceField(
        label=_("All mentors of a programme"), queryset=Programme.objects.none(), required=False
    )
    merit = forms.CharField(
        label=_("Merit (for the programme's mentors)"),
        max_length=500,
        required=False,
        initial="за активное участие в реализации программы наставничества",
    )
    people = forms.CharField(
        label=_("Or people, one a line: «Name; merit»"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
        if isinstance(owner, Organization):
            self.fields["programme"].queryset = Programme.objects.order_by("-academic_year", "title")
            self.fields["signer_position"].initial = "Директор"
            self.fields["signer_name"].initial = owner.director_name
        else:
            del self.fields["programme"]
            del self.fields["merit"]
            self.fields["signer_position"].initial = "Председатель"
            self.fields["signer_name"].initial = owner.chair_name

    def people_list(self) -> list[tuple[str, str]]:
        people = []
        for line in self.cleaned_data.get("people", "").splitlines():
            name, _sep, merit = line.partition(";")
            if name.strip():
                people.append((name.strip(), merit.strip()))
        return people

    def clean(self):
        data = super().clean()
        if not (data.get("programme") or self.people_list()):
            raise forms.ValidationError(_("Choose a programme or list the people."))
        if any(not merit for _name, merit in self.people_list()):
            raise forms.ValidationError(_("Write the merit after a semicolon on every line."))
        return data


class ContestLettersForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=LetterBatch.Kind.choices, initial=LetterBatch.Kind.DIPLOMA
    )
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200)
