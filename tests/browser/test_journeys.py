"""User journeys of the foundation, walked in a real browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.conftest import make_tenant
from tests.factories import PASSWORD, MembershipFactory


def test_curator_signs_in_and_sees_the_home_page(page, sign_in, tenant_a):
    sign_in(tenant_a.curator.username, PASSWORD)
    expect(page).to_have_url(re.compile(r"/o/alpha/$"))
    expect(page.get_by_role("heading", name="МБОУ «Школа Альфа»")).to_be_visible()
    expect(page.get_by_test_id("role")).to_have_text("Куратор")
    expect(page.get_by_role("heading", name="Что сделать дальше")).to_be_visible()
    # A curator manages no team: no link to the organisation profile or the audit trail.
    expect(page.get_by_role("link", name="Журнал изменений")).to_have_count(0)


def test_director_signs_in_and_sees_what_to_do_next(page, sign_in, tenant_a):
    organization = tenant_a.organization
    organization.address = ""
    organization.save()
    sign_in(tenant_a.director.username, PASSWORD)
    expect(page.get_by_test_id("role")).to_have_text("Директор")
    expect(page.get_by_test_id("next-step").first).to_contain_text("Заполните")
    page.get_by_role("link", name="Заполнить сведения").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/profile/$"))
    page.fill("input[name=address]", "646900, г. Калачинск, ул. Школьная, 1")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text("Сведения сохранены")
    expect(page.get_by_test_id("next-step").filter(has_text="Заполните")).to_have_count(0)


def test_director_adds_a_colleague(page, sign_in, tenant_a):
    sign_in(tenant_a.director.username, PASSWORD)
    page.get_by_role("link", name="Команда", exact=True).first.click()
    page.get_by_role("link", name="Добавить коллегу").click()
    page.fill("input[name=last_name]", "Смирнова")
    page.fill("input[name=first_name]", "Людмила")
    page.fill("input[name=patronymic]", "Михайловна")
    page.fill("input[name=email]", "smirnova@example.org")
    page.fill("input[name=username]", "smirnova")
    page.select_option("select[name=role]", "curator")
    page.get_by_role("button", name=re.compile("Добавить")).click()
    expect(page.get_by_role("alert")).to_contain_text("Смирнова Людмила Михайловна")
    expect(page.get_by_test_id("member-row").filter(has_text="Смирнова")).to_contain_text("Куратор")
    assert mail.outbox[-1].to == ["smirnova@example.org"]


def test_a_user_switches_between_organizations(page, sign_in, tenant_a):
    other = make_tenant(short_name="МБОУ «Школа Дельта»", slug="delta")
    MembershipFactory(user=tenant_a.curator, organization=other.organization, role="mentor")
    sign_in(tenant_a.curator.username, PASSWORD)
    expect(page.get_by_role("heading", name="Где вы работаете сегодня?")).to_be_visible()
    page.get_by_role("link", name=re.compile("Школа Альфа")).click()
    expect(page.get_by_test_id("role")).to_have_text("Куратор")
    page.get_by_test_id("workplace-switcher").click()
    page.get_by_role("link", name=re.compile("Школа Дельта")).click()
    expect(page).to_have_url(re.compile(r"/o/delta/$"))
    expect(page.get_by_test_id("role")).to_have_text("Наставник")
    # The next visit to "/" returns to the last workplace.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/o/delta/$"))


def test_committee_member_sees_the_dashboard(page, sign_in, tenant_a, committee_user):
    sign_in(committee_user.username, PASSWORD)
    expect(page).to_have_url(re.compile(rf"/m/{tenant_a.organization.municipality.slug}/$"))
    expect(page.get_by_test_id("organization-row")).to_contain_text("МБОУ «Школа Альфа»")
    expect(page.locator("body")).not_to_contain_text(tenant_a.curator.last_name)


def test_wrong_password_gets_a_clear_message_and_english_is_one_click_away(page, tenant_a):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", tenant_a.curator.username)
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("правильные имя пользователя и пароль")
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("heading", name="Sign in to the mentoring portal")).to_be_visible()


def test_sign_out(page, sign_in, tenant_a):
    sign_in(tenant_a.staff.username, PASSWORD)
    expect(page.get_by_test_id("role")).to_have_text("Сотрудник")
    page.locator(".nav-link.dropdown-toggle").last.click()
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/o/alpha/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/o/alpha/$"))
