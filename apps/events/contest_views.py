"""Contest and letter pages, mounted with the events' (organisation and committee).

A committee's contest page shows each nominee's name and nomination only; an organisation
looking at its municipality's contest sees and proposes its own nominees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.documents.services import latest_document
from apps.organizations.models import Organization
from apps.organizations.scoping import owner_of, request_has_permission, tenant_url
from apps.organizations.views_base import form_errors_text, tenant_view, validation_error_text

from . import selectors
from .documents import BOOKLET_KIND, ZIP_KIND
from .forms import ContestForm, ContestLettersForm, LettersForm, ProposeForm
from .models import Contest, Nominee
from .services import contests as services
from .services import letters as letter_services


def _is_owner(contest: Contest, owner) -> bool:
    if isinstance(owner, Organization):
        return contest.organization_id == owner.pk
    return contest.organization_id is None and contest.municipality_id == owner.pk


@tenant_view(permission="contests.view")
def contest_list(request, **tenant):
    owner = owner_of(request)
    return render(
        request,
        "events/contest_list.html",
        {
            "contests": selectors.owner_contests(owner),
            "can_manage": request_has_permission(request, "contests.manage"),
        },
    )


@tenant_view(permission="contests.manage")
@idempotent
def contest_create(request, **tenant):
    owner = owner_of(request)
    form = ContestForm(request.POST or None, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(
                owner=owner,
                actor=request.user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                nominations=form.nomination_list(),
                criteria=form.criteria_list(),
                jury=list(form.cleaned_data["jury"]),
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The contest is open for nominations."))
            return redirect(tenant_url(owner, "events:contest", contest_id=contest.pk))
    return render(request, "events/contest_form.html", {"form": form})


@tenant_view(permission="contests.view")
def contest_detail(request, contest_id, **tenant):
    owner = owner_of(request)
    contest = selectors.contest_for(owner, contest_id)
    is_owner = _is_owner(contest, owner)
    state = selectors.scoring_state(contest) if is_owner else None
    letters = list(selectors.owner_letter_batches(owner).filter(contest=contest)) if is_owner else []
    return render(
        request,
        "events/contest_detail.html",
        {
            "contest": contest,
            "nominations": list(contest.nominations.all()) if is_owner else list(_nominations(contest)),
            "nominees": selectors.contest_nominees(contest, owner),
            "state": state,
            "is_owner": is_owner,
            # The committee reads names and nominations only, never the texts or files.
            "personal": isinstance(owner, Organization),
            "jury": list(contest.jury.all()),
            "is_juror": contest.jury.filter(pk=request.user.pk).exists(),
            "can_manage": is_owner and request_has_permission(request, "contests.manage"),
            "can_propose": request.organization is not None
            and request_has_permission(request, "contests.propose")
            and contest.stage == Contest.Stage.NOMINATIONS,
            "can_issue": is_owner and request_has_permission(request, "letters.issue"),
            "letters_form": ContestLettersForm(initial=_signer(owner)),
            "letters": letters,
        },
    )


def _nominations(contest):
    from django_scopes import scopes_disabled

    from .models import Nomination

    with scopes_disabled():
        return list(Nomination.objects.filter(contest=contest))


def _signer(owner) -> dict:
    if isinstance(owner, Organization):
        return {"signer_position": "Директор", "signer_name": owner.director_name}
    return {"signer_position": "Председатель", "signer_name": owner.chair_name}


@tenant_view(permission="contests.propose")
@idempotent
def contest_propose(request, contest_id, **tenant):
    """An organisation proposes a mentor or a pair of its base (to its own or to its
    municipality's contest); a minor needs the representative's consent."""
    organization = request.organization
    contest = selectors.contest_for(organization, contest_id)
    nominations = _nominations(contest)
    form = ProposeForm(request.POST or None, request.FILES or None, contest=contest, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nominee_propose(
                contest=contest,
                organization=organization,
                actor=request.user,
                nomination=data["nomination"],
                participant=data["participant"],
                pair=data["pair"],
                text=data["text"],
                file=data["file"],
                representative_name=data["representative_name"],
                representative_relation=data["representative_relation"],
                consent_signed_on=data["consent_signed_on"],
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            messages.success(request, _("The nominee is proposed."))
            return redirect(tenant_url(organization, "events:contest", contest_id=contest.pk))
    return render(request, "events/propose.html", {"form": form, "contest": contest})


@tenant_view(permission="contests.view")
def nominee_file(request, contest_id, nominee_id, **tenant):
    """A nominee's file: for the proposing organisation only (the committee reads no files)."""
    if request.organization is None:
        raise Http404
    contest = selectors.contest_for(request.organization, contest_id)
    nominee = get_object_or_404(
        Nominee.objects.filter(contest=contest, organization=request.organization).exclude(file=""),
        pk=nominee_id,
    )
    nominee.log("contest.nominee_file_downloaded", actor=request.user)
    return stored_file_response(nominee.file)


@tenant_view(permission="contests.score")
def contest_score(request, contest_id, **tenant):
    """The juror's sheet: points per criterion for every nominee."""
    owner = owner_of(request)
    contest = selectors.contest_for(owner, contest_id)
    if not _is_owner(contest, owner) or not contest.jury.filter(pk=request.user.pk).exists():
        raise Http404
    nominees = selectors.contest_nominees(contest, owner)
    if request.method == "POST":
        nominee = get_object_or_404(Nominee.objects.filter(contest=contest), pk=request.POST.get("nominee"))
        try:
            points = {index: int(request.POST.get(f"c{index}", "")) for index in range(len(contest.criteria))}
            services.score_record(nominee=nominee, juror=request.user, points=points)
        except ValueError:
            messages.error(request, _("Give points for every criterion as whole numbers."))
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("Your score of %(name)s is saved.") % {"name": nominee.name})
        return redirect(tenant_url(owner, "events:contest_score", contest_id=contest.pk))
    mine = selectors.juror_scores(contest, request.user)
    for nominee in nominees:
        given = mine.get(nominee.pk, {})
        nominee.my_points = {index: given.get(index, "") for index in range(len(contest.criteria))}
        nominee.scored = bool(given)
    return render(
        request,
        "events/score.html",
        {"contest": contest, "nominees": nominees, "criteria": list(enumerate(contest.criteria))},
    )


