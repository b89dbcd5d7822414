"""The library: Russian full-text search with tag filters, sharing with the municipality, the
committee's featuring, cases anonymised unless people consented, the public selector."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.library import selectors, services
from apps.library.models import Item
from apps.pairs.models import Programme
from apps.participants.models import Consent
from tests.conftest import make_tenant
from tests.factories import CommitteeMembershipFactory, ConsentFactory, ParticipantFactory


def _material(tenant, title="Памятка наставнику", **fields):
    fields.setdefault("description", "Как провести первую встречу наставника и наставляемого")
    return services.item_create(
        organization=tenant.organization, actor=tenant.curator, kind=Item.Kind.MATERIAL, title=title, **fields
    )


def _case(tenant, **fields):
    fields.setdefault("situation", "Ученик 7 класса не справлялся с математикой.")
    fields.setdefault("actions", "Еженедельные встречи с наставником, разбор задач.")
    fields.setdefault("results", "Оценка за четверть выросла с 3 до 4.")
    return services.item_create(
        organization=tenant.organization,
        actor=tenant.curator,
        kind=Item.Kind.CASE,
        title="Кейс пары",
        **fields,
    )


@pytest.fixture
def neighbour(tenant_a):
    """Another organisation of A's municipality."""
    return make_tenant(
        municipality=tenant_a.organization.municipality,
        short_name="МБОУ «Школа Гамма»",
        slug="gamma",
        surname_prefix="Гаммов",
    )


def test_a_russian_word_form_finds_the_item(tenant_a):
    wanted = _material(
        tenant_a,
        title="Школа наставников: программа обучения",
        description="",
        url="https://example.org/school",
    )
    _material(tenant_a, title="График мероприятий", description="Сроки и ответственные")
    for words in ["наставника", "наставникам", "обучение программ"]:
        assert [item.pk for item in selectors.search_items(tenant_a.organization, words=words)] == [wanted.pk]
    # Nonsense and operators typed by people do not break the query.
    assert selectors.search_items(tenant_a.organization, words='"(or -') == []


def test_tags_filter_and_the_title_ranks_first(tenant_a):
    in_title = _material(
        tenant_a,
        title="Анкета наставляемого",
        description="",
        url="https://example.org/anketa",
        forms=["Ученик – ученик"],
        stages=[2],
    )
    in_text = _material(tenant_a, title="Положение", description="Анкета наставляемого приложена", stages=[1])
    found = selectors.search_items(tenant_a.organization, words="анкеты")
    assert [item.pk for item in found] == [in_title.pk, in_text.pk]
    assert [i.pk for i in selectors.search_items(tenant_a.organization, stage=1)] == [in_text.pk]
    assert [i.pk for i in selectors.search_items(tenant_a.organization, form="Ученик – ученик")] == [
        in_title.pk
    ]
    assert selectors.search_items(tenant_a.organization, kind=Item.Kind.CASE) == []


def test_the_vector_follows_an_edit(tenant_a):
    item = _material(tenant_a, title="Памятка", description="Первая встреча")
    services.item_update(
        item=item, actor=tenant_a.curator, title="Памятка", description="Итоговое мероприятие"
    )
    assert selectors.search_items(tenant_a.organization, words="встреча") == []
    assert selectors.search_items(tenant_a.organization, words="итоговая") == [item]
    assert AuditEntry.objects.filter(action="library.item_changed").count() == 1


def test_shared_items_reach_the_municipality_only(tenant_a, tenant_b, neighbour):
    shared = _material(tenant_a, title="Общая памятка", visibility=Item.Visibility.MUNICIPALITY)
    private = _material(tenant_a, title="Своя памятка")
    assert set(selectors.search_items(tenant_a.organization)) == {shared, private}
    assert selectors.search_items(neighbour.organization) == [shared]
    assert selectors.search_items(tenant_a.organization.municipality) == [shared]
    assert selectors.search_items(tenant_b.organization) == []
    assert selectors.search_items(tenant_b.organization.municipality) == []


