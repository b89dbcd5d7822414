from django.urls import reverse

from apps.core.links import address_of_each


def test_each_row_gets_the_address_reverse_would_give():
    address = address_of_each("pairs:enrollment", by="enrollment_id", org_slug="licey-7", programme_id=3)
    for row_id in (1, 42, 987654321):
        expected = reverse(
            "pairs:enrollment", kwargs={"org_slug": "licey-7", "programme_id": 3, "enrollment_id": row_id}
        )
        assert address(row_id) == expected
