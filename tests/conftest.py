"""Shared fixtures. The suite runs on the real PostgreSQL and Redis; when either is
down it stops at once and says how to start them."""

import functools
import importlib
import socket
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from urllib.parse import urlparse

import pytest
from celery._state import _set_task_join_will_block
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import Workbook

from apps.organizations.roles import Role
from apps.pairs.models import (
    DevelopmentPlan,
    Enrollment,
    Meeting,
    Pair,
    PairMentee,
    PlanTask,
)
from apps.pairs.services.pairs import mentor_grant_access
from apps.participants.models import ImportRun, Participant
from apps.participants.questionnaires import questionnaires_create_standard
from apps.roadmap import services as roadmap_services
from apps.roadmap.template_library import get_template

from .factories import (
    CommitteeMembershipFactory,
    ConsentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
)
from .module_scope import built_for_module

HOW_TO_START = (
    "Start them with `docker compose up -d db redis`, or on Debian: "
    "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` and "
    '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`.'
)


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), 3):
            return True
    except OSError:
        return False


# What `flush` would delete and its post_migrate signal write again at once: the content types
# and permissions of the migrated models, the only rows of the migrated test database.
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _emptied_by_delete(original):
    """A transactional test ends with `flush`: PostgreSQL's TRUNCATE of every table costs seconds
    (each table and index gets a new file), a DELETE of the few rows a test wrote milliseconds.
    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED and the statements run in one
    transaction (execute_sql_flush), so the order of the tables does not matter; the database is
    as empty as after TRUNCATE. With reset_sequences, Django's own statements.

    The content types and permissions stay (KEPT_BY_FLUSH): deleted, post_migrate inserted the
    same ones again under new ids, most of a transactional test's teardown (0.8 of 1.1 s); kept,
    there is nothing to insert, and the database after the flush is the migrated one."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            *(f"DELETE FROM {quote(table)}" for table in tables if table not in KEPT_BY_FLUSH),
        ]

    return sql_flush


def _post_migrate_when_something_is_missing(original):
    """After `flush`, post_migrate creates the content types and permissions that are missing:
    none, as the flush kept them (KEPT_BY_FLUSH), but its look-ups of every app cost up to half a
    second. It runs as before the first time and whenever the rows it made are not all there."""
    complete = {}

    def counts(database):
        from django.db import connections

        with connections[database].cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM django_content_type), (SELECT count(*) FROM auth_permission)"
            )
            return cursor.fetchone()

    def emit_post_migrate_signal(verbosity, interactive, db, **kwargs):
        if complete.get(db) is not None and counts(db) == complete[db]:
            return
        original(verbosity, interactive, db, **kwargs)
        complete[db] = counts(db)

    return emit_post_migrate_signal


def pytest_configure(config):
    from django.core.management.commands import flush
    from django.db.backends.postgresql.operations import DatabaseOperations

    DatabaseOperations.sql_flush = _emptied_by_delete(DatabaseOperations.sql_flush)
    flush.emit_post_migrate_signal = _post_migrate_when_something_is_missing(flush.emit_post_migrate_signal)


def pytest_sessionstart(session):
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("The test suite runs on PostgreSQL: set DATABASE_URL=postgres://…", returncode=3)
    database_url = f"postgres://{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}"
    for name, url, port in (
        ("PostgreSQL", database_url, 5432),
        ("Redis", settings.CELERY_BROKER_URL, 6379),
    ):
        if not _reachable(url, port):
            pytest.exit(f"{name} is not reachable at {url}. {HOW_TO_START}", returncode=3)


# The indexes the migrations make beyond the models (by RunPython, on PostgreSQL only): the
# test database is built from the models (--no-migrations, pyproject.toml), so these are made on
# it after; tests/test_migrations.py checks that the two schemas are then the same.
MIGRATION_INDEXES = {
    "library_item_search": ("apps.library.migrations.0001_library_items", "search_index_create"),
}


def _migration_indexes_create():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        present = {name for (name,) in cursor.fetchall()}
    for name, (module, function) in MIGRATION_INDEXES.items():
        if name not in present:
            with connection.schema_editor() as editor:
                getattr(importlib.import_module(module), function)(None, editor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, with the migrations' own indexes (MIGRATION_INDEXES); and before it drops the
    test database: the sessions a thread left open on it (a live server's, an in-process
    worker's) ended, else DROP DATABASE waited 5 s and failed, leaving the database behind."""
    with django_db_blocker.unblock():
        _migration_indexes_create()
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )


