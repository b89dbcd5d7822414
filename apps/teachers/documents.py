"""The ППН and the supplementary agreement as PDFs, through the documents' renderer registry."""

from apps.documents.renderers import Rendered, register

from .models import AGREEMENT_PDF, PROGRAMME_PDF, PersonalisedProgramme, SupplementaryAgreement


@register(PROGRAMME_PDF, permission="pairs.view")
def render_programme(programme: PersonalisedProgramme) -> Rendered:
    organization = programme.organization
    approved = programme.status == PersonalisedProgramme.Status.APPROVED
    return Rendered(
        template_name="teachers/programme_pdf.html",
        context={"programme": programme, "organization": organization, "letterhead": organization.full_name},
        filename=f"ppn-{programme.pair_id}.pdf",
        archival=approved,
    )


@register(AGREEMENT_PDF, permission="pairs.view")
def render_agreement(agreement: SupplementaryAgreement) -> Rendered:
    organization = agreement.organization
    consent = agreement.consent
    return Rendered(
        template_name="teachers/agreement_pdf.html",
        context={
            "agreement": agreement,
            "consent": consent,
            "mentor": consent.mentor,
            "organization": organization,
            "letterhead": organization.full_name,
        },
        filename=f"dopsoglashenie-{agreement.number.replace('/', '-')}.pdf",
        archival=True,
    )
