import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope

from apps.audit.models import AuditEntry
from apps.organizations.models import Membership
from apps.organizations.roles import Role


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _membership(tenant, user):
    return Membership.objects.get(organization=tenant.organization, user=user)


def test_it_adds_a_colleague_and_sends_an_invitation(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.director)
    with django_capture_on_commit_callbacks(execute=True):  # the invitation leaves after the commit
        response = client.post(
            _url(tenant_a, "organizations:member_add"),
            {
                "last_name": "Смирнова",
                "first_name": "Людмила",
                "patronymic": "Михайловна",
                "email": "smirnova@example.org",
                "username": "smirnova",
                "role": Role.CURATOR,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="smirnova")
    assert membership.organization == tenant_a.organization
    assert membership.role == Role.CURATOR
    assert not membership.user.has_usable_password()
    assert mail.outbox[0].to == ["smirnova@example.org"]
    assert "/accounts/reset/" in mail.outbox[0].body
    actions = list(
        AuditEntry.objects.filter(
            organization=tenant_a.organization, action__startswith="membership."
        ).values_list("action", flat=True)
    )
    assert actions == ["membership.invitation_sent", "membership.added"]
    # No name of the person in the audit data: the entry points at the membership.
    assert "Смирнова" not in str(AuditEntry.objects.values_list("data", flat=True))


def test_the_invitation_link_sets_a_first_password(client, tenant_a, django_capture_on_commit_callbacks):
    client.force_login(tenant_a.director)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(tenant_a, "organizations:member_add"),
            {
                "last_name": "Новикова",
                "first_name": "Анна",
                "email": "anna@example.org",
                "username": "anna",
                "role": "staff",
            },
        )
    client.logout()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/reset/") :], follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Первый-пароль-2026", "new_password2": "Первый-пароль-2026"},
    )
    response = client.post(reverse("login"), {"username": "anna", "password": "Первый-пароль-2026"})
    assert response.status_code == 302


def test_a_taken_login_is_refused_with_a_clear_message(client, tenant_a, tenant_b):
    client.force_login(tenant_a.director)
    response = client.post(
        _url(tenant_a, "organizations:member_add"),
        {
            "last_name": "Х",
            "first_name": "Y",
            "email": "x@example.org",
            "username": tenant_b.mentor.username,
            "role": "mentor",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not Membership.objects.filter(organization=tenant_a.organization, user=tenant_b.mentor).exists()


def test_it_changes_a_role_and_records_it(client, tenant_a):
    client.force_login(tenant_a.director)
    membership = _membership(tenant_a, tenant_a.mentor)
    response = client.post(
        _url(tenant_a, "organizations:member_edit", membership_id=membership.pk),
        {"role": Role.CURATOR, "is_active": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.CURATOR
    entry = AuditEntry.objects.get(action="membership.changed")
    assert entry.actor == tenant_a.director
    assert entry.data == {"role": ["mentor", "curator"]}


def test_withdrawn_access_takes_effect_at_once(client, tenant_a):
    membership = _membership(tenant_a, tenant_a.staff)
    client.force_login(tenant_a.director)
    client.post(_url(tenant_a, "organizations:member_edit", membership_id=membership.pk), {"role": "staff"})
    client.force_login(tenant_a.staff)
    assert client.get(_url(tenant_a, "organizations:home")).status_code == 404


def test_the_last_director_cannot_be_removed(client, tenant_a):
    membership = _membership(tenant_a, tenant_a.director)
    client.force_login(tenant_a.director)
    response = client.post(
        _url(tenant_a, "organizations:member_edit", membership_id=membership.pk),
        {"role": Role.CURATOR, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "at least one active director" in str(
        response.context["form"].non_field_errors()
    ) or "директор" in str(response.context["form"].non_field_errors())
    membership.refresh_from_db()
    assert membership.role == Role.DIRECTOR


def test_director_updates_the_profile(client, tenant_a):
    client.force_login(tenant_a.director)
    organization = tenant_a.organization
    response = client.post(
        _url(tenant_a, "organizations:profile"),
        {
            "full_name": "МБОУ «Школа Альфа» полное",
            "short_name": organization.short_name,
            "kind": organization.kind,
            "director_name": "Петрова П.П.",
            "address": "г. Калачинск",
            "website": "school.example.org",
            "time_zone": "Asia/Omsk",
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.director_name == "Петрова П.П."
    assert organization.website == "https://school.example.org"
    assert AuditEntry.objects.get(action="organization.profile_changed").data == {
        "fields": ["address", "director_name", "full_name", "website"]
    }


def test_director_sees_the_audit_trail(client, tenant_a):
    client.force_login(tenant_a.director)
    membership = _membership(tenant_a, tenant_a.mentor)
    client.post(
        _url(tenant_a, "organizations:member_edit", membership_id=membership.pk),
        {"role": "staff", "is_active": "on"},
    )
    page = client.get(_url(tenant_a, "audit:log"))
    assert [e.action for e in page.context["page"]][0] == "membership.changed"


def test_scoped_queries_refuse_to_run_without_a_tenant(tenant_a):
    from django_scopes.exceptions import ScopeError

    with scope(_enabled=True), pytest.raises(ScopeError):
        list(Membership.objects.all())
    with scope(organization=tenant_a.organization):
        assert {m.organization_id for m in Membership.objects.all()} == {tenant_a.organization.pk}


def test_home_shows_the_director_what_to_do_next(client, tenant_a):
    organization = tenant_a.organization
    organization.address = ""
    organization.save()
    Membership.objects.filter(organization=organization, role=Role.CURATOR).delete()
    client.force_login(tenant_a.director)
    page = client.get(_url(tenant_a, "organizations:home"))
    titles = [step.title for step in page.context["next_steps"]]
    # profile, curator, colleagues who never signed in, this year's roadmap
    assert len(titles) == 4
    assert page.context["next_steps"][1].url == _url(tenant_a, "organizations:member_add")
    assert page.context["next_steps"][3].url == _url(tenant_a, "roadmap:list")


def test_team_search_keeps_the_surname_out_of_the_url(client, tenant_a):
    client.force_login(tenant_a.director)
    url = _url(tenant_a, "organizations:members")
    response = client.post(url, {"query": tenant_a.mentor.last_name, "role": ""})
    assert response.status_code == 302 and response.url == url
    page = client.get(url)
    assert [m.user for m in page.context["page"]] == [tenant_a.mentor]
    client.post(url, {"reset": "1"})
    assert len(client.get(url).context["page"]) == 4


def test_team_filter_by_role_and_pages(client, tenant_a):
    from tests.factories import MembershipFactory

    for _ in range(60):
        MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR)
    client.force_login(tenant_a.director)
    url = _url(tenant_a, "organizations:members")
    client.post(url, {"query": "", "role": Role.MENTOR})
    first = client.get(url)
    assert first.context["page"].paginator.count == 61
    assert {m.role for m in first.context["page"]} == {Role.MENTOR}
    assert len(client.get(url, {"page": 2}).context["page"]) == 11