# The modules that load the demo (tests/demo_world.py): the first of a process loads it
# (about 9 s), the next get it written back unless a transactional test ran in between. They
# run one after another in one process (DemoModulesTogether), which then loads it once.
DEMO_MODULES = (
    "tests/organizations/test_demo.py",
    "tests/participants/test_demo_participants.py",
    "tests/pairs/test_demo_pairs.py",
    "tests/public/test_demo_public.py",
    "tests/events/test_demo_events.py",
    "tests/library/test_demo_library.py",
    "tests/teachers/test_demo.py",
    "tests/partners/test_demo_partners.py",
    "tests/assignments/test_demo_assigned.py",
)


# The files that take longest, slowest first (their tests' times summed from a whole run's junit
# report, `--junitxml`, as .ci/run writes it). `make test` hands out whole files (`--dist
# loadfile`, so that a module's world is built once) in the order collected
# (`--no-loadscope-reorder`): these go first, and the two workers do not end on one long file
# while the other waits. After them the browser journeys, then the rest, most cases first.
SLOWEST_FILES = (
    "tests/test_isolation.py",
    "tests/test_permissions.py",
    "tests/test_embedded_default.py",
    "tests/test_celery_worker.py",
    "tests/test_migrations.py",
    # The demo modules, in one process (DemoModulesTogether).
    *DEMO_MODULES,
    "tests/participants/test_registry.py",
    "tests/participants/test_import.py",
    "tests/browser/test_content_security_policy.py",
    "tests/monitoring/test_views.py",
    "tests/surveys/test_permissions.py",
    "tests/roadmap/test_pdf.py",
    "tests/roadmap/test_views.py",
    "tests/browser/test_events_journey.py",
    "tests/test_private_responses.py",
    "tests/browser/test_journeys.py",
    "tests/test_deploy_check.py",
    "tests/surveys/test_query_counts.py",
    "tests/organizations/test_demo_growth.py",
    "tests/browser/test_mentor_journey.py",
    "tests/reminders/test_kinds.py",
)


@pytest.hookimpl(optionalhook=True)  # a hook of xdist's: absent when it is not loaded
def pytest_xdist_make_scheduler(config, log):
    """`make test`'s `--dist loadfile`, with the demo modules handed out as one unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class DemoModulesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = super()._split_scope(nodeid)
            return "demo modules" if path in DEMO_MODULES else path

    return DemoModulesTogether(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Slowest files first (see SLOWEST_FILES); a file's own cases keep their order."""
    counts = {}
    for item in items:
        counts[item.nodeid.split("::")[0]] = counts.get(item.nodeid.split("::")[0], 0) + 1

    def rank(item):
        path = item.nodeid.split("::")[0]
        if path in SLOWEST_FILES:
            return (0, SLOWEST_FILES.index(path), "")
        return (1 if path.startswith("tests/browser/") else 2, -counts[path], path)

    items.sort(key=rank)


@pytest.fixture(autouse=True)
def _no_scope_leaks():
    """Tests build data across tenants; requests still run inside TenantMiddleware's scope."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _outside_any_task():
    """Celery keeps «a task is running» as one flag for the whole process: a test worker run in
    a thread of this process (tests/test_celery_worker.py) or an eager task still running in
    the live server's thread can leave it set, and the next test's `result.get()` would be
    refused as if called inside a task."""
    _set_task_join_will_block(False)
    yield


@dataclass
class Tenant:
    """One organisation with a member of every role (alice-style personas per tenant)."""

    organization: object
    director: object
    curator: object
    staff: object
    mentor: object

    def member(self, role):
        return getattr(self, role)


def make_tenant(municipality=None, surname_prefix=None, **org_fields) -> Tenant:
    """An organisation with one member per role; `surname_prefix` makes its people's names unique."""
    municipality = municipality or MunicipalityFactory()
    organization = OrganizationFactory(municipality=municipality, **org_fields)
    people = {}
    for role in Role:
        user_fields = {"last_name": f"{surname_prefix}{role.value.title()}"} if surname_prefix else {}
        people[role.value] = MembershipFactory(
            organization=organization, role=role, user=UserFactory(**user_fields)
        ).user
    _seed_participants(organization, surname_prefix)
    return Tenant(organization=organization, **people)


