"""Members of the team linked to people of a feature app's base (a mentor's participant record).

`organizations` imports no feature app: the app that keeps the people registers one
`PersonLinks` here from its AppConfig.ready(), and the team pages ask it
which people match a new colleague, whom a member is linked to, and what to undo when a
member leaves.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LinkedPerson:
    """A person of the base as the team page shows them: a name and their card's address."""

    key: int
    name: str
    url: str


class PersonLinks(Protocol):
    def candidates(self, *, organization, email: str, last_name: str, first_name: str) -> list[LinkedPerson]:
        """Unlinked people of the organisation with this e-mail or this surname and name."""

    def link(self, *, organization, key: int, user, actor) -> None:
        """Link the person `key` to the user (a member of the organisation)."""

    def linked(self, *, organization, user_ids) -> dict[int, LinkedPerson]:
        """The person each of these users is linked to, by user id."""

    def member_left(self, *, membership, actor) -> None:
        """The member lost access: unlink them and withdraw what the link granted."""


_registered: list[PersonLinks] = []


def register(links: PersonLinks) -> PersonLinks:
    _registered.append(links)
    return links


def registered() -> list[PersonLinks]:
    return list(_registered)