@require_POST
@tenant_view(permission="contests.manage")
def contest_advance(request, contest_id, **tenant):
    owner = owner_of(request)
    contest = selectors.contest_for(owner, contest_id)
    if not _is_owner(contest, owner):
        raise Http404
    try:
        contest = services.contest_advance(contest=contest, actor=request.user)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
    else:
        messages.success(
            request, _("The contest moved on: %(stage)s.") % {"stage": contest.get_stage_display()}
        )
    return redirect(tenant_url(owner, "events:contest", contest_id=contest.pk))


@require_POST
@tenant_view(permission="letters.issue")
def contest_letters(request, contest_id, **tenant):
    """The winners' letters (or diplomas), in one batch."""
    owner = owner_of(request)
    contest = selectors.contest_for(owner, contest_id)
    if not _is_owner(contest, owner):
        raise Http404
    form = ContestLettersForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(tenant_url(owner, "events:contest", contest_id=contest.pk))
    try:
        batch = letter_services.letters_issue(
            owner=owner,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            title=f"Победители конкурса «{contest.title}»",
            issued_on=timezone.localdate(),
            signer_position=form.cleaned_data["signer_position"],
            signer_name=form.cleaned_data["signer_name"],
            recipients=letter_services.recipients_of_contest(contest),
            contest=contest,
        )
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return redirect(tenant_url(owner, "events:contest", contest_id=contest.pk))
    return redirect(tenant_url(owner, "events:letters", batch_id=batch.pk))


@tenant_view(permission="letters.issue")
@idempotent
def letter_batches(request, **tenant):
    owner = owner_of(request)
    form = LettersForm(request.POST or None, owner=owner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = [letter_services.Recipient(name, merit) for name, merit in form.people_list()]
        if data.get("programme"):
            recipients += letter_services.recipients_of_programme(data["programme"], data["merit"])
        try:
            batch = letter_services.letters_issue(
                owner=owner,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                issued_on=data["issued_on"],
                signer_position=data["signer_position"],
                signer_name=data["signer_name"],
                recipients=recipients,
            )
        except ValidationError as error:
            form.add_error(None, validation_error_text(error))
        else:
            return redirect(tenant_url(owner, "events:letters", batch_id=batch.pk))
    return render(
        request,
        "events/letter_batches.html",
        {"form": form, "batches": list(selectors.owner_letter_batches(owner))},
    )


@tenant_view(permission="letters.issue")
def letter_batch(request, batch_id, **tenant):
    owner = owner_of(request)
    batch = selectors.owner_letter_batch(owner, batch_id)
    return render(
        request,
        "events/letter_batch.html",
        {
            "batch": batch,
            "letters": list(batch.letters.all()),
            "booklet": latest_document(batch, BOOKLET_KIND),
            "archive": latest_document(batch, ZIP_KIND),
            "can_order": request.organization is not None and request_has_permission(request, "orders.draft"),
        },
    )


@require_POST
@tenant_view(permission="letters.issue")
def letter_batch_render(request, batch_id, **tenant):
    owner = owner_of(request)
    batch = selectors.owner_letter_batch(owner, batch_id)
    letter_services.letters_render(batch=batch, actor=request.user)
    return redirect(tenant_url(owner, "events:letters", batch_id=batch.pk))


@require_POST
@tenant_view(permission="orders.draft")
def letter_batch_order(request, batch_id, **tenant):
    """The reward order drafted from the batch's list (an organisation's curator)."""
    batch = selectors.owner_letter_batch(request.organization, batch_id)
    try:
        order = letter_services.reward_order_draft(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, validation_error_text(error))
        return redirect(tenant_url(request.organization, "events:letters", batch_id=batch.pk))
    messages.success(request, _("The reward order is drafted from the list."))
    return redirect("orders:edit", org_slug=request.organization.slug, order_id=order.pk)
