"""A pair's meetings as HTML, written in Python: 40 meetings with their feedback through the
template engine were most of the mentor's page (bench/bench_pages.py, docs/PERFORMANCE.md).
The mentor's page and the curator's pair page show the same list; where feedback can be given
(`feedback_url_name`), a meeting that misses some carries the form to record it."""

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core.idempotency import FIELD, new_token
from apps.core.links import address_of_each

MEETING = (
    '<li class="border-top py-2" data-testid="meeting">'
    '<div class="d-flex justify-content-between flex-wrap gap-1"><strong>{kind}</strong>{by_curator}'
    '<span class="small text-body-secondary">{held_on}{where}</span></div>'
    '{notes}<ul class="small list-unstyled mb-1">{feedback}</ul>{missing}</li>'
)
FEEDBACK = "<li>★ {} — {}{}{}</li>"
FEEDBACK_FORM = (
    '<form method="post" action="{action}" class="row g-2 align-items-end mt-1" data-testid="feedback-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="{token_field}" value="{token}">'
    '<div class="col-12 col-sm-4"><label class="form-label small mb-0" for="fb-author-{pk}">{whose}</label>'
    '<select name="author" id="fb-author-{pk}" class="form-select form-select-sm">{authors}</select></div>'
    '<div class="col-5 col-sm-2"><label class="form-label small mb-0" for="fb-rating-{pk}">{rating}</label>'
    '<select name="rating" id="fb-rating-{pk}" class="form-select form-select-sm" required>'
    '<option value="" selected>—</option><option value="5">5</option><option value="4">4</option>'
    '<option value="3">3</option><option value="2">2</option><option value="1">1</option></select></div>'
    '<div class="col-12 col-sm-4">'
    '<label class="form-label small mb-0" for="fb-comment-{pk}">{comment}</label>'
    '<input name="comment" id="fb-comment-{pk}" class="form-control form-control-sm"></div>'
    '<div class="col-12 col-sm-2"><button type="submit" class="btn btn-sm btn-outline-primary w-100" '
    'data-testid="give-feedback">{save}</button></div></form>'
)


def meetings_html(request, pair, meetings, *, feedback_url_name: str | None = None) -> str:
    """`meetings` as selectors.meetings_of returns them (with `feedback_given`, `missing_feedback`)."""
    if not meetings:
        return format_html(
            '<ul class="list-unstyled" data-testid="meetings">'
            '<li class="text-body-secondary small">{}</li></ul>',
            _("No meetings yet."),
        )
    words = {
        "by_curator": _("entered by the curator"),
        "online": _("online"),
        "missing": _("No feedback yet from:"),
        "whose": _("Whose feedback"),
        "rating": _("Rating"),
        "comment": _("Comment"),
        "save": _("Save"),
    }
    feedback_url = None
    if feedback_url_name:
        feedback_url = address_of_each(
            feedback_url_name, by="meeting_id", org_slug=request.organization.slug, pair_id=pair.pk
        )
        csrf = get_token(request)
    rows = []
    for meeting in meetings:
        missing = ""
        if meeting.missing_feedback:
            missing = format_html(
                '<div class="small text-danger" data-testid="feedback-missing">{} {}</div>',
                words["missing"],
                ", ".join(person.short_name for person in meeting.missing_feedback),
            )
            if feedback_url:
                missing += format_html(
                    FEEDBACK_FORM,
                    action=feedback_url(meeting.pk),
                    csrf=csrf,
                    token_field=FIELD,
                    token=new_token(),
                    pk=meeting.pk,
                    authors=format_html_join(
                        "",
                        '<option value="{}">{}</option>',
                        ((p.pk, p.short_name) for p in meeting.missing_feedback),
                    ),
                    **words,
                )
        if meeting.online:
            where = format_html(" · {}", words["online"])
        elif meeting.place:
            where = format_html(" · {}", meeting.place)
        else:
            where = ""
        rows.append(
            format_html(
                MEETING,
                kind=meeting.get_kind_display(),
                by_curator=format_html(
                    ' <span class="badge text-bg-light border" data-testid="entered-by-curator">{}</span>',
                    words["by_curator"],
                )
                if meeting.entered_by_curator
                else "",
                held_on=meeting.held_on.strftime("%d.%m.%Y"),
                where=where,
                notes=format_html('<div class="small">{}</div>', linebreaksbr(meeting.notes, autoescape=True))
                if meeting.notes
                else "",
                feedback=format_html_join(
                    "",
                    FEEDBACK,
                    (
                        (
                            feedback.rating,
                            feedback.author.short_name,
                            format_html(": {}", feedback.comment) if feedback.comment else "",
                            format_html(' <span class="text-body-secondary">({})</span>', words["by_curator"])
                            if feedback.entered_by_curator
                            else "",
                        )
                        for feedback in meeting.feedback_given
                    ),
                ),
                missing=missing,
            )
        )
    return format_html('<ul class="list-unstyled" data-testid="meetings">{}</ul>', mark_safe("".join(rows)))