@functools.cache
def _invalid_questionnaire_workbook() -> bytes:
    """A questionnaire export whose row 2 lacks the surname: the same bytes for every tenant
    (openpyxl takes 3 ms to write one, and most tests make a tenant or two)."""
    workbook = Workbook()
    for row in (["Фамилия", "Имя"], ["", "Анна"]):
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _seed_pairs(organization, mentee, surname_prefix):
    """A programme with one enrolled mentor and mentee, proposed as a pair."""
    programme = ProgrammeFactory(organization=organization)
    mentor = ParticipantFactory(
        organization=organization,
        last_name=f"{surname_prefix or 'Педагог'}Наставник",
        category="teacher",
        birth_date=date(1985, 3, 3),
        programme_role="mentor",
    )
    ConsentFactory(participant=mentor, given_by="subject", representative_name="", representative_relation="")
    for person, side in ((mentor, "mentor"), (mentee, "mentee")):
        Enrollment.objects.create(
            organization=organization,
            programme=programme,
            participant=person,
            side=side,
            selection="selected",
        )
    pair = Pair.objects.create(organization=organization, programme=programme, mentor=mentor)
    member = PairMentee.objects.create(organization=organization, pair=pair, mentee=mentee, score=50)
    plan = DevelopmentPlan.objects.create(
        organization=organization, member=member, goals="Подготовка к олимпиаде"
    )
    PlanTask.objects.create(organization=organization, plan=plan, title="Разобрать задачи прошлых лет")
    meeting = Meeting.objects.create(
        organization=organization, pair=pair, kind="organisational", held_on=date(2026, 9, 5)
    )
    meeting.attendees.set([mentor, mentee])
    return pair


def _seed_participants(organization, surname_prefix):
    """One mentee with a scanned consent, and the standard questionnaires: objects for
    every participants URL of the organisation."""
    participant = ParticipantFactory(
        organization=organization, last_name=f"{surname_prefix or 'Ученик'}Наставляемый"
    )
    ConsentFactory(participant=participant, document=ContentFile(b"%PDF-1.4 scan", name="consent.pdf"))
    questionnaires_create_standard(organization=organization)
    ImportRun.objects.create(
        organization=organization,
        original_name="anketa.xlsx",
        file=ContentFile(_invalid_questionnaire_workbook(), name="anketa.xlsx"),
        state=ImportRun.State.INVALID,
        errors=[{"row": 2, "column": "Фамилия", "message": "the value is required."}],
    )


def make_tenant_a() -> Tenant:
    return make_tenant(short_name="МБОУ «Школа Альфа»", slug="alpha", surname_prefix="Альфов")


def make_tenant_b() -> Tenant:
    """Another organisation in another municipality: nobody of A may see it."""
    return make_tenant(short_name="МБОУ «Школа Бета»", slug="beta", surname_prefix="Бетов")


@pytest.fixture
def tenant_a(request, db) -> Tenant:
    """Organisation A with one member per role; in a module built on one world
    (`pytestmark = pytest.mark.usefixtures("module_world")`), that world's A."""
    if "module_world" in request.fixturenames:
        return request.getfixturevalue("module_world").a
    return make_tenant_a()


@pytest.fixture
def tenant_b(request, db) -> Tenant:
    """Another organisation in another municipality: nobody of A may see it (the module's
    world's B, as tenant_a)."""
    if "module_world" in request.fixturenames:
        return request.getfixturevalue("module_world").b
    return make_tenant_b()


def seed_pair(tenant, surname_prefix):
    """A programme with a proposed pair whose mentor is the tenant's mentor user."""
    mentee = Participant.objects.filter(organization=tenant.organization).first()
    pair = _seed_pairs(tenant.organization, mentee, surname_prefix)
    # The tenant's mentor user is this pair's mentor: their one pair (a guardian grant).
    pair.mentor.account = tenant.mentor
    pair.mentor.save()
    mentor_grant_access(pair=pair)
    return pair


