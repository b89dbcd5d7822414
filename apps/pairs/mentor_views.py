"""A mentor's own pairs: the meetings they plan, log once held, and the feedback after each.

Roles say a mentor may work on pairs ("pairs.own"); django-guardian says which: only those
granted to their account when the pair was approved. Any other pair is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text

from .meeting_list import meetings_html
from .models import WORKING_STATUSES, Meeting, MeetingPlan, Pair, PairMentee, PlanTask, TrialDecision
from .selectors import current_members, granted_pairs, is_inactive, meeting_plans_of, meetings_of, plans_of
from .services import development_plans, meetings, pairs

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    # Set when the meeting logged is a planned one ("Mark as held").
    meeting_plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Shown once a meeting out of the sequence was refused: the person confirms it.
    confirm_order = forms.BooleanField(label=gettext_lazy("Log it anyway, out of order"), required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "place", "online", "notes"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, ask_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_confirmation:
            self.fields["confirm_order"].widget = forms.HiddenInput()


class MeetingPlanForm(forms.ModelForm):
    prefix = "plan"  # beside the meeting form on the same page: its own names and ids

    class Meta:
        model = MeetingPlan
        fields = ["kind", "planned_for", "starts_at", "place", "online", "note"]
        widgets = {
            "planned_for": DATE_INPUT,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class FeedbackForm(forms.Form):
    author = forms.TypedChoiceField(label=gettext_lazy("Whose feedback"), coerce=int)
    # No rating is preselected: the person chooses one.
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating"), coerce=int, choices=[("", "—"), *((i, i) for i in range(5, 0, -1))]
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [(p.pk, p.full_name) for p in attendees]


class TrialDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision after the trial meeting"),
        choices=TrialDecision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why another mentor"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Required when the mentee is matched again."),
    )


def trial_decision_due(pair, pair_meetings) -> bool:
    """The trial meeting is held and nobody has decided yet whether the pair goes on."""
    return (
        pair.status in WORKING_STATUSES
        and not pair.trial_decision
        and any(m.kind == Meeting.Kind.TRIAL for m in pair_meetings)
    )


def trial_decide_from_form(request, pair) -> None:
    form = TrialDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return
    try:
        pairs.pair_trial_decide(pair=pair, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return
    if form.cleaned_data["decision"] == TrialDecision.CONTINUE:
        messages.success(request, _("Recorded: the pair continues its work."))
    else:
        messages.success(
            request,
            _("Recorded: the mentee is back in the unpaired list; the next proposal avoids this mentor."),
        )


def own_pairs(user):
    """The pairs granted to this user, within the organisation of the request (the scope)."""
    return granted_pairs(user, Pair.objects.select_related("programme__form", "mentor"))


def _own_pair(request, pair_id) -> Pair:
    # Another mentor's pair, or one of another organisation: the same 404.
    return get_object_or_404(own_pairs(request.user), pk=pair_id)


@tenant_view(permission="pairs.own")
def my_pairs(request, org_slug):
    pairs = own_pairs(request.user).prefetch_related("members__mentee")
    return render(request, "pairs/my_pairs.html", {"pairs": pairs})


def meeting_form_initial(pair, pair_meetings, meeting_plans, plan_id) -> tuple[dict, MeetingPlan | None]:
    """The meeting form offers the next meeting of the sequence; "Mark as held" (?plan=<id>)
    fills it from the plan. A meeting held earlier than planned is logged today."""
    held = next((p for p in meeting_plans if str(p.pk) == plan_id), None)
    today = timezone.localdate()
    initial = {"held_on": today, "kind": meetings.next_meeting_kind(m.kind for m in pair_meetings)}
    if held:
        initial = {
            "kind": held.kind,
            "held_on": min(held.planned_for, today),
            "place": held.place,
            "online": held.online,
            "meeting_plan": held.pk,
        }
    return initial, held


def meeting_log_from_form(request, pair, *, entered_by_curator=False) -> tuple[bool, MeetingForm]:
    """Log the meeting of the form (the mentor's or the curator's); the form with its errors
    when refused, asking for confirmation when the meeting comes out of order."""
    form = MeetingForm(request.POST, ask_confirmation=True)
    members = [m.mentee for m in current_members().filter(pair=pair)]
    chosen = set(map(int, [v for v in request.POST.getlist("attendees") if v.isdigit()]))
    attendees = [p for p in [pair.mentor, *members] if p.pk in chosen]
    if not form.is_valid():
        return False, form
    values = dict(form.cleaned_data)
    plan_id = values.pop("meeting_plan")
    plan = get_object_or_404(MeetingPlan, pk=plan_id, pair=pair) if plan_id else None
    try:
        meetings.meeting_log(
            pair=pair,
            actor=request.user,
            attendees=attendees,
            plan=plan,
            entered_by_curator=entered_by_curator,
            confirm_order=values.pop("confirm_order"),
            **values,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False, form
    return True, form


def asks_confirmation(form) -> bool:
    return any(e.code == meetings.OUT_OF_ORDER for e in form.errors.as_data().get("__all__", []))


@tenant_view(permission="pairs.own")
def my_pair(request, org_slug, pair_id):
    return _my_pair_page(request, _own_pair(request, pair_id))


def _my_pair_page(request, pair, meeting_form=None, plan_form=None, status=200):
    """The mentor's pair on a phone: the planned meeting or «Log a meeting» first, the
    history after."""
    members = list(current_members().filter(pair=pair))
    pair_meetings = meetings_of(pair)
    attendees = [pair.mentor, *(m.mentee for m in members)]
    meeting_plans = meeting_plans_of(pair)
    initial, held = meeting_form_initial(pair, pair_meetings, meeting_plans, request.GET.get("plan"))
    return render(
        request,
        "pairs/my_pair.html",
        {
            "pair": pair,
            "working": pair.status in WORKING_STATUSES,
            "members": members,
            "meetings": pair_meetings,
            "meetings_html": meetings_html(
                request, pair, pair_meetings, feedback_url_name="pairs:feedback_add"
            ),
            "inactive": is_inactive(pair),
            "meeting_form": meeting_form or MeetingForm(initial=initial),
            "held_plan": held,
            "meeting_plans": meeting_plans,
            "plan_form": plan_form or MeetingPlanForm(),
            "plans": plans_of(pair),
            "attendees": attendees,
            "trial_decision_due": trial_decision_due(pair, pair_meetings),
            "decision_form": TrialDecisionForm(),
        },
        status=status,
    )


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def meeting_add(request, org_slug, pair_id):
    pair = _own_pair(request, pair_id)
    logged, form = meeting_log_from_form(request, pair)
    if not logged:
        # Shown again with what was typed and why it was refused; nothing is lost.
        return _my_pair_page(request, pair, meeting_form=form, status=200)
    messages.success(request, _("The meeting is logged. Now record the feedback of each attendee."))
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def meeting_plan_add(request, org_slug, pair_id):
    pair = _own_pair(request, pair_id)
    form = MeetingPlanForm(request.POST)
    if form.is_valid():
        try:
            meetings.meeting_plan_add(pair=pair, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not set(getattr(error, "error_dict", {})) <= set(form.fields):
                # The same plan twice (a double click): it is there, nothing typed is lost.
                messages.error(request, validation_error_text(error))
                return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is planned. A reminder comes in the week before it."))
            return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)
    # Shown again with what was typed, each error at its field.
    return _my_pair_page(request, pair, plan_form=form)


@require_POST
@tenant_view(permission="pairs.own")
def meeting_plan_cancel(request, org_slug, pair_id, meeting_plan_id):
    pair = _own_pair(request, pair_id)
    plan = get_object_or_404(MeetingPlan, pk=meeting_plan_id, pair=pair)
    try:
        meetings.meeting_plan_cancel(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(request, _("The planned meeting is cancelled."))
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


def feedback_from_form(request, pair, meeting_id, *, entered_by_curator=False) -> None:
    """Record an attendee's feedback from the form; a message says what was wrong."""
    meeting = get_object_or_404(Meeting, pk=meeting_id, pair=pair)
    attendees = list(meeting.attendees.all())
    form = FeedbackForm(request.POST, attendees=attendees)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return
    author = next(p for p in attendees if p.pk == form.cleaned_data["author"])
    meetings.feedback_give(
        meeting=meeting,
        actor=request.user,
        author=author,
        rating=form.cleaned_data["rating"],
        comment=form.cleaned_data["comment"],
        entered_by_curator=entered_by_curator,
    )
    messages.success(request, _("The feedback is recorded."))


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def feedback_add(request, org_slug, pair_id, meeting_id):
    pair = _own_pair(request, pair_id)
    feedback_from_form(request, pair, meeting_id)
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.own")
def trial_decision(request, org_slug, pair_id):
    pair = _own_pair(request, pair_id)
    trial_decide_from_form(request, pair)
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


class PlanTaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Task"), max_length=255)
    due_on = forms.DateField(label=gettext_lazy("Due on"), required=False, widget=DATE_INPUT)


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def plan_edit(request, org_slug, pair_id, member_id):
    """The mentee's individual development plan: its goals, or a new task."""
    pair = _own_pair(request, pair_id)
    member = get_object_or_404(PairMentee, pk=member_id, pair=pair, left_at__isnull=True)
    if "goals" in request.POST:
        development_plans.plan_set_goals(
            member=member, actor=request.user, goals=request.POST["goals"].strip()
        )
    else:
        form = PlanTaskForm(request.POST)
        if form.is_valid():
            development_plans.plan_task_add(member=member, actor=request.user, **form.cleaned_data)
        else:
            messages.error(request, form_errors_text(form))
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.own")
def plan_task_toggle(request, org_slug, pair_id, task_id):
    pair = _own_pair(request, pair_id)
    task = get_object_or_404(PlanTask, pk=task_id, plan__member__pair=pair)
    development_plans.plan_task_toggle(task=task, actor=request.user)
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)
