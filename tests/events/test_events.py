"""Events: invitations by group, the attendance checklist (htmx), holding the event completes
its roadmap activity and the roadmap's «final event» activities; e-mails with an .ics file."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.events.models import Event, Invitation
from apps.events.services import events as services
from apps.pairs.models import Enrollment, Pair, Programme
from apps.participants.models import Participant
from apps.roadmap import services as roadmap_services
from apps.roadmap.models import Activity
from apps.roadmap.template_library import get_template


def _event(tenant, *, kind=Event.Kind.GROUP_MEETING, days=-1, **fields):
    return services.event_create(
        owner=tenant.organization,
        actor=tenant.curator,
        kind=kind,
        title=fields.pop("title", "Групповая встреча наставников и наставляемых"),
        starts_at=timezone.now() + timedelta(days=days),
        place="Актовый зал",
        **fields,
    )


@pytest.mark.usefixtures("pairs_seeded")
def test_a_programme_is_invited_once_and_mentors_only_when_asked(tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    event = _event(tenant_a, programmes=[programme])
    assert services.event_invite(event=event, actor=tenant_a.curator, via="mentors", programme=programme) == 1
    # The whole programme: the mentor is invited already, the mentee is added.
    assert (
        services.event_invite(event=event, actor=tenant_a.curator, via="programme", programme=programme) == 1
    )
    enrolled = set(Enrollment.objects.filter(programme=programme).values_list("participant_id", flat=True))
    assert set(event.invitations.values_list("participant_id", flat=True)) == enrolled
    services.event_invite(
        event=event, actor=tenant_a.curator, via="partners", names=["Петров П.П. (ООО «Завод»)"]
    )
    assert event.invitations.count() == 3
    assert AuditEntry.objects.filter(action="event.invited").count() == 3


def test_an_event_needs_a_place_or_a_link(tenant_a):
    with pytest.raises(ValidationError):
        services.event_create(
            owner=tenant_a.organization,
            actor=tenant_a.curator,
            kind="seminar",
            title="Семинар",
            starts_at=timezone.now(),
        )


@pytest.mark.usefixtures("pairs_seeded")
def test_invitees_with_an_account_get_an_email_with_an_ics_file(tenant_a, django_capture_on_commit_callbacks):
    event = _event(tenant_a, days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_invite(event=event, actor=tenant_a.curator, via="team", users=[tenant_a.director])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [tenant_a.director.email]
    filename, content, mimetype = message.attachments[0]
    assert filename == "invitation.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and f"UID:event-{event.pk}@" in content
    # A second job sends nothing twice.
    from apps.events.mail import invitation_emails_send

    assert invitation_emails_send(event.pk) == 0


@pytest.mark.usefixtures("pairs_seeded")
def test_holding_the_final_event_completes_the_linked_activity_and_the_final_event_activities(tenant_a):
    organization = tenant_a.organization
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    roadmap = roadmap_services.roadmap_create(
        owner=organization, year=year, data=get_template("gloria"), source="template", actor=tenant_a.curator
    )
    final = roadmap.activities.filter(event=Activity.Event.FINAL_EVENT_HELD)
    assert final.exists(), "004's business game is the final event"
    linked = roadmap.activities.exclude(event=Activity.Event.FINAL_EVENT_HELD).first()
    programme = Programme.objects.get(organization=organization)
    event = _event(tenant_a, kind=Event.Kind.FINAL_EVENT, activity=linked, programmes=[programme])
    services.event_invite(event=event, actor=tenant_a.curator, via="programme", programme=programme)
    first = event.invitations.first()
    services.invitation_mark(invitation=first, actor=tenant_a.curator, attended=True)
    services.event_hold(event=event, actor=tenant_a.curator, result_note="Деловая игра проведена")
    event.refresh_from_db()
    assert event.status == Event.Status.HELD
    assert set(event.invitations.values_list("attended", flat=True)) == {True, False}
    linked.refresh_from_db()
    assert linked.status == Activity.Status.DONE and linked.evidence_link == event.get_absolute_url()
    assert all(a.status == Activity.Status.DONE for a in final)
    assert "1 of 2" in linked.evidence_note or "1 из 2" in linked.evidence_note


def test_attendance_waits_for_the_event(tenant_a):
    event = _event(tenant_a, days=2)
    services.event_invite(event=event, actor=tenant_a.curator, via="team", users=[tenant_a.staff])
    with pytest.raises(ValidationError):
        services.event_hold(event=event, actor=tenant_a.curator)
    with pytest.raises(ValidationError):
        services.invitation_mark(invitation=event.invitations.get(), actor=tenant_a.curator, attended=True)


@pytest.mark.usefixtures("pairs_seeded")
def test_the_checklist_saves_a_tick_without_a_reload(client, tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    event = _event(tenant_a)
    services.event_invite(event=event, actor=tenant_a.curator, via="programme", programme=programme)
    invitation = event.invitations.first()
    client.force_login(tenant_a.curator)
    page = client.get(reverse("events:attendance", args=[tenant_a.organization.slug, event.pk]))
    assert page.status_code == 200 and invitation.name in page.content.decode()
    url = reverse("events:mark", args=[tenant_a.organization.slug, event.pk, invitation.pk])
    # htmx posts the page's form: every ticked box's id (another one's is there too).
    response = client.post(url, {"present": [str(invitation.pk), "999999"]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert (
        f'id="invitation-{invitation.pk}"' in response.content.decode()
        and "checked" in response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.attended is True
    client.post(url, {"present": ["999999"]}, HTTP_HX_REQUEST="true")
    invitation.refresh_from_db()
    assert invitation.attended is False


@pytest.mark.usefixtures("pairs_seeded")
def test_without_javascript_the_checklist_saves_every_tick_in_one_post(client, tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    event = _event(tenant_a)
    services.event_invite(event=event, actor=tenant_a.curator, via="programme", programme=programme)
    came, unticked, *rest = list(event.invitations.order_by("pk"))
    services.invitation_mark(invitation=unticked, actor=tenant_a.curator, attended=True)
    client.force_login(tenant_a.curator)
    url = reverse("events:attendance", args=[tenant_a.organization.slug, event.pk])
    body = client.get(url).content.decode()
    assert "<noscript>" in body and 'data-testid="attendance-save"' in body
    assert f'name="present" value="{came.pk}"' in body
    response = client.post(url, {"present": [str(came.pk), "junk"]}, follow=True)
    assert response.redirect_chain[-1][0] == url
    came.refresh_from_db(), unticked.refresh_from_db()
    assert came.attended is True and unticked.attended is False
    assert all(row.attended is None for row in event.invitations.exclude(pk__in=[came.pk, unticked.pk]))
    assert "2" in str(list(response.context["messages"])[0])


def test_the_attendance_page_of_500_invitees_costs_the_same_queries(
    client, tenant_a, django_assert_max_num_queries
):
    event = _event(tenant_a)
    Invitation.objects.bulk_create(
        Invitation(event=event, organization=tenant_a.organization, name=f"Гость {n:03}") for n in range(500)
    )
    client.force_login(tenant_a.curator)
    url = reverse("events:attendance", args=[tenant_a.organization.slug, event.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.content.decode().count('data-testid="attendance-row"') == 500


@pytest.mark.usefixtures("pairs_seeded")
def test_a_mentor_sees_their_invitation_in_the_portal(client, tenant_a):
    mentor = Participant.objects.get(organization=tenant_a.organization, account=tenant_a.mentor)
    event = _event(tenant_a, days=5, title="Встреча с выпускниками")
    services.event_invite(event=event, actor=tenant_a.curator, via="person", participants=[mentor])
    client.force_login(tenant_a.mentor)
    body = client.get(reverse("events:mine", args=[tenant_a.organization.slug])).content.decode()
    assert "Встреча с выпускниками" in body


def test_the_events_list_and_creation_page(client, tenant_a, django_assert_max_num_queries):
    for n in range(5):
        _event(tenant_a, title=f"Семинар {n}")
    client.force_login(tenant_a.curator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:list", args=[tenant_a.organization.slug]))
    assert response.content.decode().count('data-testid="event-row"') == 5
    response = client.post(
        reverse("events:create", args=[tenant_a.organization.slug]),
        {
            "kind": "final_event",
            "title": "Итоговое мероприятие",
            "starts_at": "2026-05-20T14:00",
            "place": "",
        },
    )
    assert response.status_code == 200 and Event.objects.filter(title="Итоговое мероприятие").count() == 0
    response = client.post(
        reverse("events:create", args=[tenant_a.organization.slug]),
        {
            "kind": "final_event",
            "title": "Итоговое мероприятие",
            "starts_at": "2026-05-20T14:00",
            "place": "Зал",
        },
    )
    event = Event.objects.get(title="Итоговое мероприятие")
    assert response.status_code == 302 and response.url == event.get_absolute_url()


@pytest.mark.usefixtures("pairs_seeded")
def test_the_final_event_target_is_measured_from_the_final_events_attendance(client, tenant_a):
    from apps.monitoring import targets

    organization = tenant_a.organization
    pair = Pair.objects.get(organization=organization)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    today = timezone.localdate()
    assert targets.compute([organization.pk], today)[organization.pk]["final_event"] == (0, 1)
    client.force_login(tenant_a.curator)
    body = client.get(reverse("monitoring:dashboard", args=[organization.slug])).content.decode()
    assert 'data-testid="final-event-source"' in body
    programme = Programme.objects.get(organization=organization)
    event = _event(tenant_a, kind=Event.Kind.FINAL_EVENT, programmes=[programme])
    services.event_invite(event=event, actor=tenant_a.curator, via="pairs", programme=programme)
    services.invitation_mark(
        invitation=event.invitations.get(participant=pair.mentor), actor=tenant_a.curator, attended=True
    )
    services.event_hold(event=event, actor=tenant_a.curator)
    assert targets.final_event_measured([organization.pk], today) == {organization.pk}
    assert targets.compute([organization.pk], today)[organization.pk]["final_event"] == (1, 1)


def test_a_committee_invites_its_organisations_curators_who_see_it_in_the_portal(
    client, tenant_a, tenant_b, committee_user, django_capture_on_commit_callbacks
):
    municipality = tenant_a.organization.municipality
    assert tenant_b.organization.municipality_id != municipality.pk
    event = services.event_create(
        owner=municipality,
        actor=committee_user,
        kind=Event.Kind.SEMINAR,
        title="Муниципальный семинар наставников",
        starts_at=timezone.now() + timedelta(days=3),
        place="Комитет по образованию",
    )
    client.force_login(committee_user)
    url = reverse("committee_events:invite", args=[municipality.slug, event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"via": "curators", "names": ""})
    assert response.status_code == 302
    invited = set(event.invitations.values_list("user_id", flat=True))
    assert invited == {tenant_a.curator.pk}
    assert [m.to for m in mail.outbox] == [[tenant_a.curator.email]]
    # The curator reads it among their invitations, marked as the committee's.
    client.force_login(tenant_a.curator)
    body = client.get(reverse("events:mine", args=[tenant_a.organization.slug])).content.decode()
    assert "Муниципальный семинар наставников" in body and municipality.committee_name in body
    # An organisation cannot invite a whole municipality's curators.
    own = _event(tenant_a, days=3)
    with pytest.raises(ValidationError):
        services.event_invite(event=own, actor=tenant_a.curator, via="curators")