@pytest.fixture
def pairs_seeded(tenant_a, tenant_b):
    """A programme with a proposed pair in A and in B, for the tests that walk every view."""
    seed_pair(tenant_a, "Альфов")
    seed_pair(tenant_b, "Бетов")


def seed_roadmaps(tenant) -> dict:
    """The organisation's roadmap (seed 000) and its municipality's own (seed 002), each with
    evidence on an activity and a stored PDF, so that every roadmap and document page has
    something to point at."""
    from apps.documents.models import Document
    from apps.documents.services import document_request

    organization = tenant.organization
    roadmaps = {
        "organization": roadmap_services.roadmap_create(
            owner=organization,
            year=2026,
            data=get_template("lyceum7"),
            source="template",
            actor=tenant.curator,
        ),
        "municipality": roadmap_services.roadmap_create(
            owner=organization.municipality, year=2026, data=get_template("kalachinsk"), source="template"
        ),
    }
    for roadmap in roadmaps.values():
        activity = roadmap.activities.first()
        roadmap_services.activity_record_progress(
            activity=activity,
            status="done",
            actor=tenant.curator,
            evidence_note="Протокол совещания",
            evidence_file=ContentFile(b"%PDF-1.4 evidence", name="protocol.pdf"),
        )
        # A stored PDF without rendering one: this fixture runs for every walked view. In one
        # transaction, so that in a transactional test (the browser journeys) the render job,
        # sent (and run eagerly) on commit, finds the document ready and renders nothing.
        with transaction.atomic():
            document = document_request(subject=roadmap, kind="roadmap", actor=tenant.curator)
            document.file.save("roadmap.pdf", ContentFile(b"%PDF-1.7 seeded"), save=False)
            document.state = Document.State.READY
            document.save()
    return roadmaps


@pytest.fixture
def roadmaps_seeded(tenant_a, tenant_b):
    return {"a": seed_roadmaps(tenant_a), "b": seed_roadmaps(tenant_b)}


def seed_orders(tenant):
    """An approved order with an attachment, and a draft, for the pages that point at orders."""
    from apps.orders import services as order_services
    from apps.orders.models import OrderAttachment

    organization = tenant.organization
    approved = order_services.order_draft(
        organization=organization, kind="implement_model", actor=tenant.curator
    )
    OrderAttachment.objects.create(
        organization=organization,
        order=approved,
        title="Положение о наставничестве",
        file=ContentFile(b"%PDF-1.4 regulation", name="polozhenie.pdf"),
    )
    order_services.order_submit(order=approved, actor=tenant.curator)
    order_services.order_approve(order=approved, actor=tenant.director)
    draft = order_services.order_draft(organization=organization, kind="regulation", actor=tenant.curator)
    return {"approved": approved, "draft": draft}


@pytest.fixture
def orders_seeded(tenant_a, tenant_b):
    return {"a": seed_orders(tenant_a), "b": seed_orders(tenant_b)}


