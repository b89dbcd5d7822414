"""A mentor's own pairs: the meetings they plan, log once held, and the feedback after each.

Roles say a mentor may work on pairs ("pairs.own"); django-guardian says which: only those
granted to their account when the pair was approved. Any other pair is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_objects_for_user

from apps.core.idempotency import idempotent
from apps.organizations.views_base import form_errors_text, tenant_view

from .models import WORKING_STATUSES, Meeting, MeetingPlan, Pair, PairMentee, PlanTask
from .selectors import current_members, is_inactive, meeting_plans_of, meetings_of, plans_of
from .services import development_plans, meetings

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    # Set when the meeting logged is a planned one ("Mark as held").
    meeting_plan = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "place", "online", "notes"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}


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
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating"), coerce=int, choices=[(i, i) for i in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [(p.pk, p.full_name) for p in attendees]


def own_pairs(user):
    """The pairs granted to this user, within the organisation of the request (the scope)."""
    return get_objects_for_user(
        user, "pairs.view_pair", klass=Pair.objects.select_related("programme__form", "mentor")
    )


def _own_pair(request, pair_id) -> Pair:
    # Another mentor's pair, or one of another organisation: the same 404.
    return get_object_or_404(own_pairs(request.user), pk=pair_id)


@tenant_view(permission="pairs.own")
def my_pairs(request, org_slug):
    pairs = own_pairs(request.user).prefetch_related("members__mentee")
    return render(request, "pairs/my_pairs.html", {"pairs": pairs})


@tenant_view(permission="pairs.own")
def my_pair(request, org_slug, pair_id):
    pair = _own_pair(request, pair_id)
    members = list(current_members().filter(pair=pair))
    pair_meetings = meetings_of(pair)
    attendees = [pair.mentor, *(m.mentee for m in members)]
    meeting_plans = meeting_plans_of(pair)
    # "Mark as held" (?plan=<id>) fills the meeting form from the plan: the mentor checks the
    # attendees and adds notes. A meeting held earlier than planned is logged today.
    held = next((p for p in meeting_plans if str(p.pk) == request.GET.get("plan")), None)
    today = timezone.localdate()
    initial = {"held_on": today}
    if held:
        initial = {
            "kind": held.kind,
            "held_on": min(held.planned_for, today),
            "place": held.place,
            "online": held.online,
            "meeting_plan": held.pk,
        }
    return render(
        request,
        "pairs/my_pair.html",
        {
            "pair": pair,
            "working": pair.status in WORKING_STATUSES,
            "members": members,
            "meetings": pair_meetings,
            "inactive": is_inactive(pair),
            "meeting_form": MeetingForm(initial=initial),
            "held_plan": held,
            "meeting_plans": meeting_plans,
            "plan_form": MeetingPlanForm(),
            "plans": plans_of(pair),
            "attendees": attendees,
        },
    )


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def meeting_add(request, org_slug, pair_id):
    pair = _own_pair(request, pair_id)
    form = MeetingForm(request.POST)
    members = [m.mentee for m in current_members().filter(pair=pair)]
    chosen = set(map(int, request.POST.getlist("attendees")))
    attendees = [p for p in [pair.mentor, *members] if p.pk in chosen]
    if form.is_valid():
        plan_id = form.cleaned_data.pop("meeting_plan")
        plan = get_object_or_404(MeetingPlan, pk=plan_id, pair=pair) if plan_id else None
        try:
            meetings.meeting_log(
                pair=pair, actor=request.user, attendees=attendees, plan=plan, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is logged. Now record the feedback of each attendee."))
    else:
        messages.error(request, form_errors_text(form))
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
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is planned. A reminder comes in the week before it."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.own")
def meeting_plan_cancel(request, org_slug, pair_id, meeting_plan_id):
    pair = _own_pair(request, pair_id)
    plan = get_object_or_404(MeetingPlan, pk=meeting_plan_id, pair=pair)
    try:
        meetings.meeting_plan_cancel(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The planned meeting is cancelled."))
    return redirect("pairs:my_pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.own")
@idempotent
def feedback_add(request, org_slug, pair_id, meeting_id):
    pair = _own_pair(request, pair_id)
    meeting = get_object_or_404(Meeting, pk=meeting_id, pair=pair)
    attendees = list(meeting.attendees.all())
    form = FeedbackForm(request.POST, attendees=attendees)
    if not form.is_valid():
        raise Http404
    author = next(p for p in attendees if p.pk == form.cleaned_data["author"])
    meetings.feedback_give(
        meeting=meeting,
        actor=request.user,
        author=author,
        rating=form.cleaned_data["rating"],
        comment=form.cleaned_data["comment"],
    )
    messages.success(request, _("The feedback is recorded."))
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
