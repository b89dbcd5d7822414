"""The curator's and the director's survey pages, and a signed-in participant's own surveys."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent, mark_handled
from apps.organizations.views_base import tenant_view
from apps.pairs.models import Programme
from apps.questions import editor
from apps.questions.models import Question

from . import services
from .forms import AnswerForm, InviteForm, SurveyFormForm
from .models import SurveyForm
from .selectors.anonymity import ANONYMITY_THRESHOLD
from .selectors.overview import programme_overview, response_counts_by_programme
from .selectors.own_surveys import own_surveys
from .selectors.recipients import programme_recipients
from .selectors.results import programme_results
from .tokens import REFERRER_POLICY, InvitationUnavailable


def _posted(request):
    """The submitted data, or None on GET: an empty submission still shows its errors."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _ensure_standard_forms(request) -> None:
    """The portal ships its forms: an organisation that has none gets the standard ones."""
    if not SurveyForm.objects.filter(organization=request.organization).exists():
        services.forms_create_standard(request.organization, actor=request.user)


@tenant_view(permission="surveys.view")
def index(request, org_slug):
    """Programmes and how many survey responses each has."""
    programmes = list(Programme.objects.filter(organization=request.organization).select_related("form"))
    counts = response_counts_by_programme(organization=request.organization)
    for programme in programmes:
        programme.survey_responses = counts.get(programme.pk, 0)
    return render(request, "surveys/index.html", {"programmes": programmes})


# --- Forms and their questions (the curator) ------------------------------------------------


@tenant_view(permission="surveys.manage")
def form_list(request, org_slug):
    _ensure_standard_forms(request)
    forms = SurveyForm.objects.filter(organization=request.organization).prefetch_related(
        "question_set__questions"
    )
    return render(request, "surveys/form_list.html", {"forms": forms})


def _urls(org_slug, form_id) -> editor.EditorUrls:
    def question_url(name):
        return lambda question_id: reverse(
            f"surveys:{name}",
            kwargs={"org_slug": org_slug, "form_id": form_id, "survey_question_id": question_id},
        )

    return editor.EditorUrls(
        back=reverse("surveys:form", kwargs={"org_slug": org_slug, "form_id": form_id}),
        add=reverse("surveys:question_add", kwargs={"org_slug": org_slug, "form_id": form_id}),
        edit=question_url("question"),
        move=question_url("question_move"),
        delete=question_url("question_delete"),
    )


def _question(form_id, question_id):
    return get_object_or_404(
        Question.objects.select_related("question_set"), pk=question_id, question_set__survey_form__pk=form_id
    )


@tenant_view(permission="surveys.manage")
def form_edit(request, org_slug, form_id):
    """The form's wording, and its questions in the one question editor (apps/questions)."""
    survey_form = get_object_or_404(SurveyForm.objects.select_related("question_set"), pk=form_id)
    form = SurveyFormForm(_posted(request), instance=SurveyForm.objects.get(pk=survey_form.pk))
    if request.method == "POST" and form.is_valid():
        services.form_update(
            form=survey_form, actor=request.user, **{k: form.cleaned_data[k] for k in services.FORM_FIELDS}
        )
        messages.success(request, _("The changes are saved."))
        return redirect("surveys:form", org_slug=org_slug, form_id=survey_form.pk)
    return render(
        request,
        "surveys/form_edit.html",
        {
            "survey_form": survey_form,
            "form": form,
            "editor": editor.editor_context(survey_form.question_set, _urls(org_slug, survey_form.pk)),
        },
    )


@tenant_view(permission="surveys.manage")
@idempotent
def question_add(request, org_slug, form_id):
    survey_form = get_object_or_404(SurveyForm.objects.select_related("question_set"), pk=form_id)
    return editor.add_page(
        request,
        question_set=survey_form.question_set,
        urls=_urls(org_slug, survey_form.pk),
        owner_title=survey_form.title,
    )


@tenant_view(permission="surveys.manage")
def question_edit(request, org_slug, form_id, survey_question_id):
    question = _question(form_id, survey_question_id)
    return editor.edit_page(
        request,
        question=question,
        urls=_urls(org_slug, form_id),
        owner_title=question.question_set.owner.title,
    )


