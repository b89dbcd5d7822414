"""The page a participant answers by a personal link, without an account.

Not a tenant view: the token alone leads to the invitation, and the page then works inside
the invitation's organisation only. It shows the form and the respondent's first name,
nothing else of anyone. A link that cannot be answered gets a page that says why, with
404 (not a link of ours) or 410 (expired, used, closed). The token is never logged
(apps/core/redaction.py keeps it out of the request logs too).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django_scopes import scope

from . import services
from .forms import AnswerForm
from .selectors.links import invitation_by_token
from .tokens import REFERRER_POLICY, InvitationUnavailable

STATUS_BY_REASON = {InvitationUnavailable.INVALID: 404}


def _private(response):
    """No cache keeps the page, no Referer carries its path (the token) further."""
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Referrer-Policy"] = REFERRER_POLICY
    return response


def _unavailable(request, reason: str):
    response = render(
        request,
        "surveys/public_unavailable.html",
        {"reason": reason},
        status=STATUS_BY_REASON.get(reason, 410),
    )
    return _private(response)


@login_not_required
@never_cache
def answer(request, token):
    try:
        invitation = invitation_by_token(token)
    except InvitationUnavailable as unavailable:
        return _unavailable(request, unavailable.reason)

    with scope(organization=invitation.organization):
        survey_form = invitation.form
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            form=survey_form,
            questions=survey_form.questions.all(),
            role=invitation.respondent_role,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.response_submit_by_invitation(invitation=invitation, values=form.values())
            except InvitationUnavailable as unavailable:
                return _unavailable(request, unavailable.reason)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("survey_public:done")
        response = render(
            request,
            "surveys/public_answer.html",
            {
                "survey_form": survey_form,
                "form": form,
                "first_name": invitation.participant.first_name,
                "organization_name": invitation.organization.short_name,
                "about_mentor": bool(invitation.pair_id),
            },
        )
    return _private(response)


@login_not_required
def done(request):
    return render(request, "surveys/public_done.html")