def seed_events(tenant) -> dict:
    """An event (with an invitation and a file), a contest (the director its juror, a nominee
    with a file) and letters, of the organisation and of its municipality: every events page
    has something to point at."""
    from apps.events.models import Event, EventMaterial, Invitation, Letter, LetterBatch, Nominee
    from apps.events.services import contests as contest_services

    organization = tenant.organization
    made = {}
    for key, owner in (("organization", organization), ("municipality", organization.municipality)):
        fields = (
            {"organization": owner, "municipality": None}
            if key == "organization"
            else {
                "organization": None,
                "municipality": owner,
            }
        )
        event = Event.objects.create(
            **fields, kind="group_meeting", title="Групповая встреча", starts_at=timezone.now(), place="Зал"
        )
        Invitation.objects.create(event=event, **fields, name="Гость Г.Г.")
        EventMaterial.objects.create(
            event=event,
            **fields,
            title="Программа",
            file=ContentFile(b"%PDF-1.4 programme", name="programme.pdf"),
        )
        contest = contest_services.contest_create(
            owner=owner,
            actor=tenant.director,
            title="Наставник года",
            year=2026,
            nominations=[("mentor_of_year", "Наставник года")],
            jury=[tenant.director],
        )
        batch = LetterBatch.objects.create(
            **fields,
            title="Благодарности",
            issued_on=date(2026, 5, 25),
            signer_position="Директор",
            signer_name="Д",
        )
        Letter.objects.create(
            batch=batch, **fields, full_name="Гость Гость", merit="за участие", number="1/2026"
        )
        made[key] = {"event": event, "contest": contest, "batch": batch}
    mentor = Participant.objects.filter(organization=organization, programme_role="mentor").first()
    contest = made["organization"]["contest"]
    Nominee.objects.create(
        contest=contest,
        nomination=contest.nominations.get(),
        organization=organization,
        participant=mentor,
        name=mentor.full_name,
        text="Подготовила призёров олимпиады",
        file=ContentFile(b"%PDF-1.4 portfolio", name="portfolio.pdf"),
    )
    return made


@pytest.fixture
def events_seeded(tenant_a, tenant_b):
    return {"a": seed_events(tenant_a), "b": seed_events(tenant_b)}


def seed_assigned(tenant, municipal_roadmap) -> dict:
    """An item of the municipality's roadmap assigned to the organisation and closed with a
    file, for the pages that point at an assigned item (and its file)."""
    from apps.assignments.models import AssignedItem
    from apps.assignments.services import item_close, items_assign

    organization = tenant.organization
    activity = (
        municipal_roadmap.activities.filter(number="1.3.").first() or municipal_roadmap.activities.first()
    )
    (item,) = items_assign(
        municipality=organization.municipality,
        activity=activity,
        organizations=[organization],
        due_on=date(2026, 11, 30),
        actor=None,
    )
    item_close(
        item=item,
        actor=tenant.curator,
        evidence_kind=AssignedItem.Evidence.FILE,
        title="Соглашение о сотрудничестве",
        file=ContentFile(b"%PDF-1.4 agreement", name="soglashenie.pdf"),
    )
    return {"item": item}


@pytest.fixture
def assigned_seeded(roadmaps_seeded, tenant_a, tenant_b):
    return {
        "a": seed_assigned(tenant_a, roadmaps_seeded["a"]["municipality"]),
        "b": seed_assigned(tenant_b, roadmaps_seeded["b"]["municipality"]),
    }


@pytest.fixture
def committee_user(tenant_a):
    # A surname no Faker name has: the committee's pages show the official's own name in the
    # navigation, and tests look for the organisation's people's surnames on them.
    return CommitteeMembershipFactory(
        municipality=tenant_a.organization.municipality, user__last_name="Комитетова"
    ).user


@pytest.fixture
def outsider(db):
    """Signed in, but a member of no organisation (charlie)."""
    return UserFactory(username="charlie")


@dataclass
class World:
    """What tenant_a, tenant_b, pairs_seeded, roadmaps_seeded and orders_seeded build."""

    a: Tenant
    b: Tenant
    roadmaps: dict
    orders: dict
    events: dict
    assigned: dict


def seed_world() -> World:
    """The two tenants with their pairs, roadmaps and orders, in the fixtures' order."""
    a, b = make_tenant_a(), make_tenant_b()
    seed_pair(a, "Альфов")
    seed_pair(b, "Бетов")
    roadmaps = {"a": seed_roadmaps(a), "b": seed_roadmaps(b)}
    orders = {"a": seed_orders(a), "b": seed_orders(b)}
    events = {"a": seed_events(a), "b": seed_events(b)}
    assigned = {
        "a": seed_assigned(a, roadmaps["a"]["municipality"]),
        "b": seed_assigned(b, roadmaps["b"]["municipality"]),
    }
    return World(a=a, b=b, roadmaps=roadmaps, orders=orders, events=events, assigned=assigned)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """seed_world built once for the module that uses it (tests/module_scope.py): its cases'
    tenant_a and tenant_b are the world's, and every case still rolls back."""
    yield from built_for_module(django_db_blocker, seed_world)