def test_the_committee_features_a_shared_item_first(tenant_a, neighbour):
    older = _material(neighbour, title="Первая", visibility=Item.Visibility.MUNICIPALITY)
    _material(tenant_a, title="Вторая", visibility=Item.Visibility.MUNICIPALITY)
    committee_user = CommitteeMembershipFactory(municipality=tenant_a.organization.municipality).user
    services.item_feature(item=older, actor=committee_user, featured=True)
    assert selectors.search_items(tenant_a.organization)[0] == older
    private = _material(tenant_a, title="Своя")
    with pytest.raises(ValidationError):
        services.item_feature(item=private, actor=committee_user, featured=True)
    assert AuditEntry.objects.filter(action="library.item_featured").count() == 1


def test_a_case_is_anonymised_and_names_nobody_of_its_pair(tenant_a):
    from tests.conftest import seed_pair

    pair = seed_pair(tenant_a, "Кейсов")
    with pytest.raises(ValidationError, match=pair.mentor.last_name):
        _case(tenant_a, pair=pair, results=f"{pair.mentor.last_name} помог ученику.")
    case = _case(tenant_a, pair=pair)
    assert case.anonymised and not case.named_people.exists()


def test_naming_people_needs_consents_by_age(tenant_a):
    child = ParticipantFactory(organization=tenant_a.organization, last_name="Детский")  # 12 years old
    ConsentFactory(participant=child, given_by=Consent.GivenBy.SUBJECT)  # not the representative's
    with pytest.raises(ValidationError, match="Детский"):
        _case(tenant_a, anonymised=False, named_people=[child])
    with pytest.raises(ValidationError):
        _case(tenant_a, anonymised=False)  # names nobody
    ConsentFactory(participant=child, given_by=Consent.GivenBy.REPRESENTATIVE)
    case = _case(tenant_a, anonymised=False, named_people=[child], published=True)
    assert list(case.named_people.all()) == [child]
    # Naming people keeps it in the organisation: the committee never reads personal data.
    with pytest.raises(ValidationError):
        services.item_update(
            item=case, actor=tenant_a.curator, named_people=[child], visibility=Item.Visibility.MUNICIPALITY
        )


def test_public_items_are_published_and_consented(tenant_a, django_assert_max_num_queries):
    child = ParticipantFactory(organization=tenant_a.organization, last_name="Детский")
    consent = ConsentFactory(participant=child, given_by=Consent.GivenBy.REPRESENTATIVE)
    published = _material(tenant_a, title="Опубликованная", published=True)
    _material(tenant_a, title="Черновик")
    anonymous_case = _case(tenant_a, published=True)
    named_case = _case(tenant_a, anonymised=False, named_people=[child], published=True)
    with django_assert_max_num_queries(1):
        items = selectors.public_items(tenant_a.organization)
    assert set(items) == {published, anonymous_case, named_case}
    consent.revoked_on = consent.signed_on
    consent.save()
    assert set(selectors.public_items(tenant_a.organization)) == {published, anonymous_case}


def test_a_shared_programme_is_copied_into_own_programmes(tenant_a, neighbour):
    item = services.item_create(
        organization=neighbour.organization,
        actor=neighbour.curator,
        kind=Item.Kind.PROGRAMME,
        title="Программа «Успешный старт»",
        description="Цели: адаптация молодых специалистов.",
        forms=["Учитель – учитель"],
        visibility=Item.Visibility.MUNICIPALITY,
    )
    programme = services.programme_copy(item=item, organization=tenant_a.organization, actor=tenant_a.curator)
    assert programme.organization == tenant_a.organization
    assert programme.form.name == "Учитель – учитель" and programme.goals.startswith("Цели")
    assert Programme.objects.filter(organization=neighbour.organization).count() == 0


