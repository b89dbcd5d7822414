"""One wording of quotation marks and initials everywhere (#16)."""

from apps.core.text import in_quotes, person_full_name, person_short_name
from apps.orders.models import Order
from tests.factories import ParticipantFactory, UserFactory


def test_quotation_marks_never_double():
    assert in_quotes("Шаг в науку") == "«Шаг в науку»"
    assert in_quotes("«Шаг в науку»") == "«Шаг в науку»"
    assert in_quotes(' "Шаг в науку" ') == '"Шаг в науку"'
    assert str(Order(title="«Об утверждении наставнических пар»", status="draft")).startswith(
        "«Об утверждении наставнических пар» ("
    )


def test_initials_have_one_format():
    assert person_short_name("Смирнова", "Людмила", "Михайловна") == "Смирнова Л.М."
    assert person_short_name("Смирнова", "Л.", "М.") == "Смирнова Л.М."
    # A person entered by initials only is named as in the documents, not «Смирнова Л. М.».
    assert person_full_name("Смирнова", "Л.", "М.") == "Смирнова Л.М."
    assert person_full_name("Смирнова", "Л", "М") == "Смирнова Л.М."
    assert person_full_name("Смирнова", "Людмила", "Михайловна") == "Смирнова Людмила Михайловна"
    assert person_full_name("Смирнова", "Людмила", "") == "Смирнова Людмила"


def test_users_and_participants_say_the_same(db):
    user = UserFactory(last_name="Смирнова", first_name="Л.", patronymic="М.")
    participant = ParticipantFactory(last_name="Смирнова", first_name="Л.", patronymic="М.")
    assert (
        user.full_name
        == user.short_name
        == participant.full_name
        == participant.short_name
        == "Смирнова Л.М."
    )
