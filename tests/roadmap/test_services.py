"""Creating roadmaps from templates and last year's, deadlines moved, overdue and progress
computed, and portal events that complete activities by themselves."""

from datetime import date

import pytest
from django.db.models import Q
from django.utils import timezone

from apps.pairs.models import Pair
from apps.pairs.services.meetings import meeting_log
from apps.pairs.services.pairs import pair_approve
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant
from apps.roadmap import services
from apps.roadmap.models import Activity, Responsible, Roadmap
from apps.roadmap.selectors import current_academic_year, progress_counts, with_state
from apps.roadmap.template_library import get_template
from tests.factories import ConsentFactory, ParticipantFactory, UserFactory


def _create(owner, key="lyceum7", year=2026, actor=None):
    return services.roadmap_create(
        owner=owner, year=year, data=get_template(key), source="template", actor=actor
    )


def test_a_template_becomes_the_roadmap_of_the_chosen_year(tenant_a):
    roadmap = _create(tenant_a.organization, year=2026)
    assert (roadmap.stages.count(), roadmap.activities.count()) == (7, 23)
    first = roadmap.activities.get(title__startswith="Изучение и систематизация")
    assert first.deadline_text == "Сентябрь 2026"
    assert (first.starts_on, first.due_on) == (date(2026, 9, 1), date(2026, 9, 30))
    meetings = roadmap.activities.filter(deadline_text__startswith="01.12.2026").first()
    assert meetings.deadline_text == "01.12.2026 – май 2027"
    assert meetings.due_on == date(2027, 5, 31)
    # Roles instead of names; the director signs «УТВЕРЖДЕНО».
    assert Responsible.objects.filter(activity__roadmap=roadmap, role="curator").exists()
    assert roadmap.approval_heading == "УТВЕРЖДЕНО"
    assert roadmap.approver_name == tenant_a.organization.director_name
    assert tenant_a.organization.short_name in roadmap.title
    assert "{organization}" not in roadmap.title


def test_the_committee_roadmap_covers_four_years(tenant_a):
    municipality = tenant_a.organization.municipality
    roadmap = _create(municipality, key="kalachinsk", year=2026)
    assert roadmap.organization is None and roadmap.period_years == 4
    assert roadmap.period_label == "2026–2030"
    assert "2026-2030" in roadmap.title


def test_one_roadmap_per_year(tenant_a):
    _create(tenant_a.organization, year=2026)
    with pytest.raises(services.RoadmapError):
        _create(tenant_a.organization, year=2026, key="gloria")
    assert Roadmap.objects.filter(organization=tenant_a.organization).count() == 1


def test_copy_of_last_year_moves_deadlines_and_clears_progress(tenant_a):
    last_year = _create(tenant_a.organization, year=2025)
    activity = last_year.activities.first()
    services.activity_record_progress(
        activity=activity, status="done", actor=tenant_a.curator, evidence_note="ok"
    )
    copy = services.roadmap_copy(roadmap=last_year, year=2026, actor=tenant_a.curator)
    assert copy.activities.count() == last_year.activities.count()
    assert not copy.activities.filter(status=Activity.Status.DONE).exists()
    assert copy.activities.first().deadline_text == "Сентябрь 2026"
    assert copy.source == Roadmap.Source.COPY and copy.source_detail == "2025–2026"
    kept = Responsible.objects.filter(activity__roadmap=copy).values_list("role", "name").order_by("pk")
    original = (
        Responsible.objects.filter(activity__roadmap=last_year).values_list("role", "name").order_by("pk")
    )
    assert list(kept) == list(original)


def test_names_written_in_a_file_are_recognised_as_members(tenant_a):
    curator = tenant_a.curator
    curator.last_name, curator.first_name, curator.patronymic = "Смирнова", "Людмила", "Михайловна"
    curator.save()
    data = {
        "stages": [
            {
                "title": "Подготовка",
                "activities": [
                    {
                        "title": "Приказ",
                        "deadline": "До 15.10.2026",
                        "responsible": [{"text": "Смирнова Л. М."}],
                    },
                    {"title": "Совет", "deadline": "", "responsible": [{"text": "Проектная группа"}]},
                ],
            }
        ]
    }
    roadmap = services.roadmap_create(owner=tenant_a.organization, year=2026, data=data, source="import")
    named, group = Responsible.objects.filter(activity__roadmap=roadmap).order_by("activity__position")
    assert named.user == curator
    assert group.user is None and group.name == "Проектная группа"