def test_the_list_costs_the_same_queries_for_many_items(
    client, tenant_a, neighbour, django_assert_max_num_queries
):
    for n in range(30):  # 60 items: two pages of 50
        _material(tenant_a, title=f"Памятка наставнику {n}", forms=["Учитель – ученик"], stages=[6])
        _material(
            neighbour,
            title=f"График соседей {n}",
            description="Сроки",
            visibility=Item.Visibility.MUNICIPALITY,
        )
    client.force_login(tenant_a.curator)
    url = reverse("library:list", args=[tenant_a.organization.slug])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('data-testid="library-item"') == 50
    with django_assert_max_num_queries(14):
        response = client.get(url + "?page=2")
    assert response.content.decode().count('data-testid="library-item"') == 10
    # A search is kept in the session and answered with a redirect (no words in the URL).
    response = client.post(url, {"words": "наставника", "kind": "", "form": "", "stage": ""})
    assert response.status_code == 302 and response.url == url
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert body.count('data-testid="library-item"') == 30


def test_a_curator_adds_a_material_with_a_file_and_a_neighbour_downloads_it(client, tenant_a, neighbour):
    client.force_login(tenant_a.curator)
    url = reverse("library:create", args=[tenant_a.organization.slug]) + "?kind=material"
    upload = SimpleUploadedFile("pamyatka.pdf", b"%PDF-1.4 pamyatka", content_type="application/pdf")
    response = client.post(
        url,
        {
            "title": "Памятка",
            "description": "",
            "url": "",
            "file": upload,
            "visibility": "municipality",
            "stages": ["6"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(organization=tenant_a.organization)
    assert item.stages == [6] and item.is_shared
    client.force_login(neighbour.director)
    file_url = reverse("library:file", args=[neighbour.organization.slug, item.pk])
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 pamyatka"
    # Read-only for the neighbour: its edit page is a 404.
    assert client.get(reverse("library:edit", args=[neighbour.organization.slug, item.pk])).status_code == 404


def test_a_file_of_a_refused_type_is_a_message_and_nothing_is_added(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("library:create", args=[tenant_a.organization.slug]) + "?kind=material"
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"title": "Памятка", "file": upload, "visibility": "organization"})
    assert response.status_code == 200
    assert "не принимаются" in response.content.decode() or "not accepted" in response.content.decode()
    assert not Item.objects.exists()


def test_the_committee_reads_shared_items_only_and_features_by_post(client, tenant_a):
    municipality = tenant_a.organization.municipality
    committee_user = CommitteeMembershipFactory(municipality=municipality).user
    shared = _material(tenant_a, title="Общая", visibility=Item.Visibility.MUNICIPALITY)
    private = _material(tenant_a, title="Своя")
    client.force_login(committee_user)
    base = f"/m/{municipality.slug}/library/"
    body = client.get(base).content.decode()
    assert "Общая" in body and "Своя" not in body
    assert client.get(f"{base}{private.pk}/").status_code == 404
    assert client.get(f"{base}{shared.pk}/feature/").status_code == 405
    response = client.post(f"{base}{shared.pk}/feature/", {"featured": "1"})
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.featured
    client.post(f"{base}{shared.pk}/feature/", {"featured": "0"})
    shared.refresh_from_db()
    assert not shared.featured
    # An organisation's director is no committee member.
    client.force_login(tenant_a.director)
    assert client.get(base).status_code == 404


def test_a_named_case_shows_its_names_to_its_organisation_only(client, tenant_a, neighbour):
    adult = ParticipantFactory(
        organization=tenant_a.organization, last_name="Взрослова", category="teacher", birth_date=None
    )
    ConsentFactory(participant=adult, given_by=Consent.GivenBy.SUBJECT)
    case = _case(tenant_a, anonymised=False, named_people=[adult])
    client.force_login(tenant_a.curator)
    assert (
        "Взрослова"
        in client.get(reverse("library:detail", args=[tenant_a.organization.slug, case.pk])).content.decode()
    )
    client.force_login(neighbour.curator)
    assert (
        client.get(reverse("library:detail", args=[neighbour.organization.slug, case.pk])).status_code == 404
    )


def test_double_submit_creates_one_item(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("library:create", args=[tenant_a.organization.slug]) + "?kind=programme"
    page = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {
        "title": "Программа",
        "description": "Цели и задачи",
        "visibility": "organization",
        "form_token": token,
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Item.objects.filter(organization=tenant_a.organization).count() == 1


def test_a_case_takes_its_pair_and_people_from_its_own_organisation(tenant_a, tenant_b):
    from tests.conftest import seed_pair

    pair_of_b = seed_pair(tenant_b, "Чужов")
    with pytest.raises(ValidationError):
        _case(tenant_a, pair=pair_of_b)
    person_of_b = ParticipantFactory(organization=tenant_b.organization)
    ConsentFactory(participant=person_of_b, given_by=Consent.GivenBy.REPRESENTATIVE)
    with pytest.raises(ValidationError):
        _case(tenant_a, anonymised=False, named_people=[person_of_b])


def test_a_mentor_reads_a_named_case_without_the_names(client, tenant_a):
    adult = ParticipantFactory(
        organization=tenant_a.organization, last_name="Взрослова", category="teacher", birth_date=None
    )
    ConsentFactory(participant=adult, given_by=Consent.GivenBy.SUBJECT)
    case = _case(tenant_a, anonymised=False, named_people=[adult])
    client.force_login(tenant_a.mentor)
    body = client.get(reverse("library:detail", args=[tenant_a.organization.slug, case.pk])).content.decode()
    assert "Кейс пары" in body and "Взрослова" not in body


def test_a_neighbours_curator_copies_a_shared_programme_from_its_page(client, tenant_a, neighbour):
    item = services.item_create(
        organization=tenant_a.organization,
        actor=tenant_a.curator,
        kind=Item.Kind.PROGRAMME,
        title="Программа «Ученик – ученик»",
        description="Старшие помогают младшим.",
        forms=["Ученик – ученик"],
        visibility=Item.Visibility.MUNICIPALITY,
    )
    client.force_login(neighbour.curator)
    detail = reverse("library:detail", args=[neighbour.organization.slug, item.pk])
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(detail).content.decode()).group(1)
    response = client.post(
        reverse("library:copy", args=[neighbour.organization.slug, item.pk]), {"form_token": token}
    )
    programme = Programme.objects.get(organization=neighbour.organization)
    assert response.status_code == 302 and response.url.endswith(f"/programmes/{programme.pk}/")
    assert programme.title == item.title


def test_a_person_anonymised_by_retention_takes_the_case_off_the_website(tenant_a):
    from apps.participants.retention import anonymise

    adult = ParticipantFactory(
        organization=tenant_a.organization, last_name="Взрослова", category="teacher", birth_date=None
    )
    ConsentFactory(participant=adult, given_by=Consent.GivenBy.SUBJECT)
    case = _case(tenant_a, anonymised=False, named_people=[adult], published=True)
    anonymise(adult, "consent revoked")
    case.refresh_from_db()
    assert not case.published and not case.named_people.exists()
    assert AuditEntry.objects.filter(action="library.case_withdrawn").count() == 1


def test_one_public_item_is_published_or_a_404(tenant_a, tenant_b):
    from django.http import Http404

    published = _material(tenant_a, title="Опубликованная", published=True)
    draft = _material(tenant_a, title="Черновик")
    assert selectors.public_item(tenant_a.organization, published.pk) == published
    for organization, item in ((tenant_a.organization, draft), (tenant_b.organization, published)):
        with pytest.raises(Http404):
            selectors.public_item(organization, item.pk)


def test_the_committee_reads_a_shared_case_without_its_pair(client, tenant_a):
    from tests.conftest import seed_pair

    pair = seed_pair(tenant_a, "Кейсов")
    case = _case(tenant_a, pair=pair, visibility=Item.Visibility.MUNICIPALITY)
    municipality = tenant_a.organization.municipality
    client.force_login(CommitteeMembershipFactory(municipality=municipality).user)
    body = client.get(f"/m/{municipality.slug}/library/{case.pk}/").content.decode()
    assert "Ученик 7 класса" in body and pair.mentor.last_name not in body
