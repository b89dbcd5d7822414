"""The PDFs of events and letters (apps.documents kinds): the printable invitations of the
invitees without an account, the letters of a batch as one booklet, and as a zip of single
letters."""

from apps.documents.renderers import Rendered, register

from .models import Event, LetterBatch

INVITATIONS_KIND = "event_invitations"
BOOKLET_KIND = "letters"
ZIP_KIND = "letters_zip"


def _heading(row) -> dict:
    """The organisation's or the committee's heading and who signs."""
    if row.organization_id:
        organization = row.organization
        return {
            "heading": organization.full_name,
            "address": organization.address,
            "letterhead": organization.short_name,
        }
    municipality = row.municipality
    return {
        "heading": municipality.committee_name,
        "address": municipality.name,
        "letterhead": municipality.committee_name,
    }


@register(INVITATIONS_KIND, permission="events.view")
def render_invitations(event: Event) -> Rendered:
    invitations = list(event.invitations.filter(user__isnull=True).order_by("name", "pk"))
    return Rendered(
        template_name="events/invitations_pdf.html",
        context={"event": event, "invitations": invitations, **_heading(event)},
        filename=f"priglasheniya-{event.pk}.pdf",
    )


def _letters_context(batch: LetterBatch) -> dict:
    return {"batch": batch, "letters": list(batch.letters.all()), **_heading(batch)}


@register(BOOKLET_KIND, permission="letters.issue")
def render_letters(batch: LetterBatch) -> Rendered:
    return Rendered(
        template_name="events/letters_pdf.html",
        context=_letters_context(batch),
        filename=f"pisma-{batch.pk}.pdf",
    )


@register(ZIP_KIND, permission="letters.issue")
def render_letters_zip(batch: LetterBatch) -> Rendered:
    context = _letters_context(batch)
    parts = tuple(
        (f"letter-{letter.pk}", f"{letter.number.replace('/', '-')}.pdf") for letter in context["letters"]
    )
    return Rendered(
        template_name="events/letters_pdf.html",
        context=context,
        filename=f"pisma-{batch.pk}.zip",
        parts=parts,
    )