def test_overdue_is_computed_from_the_deadline_in_python_and_sql(tenant_a):
    roadmap = _create(tenant_a.organization, year=2026)
    today = date(2026, 10, 20)
    september = roadmap.activities.filter(deadline_text="Сентябрь 2026")
    done = september.first()
    services.activity_record_progress(
        activity=done,
        status="done",
        actor=tenant_a.curator,
        done_on=date(2026, 9, 20),
        evidence_note="Приказ",
    )
    started = september.last()
    services.activity_record_progress(activity=started, status="in_progress", actor=tenant_a.curator)
    states = dict(with_state(roadmap.activities.all(), today).values_list("pk", "state"))
    for activity in roadmap.activities.all():
        assert states[activity.pk] == activity.state(today), activity.title
    assert states[done.pk] == "done"
    assert states[started.pk] == "overdue"  # started, but its month is over
    later = roadmap.activities.filter(due_on__gt=today).first()
    assert states[later.pk] == "planned"
    counts = progress_counts(roadmap.activities.all(), today)
    due = roadmap.activities.filter(Q(due_on__lt=today) | Q(pk=done.pk)).count()
    assert counts["done"] == counts["on_time"] == 1
    assert counts["due"] == due and counts["overdue"] == due - 1


def test_done_late_is_not_on_time(tenant_a):
    roadmap = _create(tenant_a.organization, year=2026)
    activity = roadmap.activities.filter(deadline_text="Сентябрь 2026").first()
    services.activity_record_progress(
        activity=activity, status="done", actor=tenant_a.curator, done_on=date(2026, 10, 3), evidence_note="x"
    )
    activity.refresh_from_db()
    assert not activity.done_on_time
    assert progress_counts(roadmap.activities.filter(pk=activity.pk))["on_time"] == 0


def test_moving_an_activity_back_from_done_clears_who_and_when(tenant_a):
    activity = _create(tenant_a.organization).activities.first()
    services.activity_record_progress(
        activity=activity, status="done", actor=tenant_a.curator, evidence_note="x"
    )
    activity = services.activity_record_progress(
        activity=activity, status="in_progress", actor=tenant_a.curator
    )
    assert activity.done_on is None and activity.completed_by is None


def _this_years_roadmap(tenant, key):
    return _create(tenant.organization, key=key, year=current_academic_year())


def test_all_consents_collected_completes_the_activity(tenant_a):
    roadmap = _this_years_roadmap(tenant_a, "gloria")
    activity = roadmap.activities.get(event="consents_collected")
    participants = Participant.objects.filter(organization=tenant_a.organization)
    newcomer = ParticipantFactory(organization=tenant_a.organization, birth_date=date(2015, 1, 10))
    for person in annotate_consent_state(participants).filter(consent_ok=False).exclude(pk=newcomer.pk):
        ConsentFactory(
            participant=person, given_by="subject", representative_name="", representative_relation=""
        )
        ConsentFactory(participant=person, given_by="representative")
    activity.refresh_from_db()
    assert activity.status != Activity.Status.DONE  # the newcomer has none yet
    # The last consent: everyone is covered, the portal marks the activity done.
    ConsentFactory(participant=newcomer, given_by="representative")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.done_on == timezone.localdate()
    assert activity.evidence_link.endswith("/participants/")


@pytest.mark.usefixtures("pairs_seeded")
def test_approving_the_last_proposal_and_the_final_meetings_complete_activities(tenant_a):
    roadmap = _this_years_roadmap(tenant_a, "gloria")
    pairs_activity = roadmap.activities.get(event="pairs_approved")
    final_activity = roadmap.activities.get(event="final_event_held")  # no final event: the meetings
    pair = Pair.objects.get(organization=tenant_a.organization)
    for person in [pair.mentor, *[m.mentee for m in pair.members.all()]]:
        ConsentFactory(
            participant=person, given_by="subject", representative_name="", representative_relation=""
        )
        ConsentFactory(participant=person, given_by="representative")
    pair_approve(pair=pair, actor=tenant_a.curator)
    pairs_activity.refresh_from_db()
    assert pairs_activity.status == Activity.Status.DONE
    assert "/programmes/board/" in pairs_activity.evidence_link

    meeting_log(
        pair=pair, actor=tenant_a.mentor, kind="final", held_on=timezone.localdate(), confirm_order=True
    )
    final_activity.refresh_from_db()
    assert final_activity.status == Activity.Status.DONE


def test_events_touch_only_the_roadmap_of_the_current_year(tenant_a):
    old = _create(tenant_a.organization, key="gloria", year=current_academic_year() - 2)
    services.roadmap_mark_event(organization=tenant_a.organization, event="pairs_approved", note="x")
    assert not old.activities.filter(status=Activity.Status.DONE).exists()


def test_every_change_is_audited(tenant_a):
    from apps.audit.models import AuditEntry

    roadmap = _create(tenant_a.organization, actor=tenant_a.curator)
    activity = roadmap.activities.first()
    services.activity_record_progress(
        activity=activity, status="done", actor=tenant_a.curator, evidence_note="x"
    )
    actions = list(
        AuditEntry.objects.filter(organization=tenant_a.organization).values_list("action", flat=True)
    )
    assert "roadmap.created" in actions and "roadmap.progress_changed" in actions


