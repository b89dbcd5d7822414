"""The home page's «no consent» step uses the filter's own words and opens the registry
filtered by them (#16)."""

from django.urls import reverse

from apps.participants.forms import RegistryFilterForm
from tests.factories import ParticipantFactory


def test_the_home_page_step_opens_the_filtered_registry(client, tenant_a):
    organization = tenant_a.organization
    lacking = ParticipantFactory.create_batch(3, organization=organization)
    client.force_login(tenant_a.curator)
    home = client.get(reverse("organizations:home", kwargs={"org_slug": organization.slug})).content.decode()
    registry = reverse("participants:list", kwargs={"org_slug": organization.slug})
    assert f'href="{registry}?consent=missing"' in home
    label = dict(RegistryFilterForm().fields["consent"].choices)["missing"]
    assert str(label) == "Согласие отсутствует"
    assert f"«{label}»" in home and "Согласия нет" not in home

    opened = client.get(registry, {"consent": "missing"})
    assert opened.status_code == 302 and opened.url == registry  # the filter kept, the address clean
    page = client.get(registry)
    assert page.context["filters"]["consent"].value() == "missing"
    shown = {p.pk for p in page.context["page"]}
    assert {p.pk for p in lacking} <= shown
