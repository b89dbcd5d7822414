"""A curator opens a monthly activity of the roadmap, sees its occurrences, marks the one that
is overdue done with its evidence, and sees it done on the timeline, in a real browser."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from apps.roadmap import services
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template
from tests.factories import PASSWORD


def test_curator_marks_an_occurrence_of_a_monthly_activity_done(page, sign_in, tenant_a, live_server):
    organization = tenant_a.organization
    roadmap = services.roadmap_create(
        owner=organization, year=current_academic_year() - 1, data=get_template("lyceum7"), source="template"
    )
    activity = services.activity_save(
        roadmap=roadmap,
        activity=None,
        values={
            "stage": roadmap.stages.last(),
            "title": "Ежемесячный отчёт куратора",
            "deadline": "ежемесячно",
        },
        responsible=[{"text": "Куратор", "role": "curator"}],
        actor=tenant_a.curator,
    )
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(
        live_server.url
        + reverse("roadmap:detail", kwargs={"org_slug": organization.slug, "roadmap_id": roadmap.pk})
    )
    row = page.locator(f"#activity-{activity.pk}")
    expect(row).to_contain_text("Ежемесячно")
    row.locator("a").first.click()

    occurrences = page.get_by_test_id("occurrence")
    expect(occurrences).to_have_count(12)
    expect(page.locator("[data-testid=occurrence][data-state=overdue]")).to_have_count(12)
    progress = page.get_by_test_id("progress-form")
    expect(page.get_by_role("heading", name=re.compile(r"30\.09\.\d{4}"))).to_be_visible()
    progress.locator("textarea[name=evidence_note]").fill("Отчёт за сентябрь представлен директору")
    progress.locator("button").click()
    expect(page).to_have_url(re.compile(rf"/activities/{activity.pk}/$"))
    expect(page.locator("[data-testid=occurrence][data-state=done]")).to_have_count(1)
    expect(occurrences.first).to_contain_text("Отчёт за сентябрь")
    first = activity.occurrences.first()
    assert first.done_on is not None and first.completed_by == tenant_a.curator

    # the timeline shows the months of the activity, the first one done
    page.goto(
        live_server.url
        + reverse("roadmap:timeline", kwargs={"org_slug": organization.slug, "roadmap_id": roadmap.pk})
    )
    monthly = page.get_by_test_id("timeline-row").filter(has_text="Ежемесячный отчёт куратора")
    expect(monthly.get_by_test_id("timeline-occurrence")).to_have_count(12)
    expect(monthly.locator("[data-testid=timeline-occurrence][data-state=done]")).to_have_count(1)
