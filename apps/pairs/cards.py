"""The cards of the curator's board, written in Python: 120 cards through the template engine
(an include, a dozen variables and five translations each) were most of the board's time
(bench/bench_pages.py, docs/PERFORMANCE.md). One function for the board and for the card
htmx swaps in after a quick action; `pair` comes prepared by views._prepare_cards."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

CARD = (
    '<div class="card mb-2 pair-card" id="pair-{pk}" data-testid="pair-card"><div class="card-body p-2">'
    '<a class="fw-semibold" href="{url}">{mentor}</a>'
    '<div class="small text-body-secondary">{form}{locked}</div>'
    "{trial}{inactive}{mentor_consent}"
    '<ul class="list-unstyled small mb-1">{members}</ul>'
    "{error}{actions}"
    '<div class="small text-body-secondary mt-1" data-testid="pair-status">{status}</div>'
    "</div></div>"
)
MEMBER = '<li>→ {} <span class="text-body-secondary" title="{}">· {} {}</span>{}</li>'
BUTTON = (
    '<button class="btn btn-sm {}" hx-post="{}do/{}/" hx-target="#pair-{}" hx-swap="outerHTML"{}>{}</button>'
)


def _labels() -> dict[str, str]:
    """Every word of a card, translated once per page."""
    return {
        "locked": _("locked"),
        "after_trial": _("after the trial:"),
        "trial_undecided": _("trial held, no decision yet"),
        "inactive": _("no meeting for a long time"),
        "no_consent_on_file": _("no consent on file"),
        "compatibility_title": _("compatibility, out of 100"),
        "compatibility": _("compatibility"),
        "no_consent": _("no consent"),
        "approve": _("Approve"),
        "lock": _("Lock"),
        "unlock": _("Unlock"),
        "reject": _("Reject"),
        "start": _("Start work"),
        "complete": _("Complete"),
    }


def _actions(pair, words) -> str:
    def button(style, action, label, testid=""):
        test = format_html(' data-testid="{}"', testid) if testid else ""
        return format_html(BUTTON, style, pair.url, action, pair.pk, test, label)

    if pair.status == "proposed":
        buttons = [
            button("btn-success", "approve", words["approve"], "approve"),
            button("btn-outline-secondary", "lock", words["unlock"] if pair.locked else words["lock"]),
            button("btn-outline-danger", "reject", words["reject"]),
        ]
    elif pair.status == "approved":
        buttons = [button("btn-primary", "activate", words["start"])]
    elif pair.status == "active":
        buttons = [button("btn-outline-primary", "complete", words["complete"])]
    else:
        buttons = []
    return format_html('<div class="d-flex flex-wrap gap-1">{}</div>', mark_safe("".join(buttons)))


def _card(pair, words, can_manage: bool, error: str = "") -> str:
    locked = ""
    if pair.locked and pair.status == "proposed":
        locked = format_html(' · <span class="badge text-bg-secondary">{}</span>', words["locked"])
    trial = ""
    if pair.trial_decision:
        trial = format_html(
            '<div class="small" data-testid="trial-decision">{} {}</div>',
            words["after_trial"],
            pair.get_trial_decision_display().lower(),
        )
    elif getattr(pair, "trial_held", False) and pair.status in ("approved", "active"):
        trial = format_html(
            '<div class="small text-warning-emphasis" data-testid="trial-undecided">{}</div>',
            words["trial_undecided"],
        )
    inactive = ""
    if getattr(pair, "inactive", False):  # annotated on the board's cards only
        inactive = format_html(
            '<div class="small text-warning-emphasis" data-testid="inactive">{}</div>', words["inactive"]
        )
    mentor_consent = ""
    if not pair.mentor_consent_ok:
        mentor_consent = format_html('<div class="small text-danger">{}</div>', words["no_consent_on_file"])
    members = format_html_join(
        "",
        MEMBER,
        (
            (
                member.mentee.short_name,
                words["compatibility_title"],
                words["compatibility"],
                member.points,
                ""
                if member.consent_ok
                else format_html(' <span class="text-danger">{}</span>', words["no_consent"]),
            )
            for member in pair.current_members
        ),
    )
    return format_html(
        CARD,
        pk=pair.pk,
        url=pair.url,
        mentor=pair.mentor.short_name,
        form=pair.programme.form,
        locked=locked,
        trial=trial,
        inactive=inactive,
        mentor_consent=mentor_consent,
        members=members,
        error=format_html('<div class="alert alert-danger p-1 small mb-1" role="alert">{}</div>', error)
        if error
        else "",
        actions=_actions(pair, words) if can_manage else "",
        status=pair.get_status_display(),
    )


def pair_card(pair, *, can_manage: bool, error: str = "") -> str:
    return _card(pair, _labels(), can_manage, error)


def pair_cards(pairs, *, can_manage: bool) -> str:
    words = _labels()
    return mark_safe("".join(_card(pair, words, can_manage) for pair in pairs))
