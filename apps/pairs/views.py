from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent
from apps.core.links import address_of_each
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import (
    filters_from_session,
    filters_store,
    form_errors_text,
    tenant_view,
    validation_error_text,
)
from apps.participants.models import Participant

from . import mentor_views, programme_rows
from .cards import pair_card, pair_cards
from .forms import (
    BOARD_COLUMNS,
    BoardFilterForm,
    EnrollForm,
    EnrollmentForm,
    MentoringFormForm,
    ProgrammeForm,
    ReasonForm,
    TrainingSessionForm,
)
from .meeting_list import meetings_html
from .models import (
    WORKING_STATUSES,
    Enrollment,
    MentoringForm,
    Pair,
    PairMentee,
    Preference,
    Programme,
    TrainingSession,
)
from .selectors import (
    ENROL_CANDIDATES_SHOWN,
    board,
    consent_ok_by_participant,
    current_members,
    enrol_candidates,
    is_inactive,
    meeting_plans_of,
    meetings_of,
    pair_history,
    plans_of,
    programmes_overview,
    unpaired,
)
from .services import enrollments, matching_runs, pairs, preferences, programmes, training


@tenant_view(permission="pairs.view")
def programme_list(request, org_slug):
    programmes = programmes_overview(organization=request.organization)
    return render(request, "pairs/programme_list.html", {"programmes": programmes})