def test_a_municipality_roadmap_is_audited_for_the_municipality(tenant_a):
    from apps.audit.models import AuditEntry

    committee_member = UserFactory()
    roadmap = _create(tenant_a.organization.municipality, key="kalachinsk", actor=committee_member)
    entry = AuditEntry.objects.get(action="roadmap.created", target_id=roadmap.pk)
    assert entry.organization is None and entry.municipality == tenant_a.organization.municipality


def _approve(tenant, kind):
    from apps.orders import services as order_services

    order = order_services.order_draft(organization=tenant.organization, kind=kind, actor=tenant.curator)
    # What these kinds need before they can be submitted (the director's form asks for it).
    needs = {
        "reward": {"people": [{"name": "Смирнова Л.М.", "role": "наставник"}]},
        "final_event": {"event_date": "25.05.2027", "event_place": "актовый зал"},
    }
    if kind in needs:
        order.details = {**order.details, **needs[kind]}
    if kind == "roadmap":
        order.roadmap = Roadmap.objects.filter(organization=tenant.organization).latest("academic_year")
    if kind == "curator":
        order.curator = tenant.curator
    order.save(update_fields=["details", "roadmap", "curator"])
    order_services.order_submit(order=order, actor=tenant.curator)
    return order_services.order_approve(order=order, actor=tenant.director)


def test_approving_the_orders_an_activity_names_marks_it_done(tenant_a):
    roadmap = services.roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
    )
    motivation = roadmap.activities.get(
        title="Мотивация и поощрения наставников", orders__contains=["reward"]
    )
    assert motivation.orders == ["reward", "final_event"]

    _approve(tenant_a, "reward")
    motivation.refresh_from_db()
    assert motivation.status == Activity.Status.PLANNED  # the final event's order is still to come

    final = _approve(tenant_a, "final_event")
    motivation.refresh_from_db()
    assert motivation.status == Activity.Status.DONE
    assert motivation.evidence_link == final.get_absolute_url()

    basis = roadmap.activities.get(
        title="Подготовка нормативной базы реализации целевой модели наставничества"
    )
    for kind in ("implement_model", "regulation", "roadmap"):
        _approve(tenant_a, kind)
    basis.refresh_from_db()
    assert basis.status == Activity.Status.PLANNED
    _approve(tenant_a, "curator")
    basis.refresh_from_db()
    assert basis.status == Activity.Status.DONE


@pytest.mark.parametrize("key", ["gloria", "lyceum7"])
def test_every_order_kind_a_template_names_is_a_kind_of_order(key):
    from apps.orders.models import Kind

    named = {
        kind
        for stage in get_template(key)["stages"]
        for activity in stage["activities"]
        for kind in activity.get("orders", [])
    }
    assert named and named <= set(Kind.values)


def test_the_reward_order_marks_glorias_motivation_done(tenant_a):
    roadmap = services.roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("gloria"),
        source="template",
    )
    _approve(tenant_a, "reward")
    assert roadmap.activities.get(title="Мотивация и поощрения наставников").status == Activity.Status.DONE


def _display(roadmap, title: str) -> list[str]:
    activity = roadmap.activities.filter(title=title).first()
    return [r.display_name for r in activity.responsibles.select_related("user")]


def test_the_seeds_named_people_in_the_seeds_own_organisation_and_as_members(tenant_a, tenant_b):
    lyceum = tenant_a.organization
    lyceum.short_name = "БМАОУ «Лицей № 7»"
    lyceum.save()
    curator = tenant_a.curator
    curator.last_name, curator.first_name, curator.patronymic = "Смирнова", "Лариса", "Михайловна"
    curator.save()
    template = get_template("lyceum7")

    own = services.roadmap_create(owner=lyceum, year=2026, data=template, source="template")

    assert _display(own, "Сбор данных о наставляемых") == ["Смирнова Л.М.", "Плизга С.Н."]
    entries = Responsible.objects.filter(activity__roadmap=own, name="Смирнова Л.М.")
    assert {(e.user_id, e.role) for e in entries} == {(curator.pk, "curator")}  # the member, in her role
    # Another school keeps the roles: those people do not work there.
    other = services.roadmap_create(owner=tenant_b.organization, year=2026, data=template, source="template")
    assert _display(other, "Сбор данных о наставляемых") == ["Куратор"]


def test_valuyki_activities_all_have_the_seeds_months_as_deadlines(tenant_a):
    roadmap = services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("valuyki"), source="template"
    )
    assert roadmap.activities.count() == 35
    assert not roadmap.activities.filter(due_on__isnull=True).exists()
    last = roadmap.activities.get(title__startswith="Проведение торжественного мероприятия")
    assert (last.deadline_text, last.due_on) == ("июнь текущего года", date(2027, 6, 30))


def test_glorias_title_year_moves_and_its_indicators_are_kept(tenant_a):
    roadmap = services.roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("gloria"), source="template"
    )
    assert "на 2026 – 2027 учебный год" in roadmap.title
    assert roadmap.activities.exclude(indicator="").count() >= 3