@require_POST
@tenant_view(permission="surveys.manage")
def question_move(request, org_slug, form_id, survey_question_id):
    question = _question(form_id, survey_question_id)
    return editor.move(request, question=question, urls=_urls(org_slug, form_id))


@tenant_view(permission="surveys.manage")
def question_delete(request, org_slug, form_id, survey_question_id):
    """An answered question stays (the results keep its answers): the page says why."""
    question = _question(form_id, survey_question_id)
    return editor.delete_page(request, question=question, urls=_urls(org_slug, form_id))


# --- A programme: links and results -----------------------------------------------------------


@tenant_view(permission="surveys.view")
def programme_detail(request, org_slug, programme_id):
    """The forms of a programme: links sent and answered, responses per stage."""
    programme = get_object_or_404(Programme.objects.select_related("form"), pk=programme_id)
    return render(
        request,
        "surveys/programme.html",
        {"programme": programme, "rows": programme_overview(programme=programme)},
    )


@tenant_view(permission="surveys.manage")
@idempotent
def invite(request, org_slug, programme_id):
    """Create personal links for members of the programme's pairs; the page shows them once
    to copy (the portal keeps no token) and e-mails those who have an address."""
    programme = get_object_or_404(Programme.objects.select_related("form"), pk=programme_id)
    _ensure_standard_forms(request)
    recipients = programme_recipients(programme)
    form = InviteForm(_posted(request), organization=request.organization, recipients=recipients)
    batch = None
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.invitations_create(
                programme=programme,
                form=form.cleaned_data["form"],
                stage=form.cleaned_data["stage"],
                recipients=form.chosen(),
                valid_days=form.cleaned_data["valid_days"],
                actor=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("survey_public:answer", kwargs={"token": token})
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
    links = []
    if batch is not None:
        mark_handled(request)  # the links are shown once: sending the form again creates none
        links = [
            {
                "recipient": link.recipient,
                "url": request.build_absolute_uri(
                    reverse("survey_public:answer", kwargs={"token": link.token})
                ),
                "emailed": link.emailed,
            }
            for link in batch.issued
        ]
    response = render(
        request,
        "surveys/invite.html",
        {"programme": programme, "form": form, "batch": batch, "links": links, "recipients": recipients},
    )
    # The links are personal: no cache and no Referer may carry them further.
    response.headers["Referrer-Policy"] = REFERRER_POLICY
    return response


@tenant_view(permission="surveys.view")
def results(request, org_slug, programme_id, form_id):
    programme = get_object_or_404(Programme.objects.select_related("form"), pk=programme_id)
    survey_form = get_object_or_404(SurveyForm, pk=form_id)
    return render(
        request,
        "surveys/results.html",
        {
            "programme": programme,
            "survey_form": survey_form,
            "results": programme_results(survey_form, programme),
            "threshold": ANONYMITY_THRESHOLD,
        },
    )


# --- A signed-in participant's own surveys ------------------------------------------------------


@tenant_view(permission="organization.view")
def my_surveys(request, org_slug):
    surveys = own_surveys(organization=request.organization, user=request.user)
    return render(request, "surveys/my_surveys.html", {"surveys": surveys})


@tenant_view(permission="organization.view")
def my_answer(request, org_slug, programme_id, form_id):
    """Answer a form signed in: only a member of the programme's pairs whom the form asks."""
    surveys = [
        s
        for s in own_surveys(organization=request.organization, user=request.user)
        if s.programme.pk == programme_id and s.form.pk == form_id
    ]
    if not surveys:
        raise Http404(_("Not found, or you have no access."))
    survey = next((s for s in surveys if not s.answered), surveys[0])
    if survey.answered:
        messages.info(request, _("You have already answered this form. Thank you!"))
        return redirect("surveys:mine", org_slug=org_slug)
    form = AnswerForm(
        _posted(request), form=survey.form, questions=survey.form.questions.all(), role=survey.role
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_signed_in(survey=survey, values=form.values(), actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        except InvitationUnavailable:
            messages.info(request, _("You have already answered this form. Thank you!"))
            return redirect("surveys:mine", org_slug=org_slug)
        else:
            messages.success(request, _("Thank you! Your answers are saved."))
            return redirect("surveys:mine", org_slug=org_slug)
    return render(request, "surveys/my_answer.html", {"survey": survey, "form": form})