@tenant_view(permission="pairs.manage")
@idempotent
def programme_create(request, org_slug):
    if not MentoringForm.objects.filter(organization=request.organization).exists():
        programmes.forms_create_standard(organization=request.organization)
    form = ProgrammeForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        programme = programmes.programme_create(
            organization=request.organization, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The programme is created. Enrol its mentors and mentees."))
        return redirect("pairs:programme", org_slug=org_slug, programme_id=programme.pk)
    return render(request, "pairs/programme_form.html", {"form": form})


def _programme(programme_id):
    return get_object_or_404(Programme.objects.select_related("form", "curator"), pk=programme_id)


@tenant_view(permission="pairs.view")
def programme_detail(request, org_slug, programme_id):
    """Who takes part: mentors (selection, training, places) and mentees."""
    programme = _programme(programme_id)
    enrollments = list(programme.enrollments.select_related("participant").order_by("participant__last_name"))
    consent_ok = consent_ok_by_participant(e.participant_id for e in enrollments)
    # Each row's addresses and consent state computed here, not by tags per row (160 rows).
    where = {"org_slug": org_slug, "programme_id": programme.pk}
    survey_of = address_of_each("pairs:survey", by="participant_id", **where)
    edit_of = address_of_each("pairs:enrollment", by="enrollment_id", **where)
    for enrollment in enrollments:
        enrollment.consent_ok = consent_ok.get(enrollment.participant_id, False)
        enrollment.survey_url = survey_of(enrollment.participant_id)
        enrollment.edit_url = edit_of(enrollment.pk)
    editable = request_has_permission(request, "pairs.manage")
    mentors = [e for e in enrollments if e.side == Enrollment.Side.MENTOR]
    mentees = [e for e in enrollments if e.side == Enrollment.Side.MENTEE]
    context = {
        "programme": programme,
        "mentors": mentors,
        "mentees": mentees,
        "mentor_rows": programme_rows.mentor_rows(
            mentors,
            editable=editable,
            selection_choices=Enrollment.Selection.choices,
            csrf_token=get_token(request),
        ),
        "mentee_rows": programme_rows.mentee_rows(mentees, editable=editable),
    }
    if editable:
        # The first people found (by `find`, a name), not the whole base: the page stays small.
        find = request.GET.get("find", "").strip()[:100]
        candidates = enrol_candidates(programme=programme, find=find)
        shown = list(candidates[:ENROL_CANDIDATES_SHOWN])
        context |= {
            "enroll_form": EnrollForm(programme=programme),
            "find": find,
            "candidates": shown,
            "candidate_rows": programme_rows.candidate_rows(shown),
            "candidates_total": candidates.count(),
        }
    return render(request, "pairs/programme_detail.html", context)


@require_POST
@tenant_view(permission="pairs.manage")
@idempotent
def programme_enroll(request, org_slug, programme_id):
    programme = _programme(programme_id)
    form = EnrollForm(request.POST, programme=programme)
    if form.is_valid():
        for participant in form.cleaned_data["participants"]:
            enrollments.enrollment_add(
                programme=programme,
                actor=request.user,
                participant=participant,
                side=form.cleaned_data["side"],
            )
        messages.success(request, _("The participants are enrolled."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("pairs:programme", org_slug=org_slug, programme_id=programme.pk)


@require_POST
@tenant_view(permission="pairs.manage")
def enrollment_edit(request, org_slug, programme_id, enrollment_id):
    """Selection after the interview, training, places: one row of the programme's table."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("participant"), pk=enrollment_id, programme_id=programme_id
    )
    form = EnrollmentForm(request.POST, instance=Enrollment.objects.get(pk=enrollment.pk))
    if form.is_valid():
        enrollments.enrollment_update(enrollment=enrollment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The changes are saved."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("pairs:programme", org_slug=org_slug, programme_id=programme_id)


@require_POST
@tenant_view(permission="pairs.manage")
def programme_match(request, org_slug, programme_id):
    """«Suggest pairs»: the optimal assignment for the whole programme."""
    programme = _programme(programme_id)
    proposed = matching_runs.matching_run(programme=programme, actor=request.user)
    messages.success(
        request,
        _("%(count)d pairs and groups are proposed. Check them on the board.") % {"count": len(proposed)},
    )
    filters_store(request, key=f"board:{org_slug}", data={"programme": str(programme.pk)})
    return redirect("pairs:board", org_slug=org_slug)


@tenant_view(permission="pairs.view")
def pair_board(request, org_slug):
    """The curator's board: pairs and groups by status, the unpaired beside them."""
    filters, redirect_after_post = filters_from_session(
        request,
        lambda data=None: BoardFilterForm(data, organization=request.organization),
        key=f"board:{org_slug}",
    )
    if redirect_after_post:
        return redirect_after_post
    criteria = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    counts, cards = board(
        organization=request.organization, statuses=BOARD_COLUMNS, per_column=CARDS_PER_COLUMN, **criteria
    )
    waiting = list(unpaired(organization=request.organization, **criteria))
    _prepare_cards(cards, org_slug)
    can_manage = request_has_permission(request, "pairs.manage")
    columns = []
    for status, label in Pair.Status.choices:
        if status in BOARD_COLUMNS:
            shown = [p for p in cards if p.status == status]
            html = pair_cards(shown, can_manage=can_manage)
            columns.append((status, label, shown, html, counts.get(status, 0)))
    return render(request, "pairs/board.html", {"columns": columns, "unpaired": waiting, "filters": filters})


# A column shows this many cards; a narrower filter shows the rest. Rendering the cards is most
# of the board's time (docs/PERFORMANCE.md): 5 columns of 24 at most.
CARDS_PER_COLUMN = 24


def _prepare_cards(cards, org_slug) -> None:
    """What each card shows, computed once in Python rather than by tags and filters per card:
    its address (one `reverse` for all), whether each person's consents are on file, the
    compatibility as a whole number."""
    consent_ok = consent_ok_by_participant(
        [p.mentor_id for p in cards] + [m.mentee_id for p in cards for m in p.current_members]
    )
    address = address_of_each("pairs:pair", by="pair_id", org_slug=org_slug)
    for pair in cards:
        pair.url = address(pair.pk)
        pair.mentor_consent_ok = consent_ok.get(pair.mentor_id, False)
        for member in pair.current_members:
            member.consent_ok = consent_ok.get(member.mentee_id, False)
            member.points = round(member.score)


def _pair(pair_id):
    return get_object_or_404(
        Pair.objects.select_related("mentor", "programme__form").prefetch_related(
            Prefetch("members", queryset=current_members(), to_attr="current_members")
        ),
        pk=pair_id,
    )


@tenant_view(permission="pairs.view")
def pair_detail(request, org_slug, pair_id):
    return _pair_page(request, _pair(pair_id))


def _pair_page(request, pair, meeting_form=None):
    meetings = meetings_of(pair)
    other_mentors = [
        e.participant
        for e in pair.programme.enrollments.filter(side=Enrollment.Side.MENTOR)
        .exclude(participant=pair.mentor_id)
        .select_related("participant")
    ]
    meeting_plans = meeting_plans_of(pair)
    initial, held = mentor_views.meeting_form_initial(pair, meetings, meeting_plans, request.GET.get("plan"))
    return render(
        request,
        "pairs/pair_detail.html",
        {
            "pair": pair,
            "working": pair.status in WORKING_STATUSES,
            "meetings": meetings,
            "meetings_html": meetings_html(
                request,
                pair,
                meetings,
                feedback_url_name="pairs:pair_feedback_add"
                if request_has_permission(request, "pairs.manage")
                else None,
            ),
            "meeting_plans": meeting_plans,
            "plans": plans_of(pair),
            "other_mentors": other_mentors,
            "inactive": is_inactive(pair),
            "history": pair_history(pair=pair)[:50],
            "missing_consents": pairs.missing_consents(pair=pair),
            "reason_form": ReasonForm(),
            "meeting_form": meeting_form or mentor_views.MeetingForm(initial=initial),
            "held_plan": held,
            "attendees": [pair.mentor, *(m.mentee for m in pair.current_members)],
            "trial_decision_due": mentor_views.trial_decision_due(pair, meetings),
            # Couples the next matching avoids (a rematch, a dissolution) until allowed again.
            "avoided": list(
                pair.members.filter(mentor_allowed_again=False)
                .filter(Q(rematch=True) | Q(pair__status=Pair.Status.DISSOLVED))
                .select_related("mentee")
            ),
            "decision_form": mentor_views.TrialDecisionForm(),
        },
    )


@require_POST
@tenant_view(permission="pairs.manage")
@idempotent
def pair_meeting_add(request, org_slug, pair_id):
    """The curator logs a meeting for the mentor (one without an account, say): marked so."""
    pair = _pair(pair_id)
    logged, form = mentor_views.meeting_log_from_form(request, pair, entered_by_curator=True)
    if not logged:
        return _pair_page(request, pair, meeting_form=form)
    messages.success(request, _("The meeting is logged. Now record the feedback of each attendee."))
    return redirect("pairs:pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.manage")
@idempotent
def pair_feedback_add(request, org_slug, pair_id, meeting_id):
    pair = _pair(pair_id)
    mentor_views.feedback_from_form(request, pair, meeting_id, entered_by_curator=True)
    return redirect("pairs:pair", org_slug=org_slug, pair_id=pair.pk)


@require_POST
@tenant_view(permission="pairs.manage")
def pair_trial_decision(request, org_slug, pair_id):
    pair = _pair(pair_id)
    mentor_views.trial_decide_from_form(request, pair)
    return redirect("pairs:pair", org_slug=org_slug, pair_id=pair.pk)


ACTIONS = {
    "approve": pairs.pair_approve,
    "reject": pairs.pair_reject,
    "lock": pairs.pair_toggle_lock,
    "activate": pairs.pair_activate,
    "complete": pairs.pair_complete,
}


@require_POST
@tenant_view(permission="pairs.manage")
def pair_action(request, org_slug, pair_id, action):
    """A quick action of the board. With htmx the pair's card is swapped in place."""
    pair = _pair(pair_id)
    error = None
    if action == "dissolve":
        form = ReasonForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say why the pair is dissolved."))
            pairs.pair_dissolve(pair=pair, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            error = validation_error_text(exc)
    elif action in ACTIONS:
        try:
            ACTIONS[action](pair=pair, actor=request.user)
        except ValidationError as exc:
            error = validation_error_text(exc)
    else:
        raise Http404
    if not request.htmx:
        if error:
            messages.error(request, error)
        if action == "reject" and not error:
            return redirect("pairs:board", org_slug=org_slug)
        return redirect("pairs:pair", org_slug=org_slug, pair_id=pair.pk)
    if action == "reject" and not error:
        return HttpResponse("")  # the card leaves the board
    pair = _pair(pair_id)
    _prepare_cards([pair], org_slug)
    return HttpResponse(pair_card(pair, can_manage=True, error=error or ""))


@require_POST
@tenant_view(permission="pairs.manage")
def mentee_rematch(request, org_slug, pair_id, member_id):
    """After the trial meeting: this mentee needs another mentor."""
    member = get_object_or_404(
        PairMentee.objects.select_related("pair__programme"), pk=member_id, pair_id=pair_id
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        pairs.mentee_rematch(member=member, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The mentee is back in the unpaired list; the next proposal avoids this mentor.")
        )
    else:
        messages.error(request, _("Say why the mentee needs another mentor."))
    return redirect("pairs:pair", org_slug=org_slug, pair_id=pair_id)


@require_POST
@tenant_view(permission="pairs.manage")
def mentor_allow_again(request, org_slug, pair_id, member_id):
    """Lift the exclusion of a rematch or a dissolution: the mentor may be proposed again."""
    member = get_object_or_404(PairMentee.objects.select_related("pair"), pk=member_id, pair_id=pair_id)
    pairs.mentee_allow_mentor_again(member=member, actor=request.user)
    messages.success(request, _("The next matching may propose this mentor for the mentee again."))
    return redirect("pairs:pair", org_slug=org_slug, pair_id=pair_id)


@tenant_view(permission="pairs.manage")
@idempotent
def programme_training(request, org_slug, programme_id):
    """«Школа наставников»: its sessions and who attended each; attending all trains a mentor."""
    programme = _programme(programme_id)
    if request.method == "POST":
        if "add_session" in request.POST:
            form = TrainingSessionForm(request.POST)
            if form.is_valid():
                training.training_session_add(programme=programme, actor=request.user, **form.cleaned_data)
            else:
                messages.error(request, form_errors_text(form))
        else:
            session = get_object_or_404(TrainingSession, pk=request.POST.get("session"), programme=programme)
            present = [int(pk) for pk in request.POST.getlist("present") if pk.isdigit()]
            training.training_attendance_set(session=session, actor=request.user, present_ids=present)
            messages.success(request, _("The attendance is saved."))
        return redirect("pairs:training", org_slug=org_slug, programme_id=programme.pk)
    sessions = list(programme.training_sessions.prefetch_related("attendees"))
    mentors = list(
        programme.enrollments.filter(side=Enrollment.Side.MENTOR)
        .select_related("participant")
        .order_by("participant__last_name")
    )
    attended = {s.pk: {a.pk for a in s.attendees.all()} for s in sessions}
    return render(
        request,
        "pairs/training.html",
        {
            "programme": programme,
            "sessions": sessions,
            "mentors": mentors,
            "attended": attended,
            "form": TrainingSessionForm(),
        },
    )


@tenant_view(permission="pairs.manage")
def programme_survey(request, org_slug, programme_id, participant_id):
    """The survey after the group meeting, as the curator records it: up to five people of
    the other side, best first."""
    programme = _programme(programme_id)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("participant"), programme=programme, participant_id=participant_id
    )
    other = Enrollment.Side.MENTEE if enrollment.side == Enrollment.Side.MENTOR else Enrollment.Side.MENTOR
    candidates = [
        e.participant
        for e in programme.enrollments.filter(side=other)
        .select_related("participant")
        .order_by("participant__last_name")
    ]
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("rank") if v.isdigit()]
        try:
            preferences.preferences_set(
                programme=programme, actor=request.user, chooser=enrollment.participant, chosen_ids=chosen
            )
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("The preferences are saved."))
            return redirect("pairs:programme", org_slug=org_slug, programme_id=programme.pk)
    current = list(
        Preference.objects.filter(programme=programme, chooser=enrollment.participant)
        .order_by("rank")
        .values_list("chosen_id", flat=True)
    )
    ranks = [(rank, current[rank - 1] if rank <= len(current) else None) for rank in range(1, 6)]
    return render(
        request,
        "pairs/survey.html",
        {"programme": programme, "enrollment": enrollment, "candidates": candidates, "ranks": ranks},
    )


@require_POST
@tenant_view(permission="pairs.manage")
def mentee_move(request, org_slug, pair_id, member_id):
    """Edit a proposal: move a mentee to another mentor of the programme."""
    member = get_object_or_404(
        PairMentee.objects.select_related("pair__programme"), pk=member_id, pair_id=pair_id
    )
    mentor = get_object_or_404(Participant, pk=request.POST.get("mentor") or 0)
    try:
        member = pairs.mentee_move(member=member, actor=request.user, mentor=mentor)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return redirect("pairs:pair", org_slug=org_slug, pair_id=pair_id)
    messages.success(request, _("The mentee is moved."))
    return redirect("pairs:pair", org_slug=org_slug, pair_id=member.pair_id)


@tenant_view(permission="pairs.manage")
@idempotent
def mentoring_forms(request, org_slug):
    """The forms of mentoring: the five standard ones, and the organisation's own."""
    programmes.forms_create_standard(organization=request.organization)
    form = MentoringFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.form_add(
                organization=request.organization, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("The form of mentoring is added."))
            return redirect("pairs:forms", org_slug=org_slug)
    forms_of_mentoring = MentoringForm.objects.filter(organization=request.organization)
    return render(request, "pairs/forms.html", {"form": form, "forms_of_mentoring": forms_of_mentoring})
